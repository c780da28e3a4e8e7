import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, RuleError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { laterStage, touchCase } from './case-version.js';
import { can } from './cases.policy.js';
import { oneOf, RISK_LEVELS } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.assessed': { assessmentId: string; riskLevel: string };
  }
}

export const SAFETY_QUESTIONS = ['riskToLife', 'emergencyMedical', 'controllerPresent', 'safePlaceTonight'] as const;
export const NEEDS = ['shelter', 'medical', 'psychosocial', 'legal', 'food_clothing', 'documents', 'family_contact', 'education', 'livelihood', 'interpretation', 'financial'] as const;
/** Risk and protective factors at the four levels of IOM's Determinants of Migrant Vulnerability model (DOMAIN.md §2.1). */
export const LEVELS = {
  individual: { risk: ['prior_abuse', 'health_condition', 'irregular_status', 'debt', 'low_education'], protective: ['skills_education', 'good_health', 'legal_status', 'coping'] },
  household: { risk: ['family_violence', 'family_involved', 'household_poverty', 'dependants'], protective: ['supportive_family', 'household_income'] },
  community: { risk: ['stigma', 'trafficker_presence', 'discrimination'], protective: ['community_support', 'services_access'] },
  structural: { risk: ['conflict_insecurity', 'weak_protection', 'restrictive_migration'], protective: ['legal_protection', 'social_protection'] },
} as const;
export type Level = keyof typeof LEVELS;
export const LEVEL_NAMES = Object.keys(LEVELS) as Level[];

const tri = () => Type.Optional(oneOf(['yes', 'no', 'unknown'] as const));
const codes = (values: readonly string[]) => Type.Array(oneOf(values), { maxItems: values.length });

export const AssessmentBody = Type.Object({
  assessedOn: Type.String({ format: 'date', maxLength: 10 }),
  riskToLife: tri(),
  emergencyMedical: tri(),
  controllerPresent: tri(),
  safePlaceTonight: tri(),
  needs: codes(NEEDS),
  individualRisk: codes(LEVELS.individual.risk),
  individualProtective: codes(LEVELS.individual.protective),
  householdRisk: codes(LEVELS.household.risk),
  householdProtective: codes(LEVELS.household.protective),
  communityRisk: codes(LEVELS.community.risk),
  communityProtective: codes(LEVELS.community.protective),
  structuralRisk: codes(LEVELS.structural.risk),
  structuralProtective: codes(LEVELS.structural.protective),
  riskLevel: oneOf(RISK_LEVELS),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
});

/** The first assessment is the immediate safety check; one after screening is the needs and risk assessment. */
function nextStage(stage: string): string {
  if (stage === 'intake' || stage === 'safety') return 'consent';
  if (stage === 'screening') return laterStage(stage, 'assessment');
  return stage;
}

/** Records an assessment; repeated over the life of the case. A risk to life can never be rated below high. */
export async function recordAssessment(ctx: AppContext, actor: AuthUser, record: CaseRow, v: Static<typeof AssessmentBody>): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  if (v.riskToLife === 'yes' && v.riskLevel !== 'high') throw new ValidationError({ riskLevel: 'cases.assessments.riskToLifeHigh' });
  const id = newId();
  const factors = Object.fromEntries(
    LEVEL_NAMES.map((l) => [l, { risk: v[`${l}Risk` as const] as string[], protective: v[`${l}Protective` as const] as string[] }]),
  );
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_assessments')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        assessed_on: v.assessedOn,
        safety: JSON.stringify(Object.fromEntries(SAFETY_QUESTIONS.map((q) => [q, v[q] ?? 'unknown']))),
        needs: JSON.stringify(v.needs),
        factors: JSON.stringify(factors),
        risk_level: v.riskLevel,
        notes_enc: v.notes ? await ctx.keys.encrypt(record.office_id, v.notes, `case_assessments.notes:${id}`, tx) : null,
        assessed_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await touchCase(tx, record.id, { risk_level: v.riskLevel, stage: nextStage(record.stage) });
    await recordEvent(tx, { type: 'case.assessed', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { assessmentId: id, riskLevel: v.riskLevel } });
  });
  return id;
}

export async function assessments(ctx: AppContext, caseId: string) {
  const rows = await ctx.db.selectFrom('case_assessments').selectAll().where('case_id', '=', caseId).orderBy('assessed_on', 'desc').orderBy('id', 'desc').execute();
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      safetyObj: JSON.parse(r.safety) as Record<string, string>,
      needList: JSON.parse(r.needs) as string[],
      factorObj: JSON.parse(r.factors) as Record<Level, { risk: string[]; protective: string[] }>,
      notes: r.notes_enc ? await ctx.keys.decrypt<string>(r.notes_enc, `case_assessments.notes:${r.id}`) : '',
    })),
  );
}
