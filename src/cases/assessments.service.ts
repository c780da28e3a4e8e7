import type { Static } from '@sinclair/typebox';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, RuleError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './assessments.repository.js';
import { laterStage } from './case-values.js';
import { touchCase } from './cases.repository.js';
import { can } from './cases.policy.js';
import { type AssessmentBody, LEVEL_NAMES, type Level, SAFETY_QUESTIONS } from './assessments.schema.js';
import type { CaseRow } from './cases.table.js';
import { assessmentNotesKeyLabel } from './person.js';
import { recordCaseEvent } from './case-events.js';

export { AssessmentBody, LEVEL_NAMES, LEVELS, type Level, NEEDS, SAFETY_QUESTIONS } from './assessments.schema.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.assessed': { assessmentId: string; riskLevel: string };
  }
}

/** The first assessment is the immediate safety check; one after screening is the needs and risk assessment. */
function nextStage(stage: string): string {
  if (stage === 'intake' || stage === 'safety') return 'consent';
  if (stage === 'screening') return laterStage(stage, 'assessment');
  return stage;
}

/** Records an assessment; repeated over the life of the case. A risk to life can never be rated below high. */
export async function recordAssessment(
  ctx: AppContext,
  { actor, record, v }: { actor: AuthUser; record: CaseRow; v: Static<typeof AssessmentBody> },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  if (v.riskToLife === 'yes' && v.riskLevel !== 'high') throw new ValidationError({ riskLevel: 'cases.assessments.riskToLifeHigh' });
  const id = newId();
  const factors = Object.fromEntries(
    LEVEL_NAMES.map((l) => [l, { risk: v[`${l}Risk` as const] as string[], protective: v[`${l}Protective` as const] as string[] }]),
  );
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertAssessment(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      assessed_on: v.assessedOn,
      safety: JSON.stringify(Object.fromEntries(SAFETY_QUESTIONS.map((q) => [q, v[q] ?? 'unknown']))),
      needs: JSON.stringify(v.needs),
      factors: JSON.stringify(factors),
      risk_level: v.riskLevel,
      notes_enc: v.notes ? await ctx.keys.encrypt(record.office_id, v.notes, { aad: assessmentNotesKeyLabel(id), db: tx }) : null,
      assessed_by: actor.id,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id, { risk_level: v.riskLevel, stage: nextStage(record.stage) });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.assessed', data: { assessmentId: id, riskLevel: v.riskLevel } });
  });
  return id;
}

export async function assessments(ctx: AppContext, caseId: string) {
  const rows = await repo.assessmentRows(ctx.db, caseId);
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      safetyObj: JSON.parse(r.safety) as Record<string, string>,
      needList: JSON.parse(r.needs) as string[],
      factorObj: JSON.parse(r.factors) as Record<Level, { risk: string[]; protective: string[] }>,
      notes: r.notes_enc ? await ctx.keys.decrypt<string>(r.notes_enc, assessmentNotesKeyLabel(r.id)) : '',
    })),
  );
}
