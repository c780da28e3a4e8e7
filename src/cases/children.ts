import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { touchCase, updateCaseChecked } from './case-version.js';
import { can } from './cases.policy.js';
import type { PersonIdentity } from './cases.service.js';
import type { CaseRow } from './cases.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.age_status_set': { ageStatus: string; isChild: boolean };
    'case.guardian_appointed': { guardianId: string; kind: string };
    'case.guardian_ended': { guardianId: string };
    'case.bia_recorded': { assessmentId: string };
    'case.bid_submitted': { determinationId: string; question: string; decision: string };
    'case.bid_reviewed': { determinationId: string; status: 'approved' | 'rejected' };
    'case.family_assessed': { assessmentId: string; outcome: string };
  }
}

export const AGE_STATUSES = ['documented', 'claimed', 'presumed_minor', 'assessed', 'unknown'] as const;
export const GUARDIAN_KINDS = ['legal_guardian', 'parent', 'social_welfare', 'appointed_representative'] as const;
export const BID_QUESTIONS = ['durable_solution', 'temporary_care', 'separation'] as const;
export const BID_DECISIONS = ['return', 'local_integration', 'resettlement', 'interim_care', 'other'] as const;
export const FAMILY_OUTCOMES = ['positive', 'negative', 'inconclusive'] as const;

export interface ChildGates {
  isChild: boolean;
  hasGuardian: boolean;
  bidApproved: boolean;
  familyAssessed: boolean;
}

/** Where a child's case stands on the safeguards that gate a durable solution (DOMAIN.md §5). */
export async function childGates(db: Executor, caseId: string): Promise<ChildGates> {
  const record = await db.selectFrom('cases').select(['is_child']).where('id', '=', caseId).executeTakeFirst();
  const guardian = await db.selectFrom('case_guardians').select('id').where('case_id', '=', caseId).where('ended_on', 'is', null).executeTakeFirst();
  // The latest determination about a durable solution is the one that counts: a later rejection withdraws an approval.
  const bid = await db
    .selectFrom('case_best_interests_determinations')
    .select(['status'])
    .where('case_id', '=', caseId)
    .where('question', '=', 'durable_solution')
    .where('status', 'in', ['approved', 'rejected'])
    .orderBy('reviewed_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const family = await db.selectFrom('case_family_assessments').select('id').where('case_id', '=', caseId).executeTakeFirst();
  return {
    isChild: Number(record?.is_child ?? 0) === 1,
    hasGuardian: !!guardian,
    bidApproved: bid?.status === 'approved',
    familyAssessed: !!family,
  };
}

/**
 * The gate before any durable solution step (return, local integration, resettlement) of a child's case:
 * a guardian in office, an approved best-interests determination, and a family assessment. Adults pass.
 */
export async function assertDurableSolutionAllowed(db: Executor, record: CaseRow): Promise<void> {
  const gates = await childGates(db, record.id);
  if (!gates.isChild) return;
  if (!gates.hasGuardian) throw new RuleError('CHILD_GUARDIAN_REQUIRED', 'cases.children.gate.guardian');
  if (!gates.bidApproved) throw new RuleError('CHILD_BID_REQUIRED', 'cases.children.gate.bid');
  if (!gates.familyAssessed) throw new RuleError('CHILD_FAMILY_ASSESSMENT_REQUIRED', 'cases.children.gate.family');
}

function ageFrom(identity: PersonIdentity, today = new Date()): number | undefined {
  if (identity.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(identity.birthDate)) {
    const b = new Date(`${identity.birthDate}T00:00:00Z`);
    if (!Number.isNaN(b.getTime())) {
      let age = today.getUTCFullYear() - b.getUTCFullYear();
      const m = today.getUTCMonth() - b.getUTCMonth();
      if (m < 0 || (m === 0 && today.getUTCDate() < b.getUTCDate())) age--;
      return age;
    }
  }
  return typeof identity.estimatedAge === 'number' ? identity.estimatedAge : undefined;
}

/**
 * Whether the case is treated as a child's. The presumption of minority: when there are grounds to think the person
 * may be under 18, they are a child while age is checked; an assessed range counts by its lower bound (benefit of
 * the doubt).
 */
export function presumeChild(ageStatus: string, identity: PersonIdentity, doubt: boolean): { isChild: boolean; ageStatus: string } {
  if (doubt && ageStatus !== 'documented') return { isChild: true, ageStatus: ageStatus === 'assessed' ? 'assessed' : 'presumed_minor' };
  if (ageStatus === 'presumed_minor') return { isChild: true, ageStatus };
  const age = ageFrom(identity);
  if (age === undefined) return { isChild: false, ageStatus };
  return { isChild: age < 18, ageStatus };
}

export interface AgeInput {
  ageStatus: (typeof AGE_STATUSES)[number];
  birthDate?: string | undefined;
  estimatedAge?: number | undefined;
  doubt: boolean;
  version: number;
}

export async function setAgeStatus(ctx: AppContext, actor: AuthUser, record: CaseRow, input: AgeInput): Promise<{ isChild: boolean }> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  // Decrypted before the transaction: an uncached key is read on the key ring's own connection.
  const identity: PersonIdentity = record.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(record.identity_enc, `cases.identity:${record.id}`) : {};
  return inTransaction(ctx.db, async (tx) => {
    if (input.birthDate !== undefined) identity.birthDate = input.birthDate;
    if (input.estimatedAge !== undefined) identity.estimatedAge = input.estimatedAge;
    const r = presumeChild(input.ageStatus, identity, input.doubt);
    await updateCaseChecked(tx, record.id, input.version, {
      age_status: r.ageStatus,
      is_child: r.isChild ? 1 : 0,
      identity_enc: await ctx.keys.encrypt(record.office_id, identity, `cases.identity:${record.id}`, tx),
    });
    await recordEvent(tx, {
      type: 'case.age_status_set',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { ageStatus: r.ageStatus, isChild: r.isChild },
    });
    return { isChild: r.isChild };
  });
}

export interface GuardianDetails {
  name: string;
  organisation?: string | undefined;
  contact?: string | undefined;
}

export async function appointGuardian(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  input: { kind: string; appointedOn: string; details: GuardianDetails },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_guardians')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        kind: input.kind,
        details_enc: await ctx.keys.encrypt(record.office_id, input.details, `case_guardians.details:${id}`, tx),
        appointed_on: input.appointedOn,
        ended_on: null,
        recorded_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await touchCase(tx, record.id);
    await recordEvent(tx, {
      type: 'case.guardian_appointed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { guardianId: id, kind: input.kind },
    });
  });
  return id;
}

export async function endGuardian(ctx: AppContext, actor: AuthUser, record: CaseRow, guardianId: string, version: number): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const r = await tx
      .updateTable('case_guardians')
      .set({ ended_on: nowIso().slice(0, 10), version: version + 1 })
      .where('id', '=', guardianId)
      .where('case_id', '=', record.id)
      .where('version', '=', version)
      .where('ended_on', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const exists = await tx.selectFrom('case_guardians').select('id').where('id', '=', guardianId).where('case_id', '=', record.id).executeTakeFirst();
      if (!exists) throw new NotFoundError();
      throw new StaleVersionError();
    }
    await touchCase(tx, record.id);
    await recordEvent(tx, {
      type: 'case.guardian_ended',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { guardianId },
    });
  });
}

export async function recordBestInterestsAssessment(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  input: { assessedOn: string; childHeard: boolean; summary: string },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_best_interests_assessments')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        assessed_on: input.assessedOn,
        child_heard: input.childHeard ? 1 : 0,
        summary_enc: await ctx.keys.encrypt(record.office_id, input.summary, `case_bia.summary:${id}`, tx),
        recorded_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await touchCase(tx, record.id);
    await recordEvent(tx, {
      type: 'case.bia_recorded',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { assessmentId: id },
    });
  });
  return id;
}

export async function submitDetermination(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  input: { question: string; decision: string; panel: string[]; rationale: string; decidedOn: string },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  // A determination is a panel's: a single decision-maker is not a best-interests procedure.
  if (input.panel.length < 2) throw new RuleError('BID_PANEL_REQUIRED', 'cases.children.bid.panelRequired');
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_best_interests_determinations')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        question: input.question,
        panel: JSON.stringify(input.panel),
        decision: input.decision,
        rationale_enc: await ctx.keys.encrypt(record.office_id, input.rationale, `case_bid.rationale:${id}`, tx),
        status: 'submitted',
        decided_on: input.decidedOn,
        recorded_by: actor.id,
        reviewed_by: null,
        reviewed_at: null,
        created_at: nowIso(),
      })
      .execute();
    await touchCase(tx, record.id);
    await recordEvent(tx, {
      type: 'case.bid_submitted',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { determinationId: id, question: input.question, decision: input.decision },
    });
  });
  return id;
}

/** A supervisor approves or rejects a submitted determination; nobody reviews their own. */
export async function reviewDetermination(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  determinationId: string,
  approve: boolean,
  version: number,
): Promise<void> {
  if (!can(actor, 'decide', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const row = await tx
      .selectFrom('case_best_interests_determinations')
      .selectAll()
      .where('id', '=', determinationId)
      .where('case_id', '=', record.id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError();
    if (row.status !== 'submitted') throw new RuleError('BID_ALREADY_REVIEWED', 'cases.children.bid.alreadyReviewed');
    if (row.recorded_by === actor.id) throw new RuleError('BID_OWN_REVIEW', 'cases.children.bid.ownReview');
    const status = approve ? 'approved' : 'rejected';
    const r = await tx
      .updateTable('case_best_interests_determinations')
      .set({ status, reviewed_by: actor.id, reviewed_at: nowIso(), version: version + 1 })
      .where('id', '=', determinationId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
    await touchCase(tx, record.id);
    await recordEvent(tx, {
      type: 'case.bid_reviewed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { determinationId, status },
    });
  });
}

export async function recordFamilyAssessment(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  input: { assessedOn: string; familyAgrees: string; familyAble: string; outcome: string; notes?: string | undefined },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_family_assessments')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        assessed_on: input.assessedOn,
        family_agrees: input.familyAgrees,
        family_able: input.familyAble,
        outcome: input.outcome,
        notes_enc: input.notes ? await ctx.keys.encrypt(record.office_id, input.notes, `case_family.notes:${id}`, tx) : null,
        recorded_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await touchCase(tx, record.id);
    await recordEvent(tx, {
      type: 'case.family_assessed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { assessmentId: id, outcome: input.outcome },
    });
  });
  return id;
}

/** Everything the child tab shows, decrypted. */
export async function childRecords(ctx: AppContext, caseId: string) {
  const db = ctx.db;
  const guardians = await db.selectFrom('case_guardians').selectAll().where('case_id', '=', caseId).orderBy('appointed_on', 'desc').execute();
  const bias = await db
    .selectFrom('case_best_interests_assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('assessed_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const bids = await db.selectFrom('case_best_interests_determinations').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').execute();
  const families = await db.selectFrom('case_family_assessments').selectAll().where('case_id', '=', caseId).orderBy('assessed_on', 'desc').execute();
  return {
    guardians: await Promise.all(
      guardians.map(async (g) => ({ ...g, details: await ctx.keys.decrypt<GuardianDetails>(g.details_enc, `case_guardians.details:${g.id}`) })),
    ),
    bias: await Promise.all(bias.map(async (b) => ({ ...b, summary: await ctx.keys.decrypt<string>(b.summary_enc, `case_bia.summary:${b.id}`) }))),
    bids: await Promise.all(
      bids.map(async (b) => ({
        ...b,
        panelList: JSON.parse(b.panel) as string[],
        rationale: await ctx.keys.decrypt<string>(b.rationale_enc, `case_bid.rationale:${b.id}`),
      })),
    ),
    families: await Promise.all(
      families.map(async (f) => ({ ...f, notes: f.notes_enc ? await ctx.keys.decrypt<string>(f.notes_enc, `case_family.notes:${f.id}`) : '' })),
    ),
  };
}
