import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { presumeChild } from './age.policy.js';
import { type AGE_STATUSES, isClosedStatus } from './case-values.js';
import * as repo from './children.repository.js';
import { caseChildFlag, touchCase, updateCaseChecked } from './cases.repository.js';
import { can } from './cases.policy.js';
import type { CaseRow } from './cases.table.js';
import { biaKeyLabel, bidKeyLabel, familyNotesKeyLabel, guardianKeyLabel, identityKeyLabel, type PersonIdentity } from './person.js';
import { recordCaseEvent } from './case-events.js';

export { ageFrom, presumeChild } from './age.policy.js';

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

export { AGE_STATUSES, BID_DECISIONS, BID_QUESTIONS, FAMILY_OUTCOMES, GUARDIAN_KINDS } from './case-values.js';

export interface ChildGates {
  isChild: boolean;
  hasGuardian: boolean;
  bidApproved: boolean;
  familyAssessed: boolean;
}

/** Where a child's case stands on the safeguards that gate a durable solution (DOMAIN.md §5). */
export async function childGates(db: Executor, caseId: string): Promise<ChildGates> {
  const record = await caseChildFlag(db, caseId);
  const hasGuardian = await repo.hasActiveGuardian(db, caseId);
  const bid = await repo.latestDurableSolutionDetermination(db, caseId);
  const familyAssessed = await repo.hasFamilyAssessment(db, caseId);
  return { isChild: Number(record?.is_child ?? 0) === 1, hasGuardian, bidApproved: bid?.status === 'approved', familyAssessed };
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

export interface AgeInput {
  ageStatus: (typeof AGE_STATUSES)[number];
  birthDate?: string | undefined;
  estimatedAge?: number | undefined;
  doubt: boolean;
  version: number;
}

export async function setAgeStatus(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: AgeInput },
): Promise<{ isChild: boolean }> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  // Decrypted before the transaction: an uncached key is read on the key ring's own connection.
  const identity: PersonIdentity = record.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(record.identity_enc, identityKeyLabel(record.id)) : {};
  return inTransaction(ctx.db, async (tx) => {
    if (input.birthDate !== undefined) identity.birthDate = input.birthDate;
    if (input.estimatedAge !== undefined) identity.estimatedAge = input.estimatedAge;
    const r = presumeChild(input.ageStatus, identity, input.doubt);
    await updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: input.version,
      changes: {
        age_status: r.ageStatus,
        is_child: r.isChild ? 1 : 0,
        identity_enc: await ctx.keys.encrypt(record.office_id, identity, { aad: identityKeyLabel(record.id), db: tx }),
      },
    });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.age_status_set', data: { ageStatus: r.ageStatus, isChild: r.isChild } });
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
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: { kind: string; appointedOn: string; details: GuardianDetails } },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertGuardian(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      kind: input.kind,
      details_enc: await ctx.keys.encrypt(record.office_id, input.details, { aad: guardianKeyLabel(id), db: tx }),
      appointed_on: input.appointedOn,
      ended_on: null,
      recorded_by: actor.id,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.guardian_appointed', data: { guardianId: id, kind: input.kind } });
  });
  return id;
}

export async function endGuardian(
  ctx: AppContext,
  { actor, record, guardianId, version }: { actor: AuthUser; record: CaseRow; guardianId: string; version: number },
): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const r = await repo.endGuardianRow(tx, { caseId: record.id, guardianId, version });
    if (r === 'missing') throw new NotFoundError();
    if (r === 'stale') throw new StaleVersionError();
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.guardian_ended', data: { guardianId } });
  });
}

export async function recordBestInterestsAssessment(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: { assessedOn: string; childHeard: boolean; summary: string } },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertBestInterestsAssessment(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      assessed_on: input.assessedOn,
      child_heard: input.childHeard ? 1 : 0,
      summary_enc: await ctx.keys.encrypt(record.office_id, input.summary, { aad: biaKeyLabel(id), db: tx }),
      recorded_by: actor.id,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.bia_recorded', data: { assessmentId: id } });
  });
  return id;
}

export async function submitDetermination(
  ctx: AppContext,
  {
    actor,
    record,
    input,
  }: { actor: AuthUser; record: CaseRow; input: { question: string; decision: string; panel: string[]; rationale: string; decidedOn: string } },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  // A determination is a panel's: a single decision-maker is not a best-interests procedure.
  if (input.panel.length < 2) throw new RuleError('BID_PANEL_REQUIRED', 'cases.children.bid.panelRequired');
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertDetermination(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      question: input.question,
      panel: JSON.stringify(input.panel),
      decision: input.decision,
      rationale_enc: await ctx.keys.encrypt(record.office_id, input.rationale, { aad: bidKeyLabel(id), db: tx }),
      status: 'submitted',
      decided_on: input.decidedOn,
      recorded_by: actor.id,
      reviewed_by: null,
      reviewed_at: null,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, {
      actorId: actor.id,
      record,
      type: 'case.bid_submitted',
      data: { determinationId: id, question: input.question, decision: input.decision },
    });
  });
  return id;
}

/** The panel list of a determination as typed: one name a line (or separated by commas), at most 20. */
export function panelFrom(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((x) => x.trim())
    .filter(Boolean)
    .slice(0, 20);
}

/** A supervisor approves or rejects a submitted determination; nobody reviews their own. */
export async function reviewDetermination(
  ctx: AppContext,
  { actor, record, determinationId, approve, version }: { actor: AuthUser; record: CaseRow; determinationId: string; approve: boolean; version: number },
): Promise<void> {
  if (!can(actor, 'decide', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const row = await repo.findDetermination(tx, record.id, determinationId);
    if (!row) throw new NotFoundError();
    if (row.status !== 'submitted') throw new RuleError('BID_ALREADY_REVIEWED', 'cases.children.bid.alreadyReviewed');
    if (row.recorded_by === actor.id) throw new RuleError('BID_OWN_REVIEW', 'cases.children.bid.ownReview');
    const status = approve ? 'approved' : 'rejected';
    if (!(await repo.reviewDeterminationRow(tx, { determinationId, version, status, reviewerId: actor.id }))) throw new StaleVersionError();
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.bid_reviewed', data: { determinationId, status } });
  });
}

export async function recordFamilyAssessment(
  ctx: AppContext,
  {
    actor,
    record,
    input,
  }: { actor: AuthUser; record: CaseRow; input: { assessedOn: string; familyAgrees: string; familyAble: string; outcome: string; notes?: string | undefined } },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertFamilyAssessment(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      assessed_on: input.assessedOn,
      family_agrees: input.familyAgrees,
      family_able: input.familyAble,
      outcome: input.outcome,
      notes_enc: input.notes ? await ctx.keys.encrypt(record.office_id, input.notes, { aad: familyNotesKeyLabel(id), db: tx }) : null,
      recorded_by: actor.id,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.family_assessed', data: { assessmentId: id, outcome: input.outcome } });
  });
  return id;
}

/** Everything the child tab shows, decrypted. */
export async function childRecords(ctx: AppContext, caseId: string) {
  const { guardians, bias, bids, families } = await repo.childRecordRows(ctx.db, caseId);
  return {
    guardians: await Promise.all(
      guardians.map(async (g) => ({ ...g, details: await ctx.keys.decrypt<GuardianDetails>(g.details_enc, guardianKeyLabel(g.id)) })),
    ),
    bias: await Promise.all(bias.map(async (b) => ({ ...b, summary: await ctx.keys.decrypt<string>(b.summary_enc, biaKeyLabel(b.id)) }))),
    bids: await Promise.all(
      bids.map(async (b) => ({
        ...b,
        panelList: JSON.parse(b.panel) as string[],
        rationale: await ctx.keys.decrypt<string>(b.rationale_enc, bidKeyLabel(b.id)),
      })),
    ),
    families: await Promise.all(
      families.map(async (f) => ({ ...f, notes: f.notes_enc ? await ctx.keys.decrypt<string>(f.notes_enc, familyNotesKeyLabel(f.id)) : '' })),
    ),
  };
}

/** What the child tab shows this user: the safeguard records, the gates, the age as recorded, what they may decide. */
export async function childModel(ctx: AppContext, actor: AuthUser, record: CaseRow) {
  const identity: PersonIdentity = record.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(record.identity_enc, identityKeyLabel(record.id)) : {};
  return {
    record,
    userId: actor.id,
    canDecide: can(actor, 'decide', record),
    identity,
    gates: await childGates(ctx.db, record.id),
    recs: await childRecords(ctx, record.id),
    closed: isClosedStatus(record.cas_status),
    today: new Date().toISOString().slice(0, 10),
  };
}
