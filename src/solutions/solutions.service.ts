import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor, Tx } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleError, StaleVersionError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { assertConsent, type ConsentPurpose, recordConsent } from '../cases/consent.js';
import type { CaseRow } from '../cases/cases.table.js';
import { canReceive, can, type SolutionAccess, type ShareScope, SHARE_SCOPES } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import { currentSurveyConfig, scoreSurvey, weightsOf, type SurveyScores } from './survey.js';
import { assertChildGates } from './child-gate.js';
import type { CaseSolutionRow } from './solutions.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'solution.decided': { decision: string | null; options: string[]; targetOfficeId: string | null };
    'solution.risk_assessed': { side: 'destination' | 'origin'; overall: string; risks: number; complete: boolean };
    'solution.return_blocked': { overall: string };
    'solution.return_override': { overall: string; reason: string };
    'solution.arrived': { arrivedOn: string };
    'solution.action_added': { track: string; step: string };
    'solution.action_updated': { status: string };
    'solution.plan_saved': { services: number };
    'solution.plan_overdue': { dueOn: string };
    'solution.survey_taken': { kind: string; configVersion: number; composite: number | null };
    'solution.survey_configured': { version: number };
    'solution.closed': { reason: string };
    'solution.followup_started': Record<string, never>;
    'case.handover_requested': { toOfficeId: string; keepScopes: string[] };
    'case.handover_accepted': { fromOfficeId: string; toOfficeId: string; ownerId: string; resealed: number };
    'case.handover_declined': { toOfficeId: string };
    'case.shared': { officeId: string; scope: string; until: string | null };
  }
}

export const SOLUTION_OPTIONS = ['return', 'local_integration', 'resettlement'] as const;
export type SolutionOption = (typeof SOLUTION_OPTIONS)[number];

/** The risk factors of DOMAIN.md §6.1. */
export const RISK_FACTORS = [
  'traffickers_reach',
  'debts',
  'family_involvement',
  'threats',
  'stigma',
  're_trafficking',
  'health_continuity',
  'witness_status',
  'general_security',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export interface Risk {
  factor: RiskFactor;
  /** 1 unlikely, 2 possible, 3 likely. */
  likelihood: number;
  /** 1 minor, 2 serious, 3 severe. */
  impact: number;
  mitigation: string;
}

export type RiskLevel = 'low' | 'medium' | 'high';

/**
 * Likelihood × impact on a 3 × 3 matrix: 6 or 9 is high, 3 or 4 medium, 1 or 2 low; the assessment takes its
 * highest risk (one severe and likely risk is enough to make return unsafe, whatever the others are).
 */
export function riskLevel(likelihood: number, impact: number): RiskLevel {
  const s = likelihood * impact;
  if (s >= 6) return 'high';
  if (s >= 3) return 'medium';
  return 'low';
}

export function overallRisk(risks: Risk[]): RiskLevel {
  const order: RiskLevel[] = ['low', 'medium', 'high'];
  return risks.reduce<RiskLevel>((acc, r) => (order.indexOf(riskLevel(r.likelihood, r.impact)) > order.indexOf(acc) ? riskLevel(r.likelihood, r.impact) : acc), 'low');
}

export const CLOSURE_REASONS = ['support_ended', 'not_eligible', 'person_stopped', 'left_area', 'death', 'involuntary_funding', 'involuntary_security', 'sudden_exit'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const ACTION_TRACKS = {
  return: ['travel_document', 'travel_arrangements', 'escort', 'reception_at_arrival', 'medical_fitness'],
  integration: ['residence_status', 'housing', 'work', 'language', 'school'],
  resettlement: ['submission', 'interview', 'outcome', 'travel'],
  followup: ['followup_visit', 'phone_followup', 'post_closure_check'],
} as const;
export type ActionTrack = keyof typeof ACTION_TRACKS;

function requireAccess(access: SolutionAccess | undefined, action: Parameters<typeof can>[1]): void {
  if (!can(access, action)) throw new ForbiddenError();
}

function aad(table: string, column: string, id: string): string {
  return `${table}.${column}:${id}`;
}

async function solutionRow(tx: Executor, record: Pick<CaseRow, 'id' | 'office_id'>): Promise<CaseSolutionRow> {
  const existing = await repo.findSolution(tx, record.id);
  if (existing) return existing;
  const now = nowIso();
  const row = {
    id: newId(),
    office_id: record.office_id,
    case_id: record.id,
    options: '[]',
    wishes_enc: null,
    decision: null,
    target_office_id: null,
    decided_by: null,
    decided_at: null,
    return_status: 'none',
    override_reason_enc: null,
    override_by: null,
    override_at: null,
    arrived_on: null,
    plan_reminded_at: null,
    followup_status: null,
    closure_reason: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('case_solutions').values(row).execute();
  return { ...row, version: 1 };
}

async function bumpSolution(tx: Executor, row: CaseSolutionRow, patch: Partial<Omit<CaseSolutionRow, 'id' | 'version'>>, expectedVersion?: number): Promise<void> {
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw new StaleVersionError();
  const r = await tx
    .updateTable('case_solutions')
    .set({ ...patch, version: row.version + 1, updated_at: nowIso() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
}

/** Records the person's decision on 'return' or 'transfer' consent from the solution page. */
export async function recordSolutionConsent(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, purpose: Extract<ConsentPurpose, 'return' | 'transfer'>, given: boolean, language: string | null): Promise<void> {
  requireAccess(access, 'edit');
  await inTransaction(ctx.db, (tx) => recordConsent(tx, actor.id, record, { purpose, given, language, origin: 'staff' }));
}

export interface DecisionInput {
  options: SolutionOption[];
  wishes: string;
  decision: SolutionOption | null;
  targetOfficeId: string | null;
  version?: number | undefined;
}

/**
 * Chooses the durable solution: options considered, the person's wishes (encrypted), the decision, who and when.
 * For a child, only after the child safeguards pass (guardian, approved BID, family assessment); a return also
 * needs the person's separate 'return' consent.
 */
export async function chooseSolution(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, input: DecisionInput): Promise<void> {
  requireAccess(access, 'edit');
  if (input.decision && !input.options.includes(input.decision)) throw new RuleError('DECISION_NOT_CONSIDERED', 'solutions.errors.decisionNotConsidered');
  if ((input.decision === 'return' || input.decision === 'resettlement') && !input.targetOfficeId) throw new RuleError('TARGET_OFFICE_REQUIRED', 'solutions.errors.targetOfficeRequired');
  if (input.targetOfficeId === record.office_id) throw new RuleError('TARGET_OFFICE_SAME', 'solutions.errors.targetOfficeSame');
  if (input.targetOfficeId) {
    const office = await ctx.db.selectFrom('offices').select('id').where('id', '=', input.targetOfficeId).executeTakeFirst();
    if (!office) throw new RuleError('TARGET_OFFICE_UNKNOWN', 'solutions.errors.targetOfficeUnknown');
  }
  await inTransaction(ctx.db, async (tx) => {
    if (input.decision && record.is_child) await assertChildGates(tx, record);
    if (input.decision === 'return') await assertConsent(tx, actor, record, 'return', { action: 'solution.return' });
    const row = await solutionRow(tx, record);
    const now = nowIso();
    const returnStatus = input.decision === 'return' ? (row.decision === 'return' && row.return_status !== 'none' ? row.return_status : 'pending_assessment') : 'none';
    await bumpSolution(
      tx,
      row,
      {
        options: JSON.stringify(input.options),
        wishes_enc: input.wishes ? await ctx.keys.encrypt(record.office_id, input.wishes, aad('case_solutions', 'wishes', row.id), tx) : null,
        decision: input.decision,
        target_office_id: input.targetOfficeId,
        decided_by: input.decision ? actor.id : null,
        decided_at: input.decision ? now : null,
        return_status: returnStatus,
      },
      input.version,
    );
    await recordEvent(tx, {
      type: 'solution.decided',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { decision: input.decision, options: input.options, targetOfficeId: input.targetOfficeId },
    });
  });
}

export async function readWishes(ctx: AppContext, row: CaseSolutionRow): Promise<string> {
  return row.wishes_enc ? ctx.keys.decrypt<string>(row.wishes_enc, aad('case_solutions', 'wishes', row.id)) : '';
}

export async function readRisks(ctx: AppContext, row: { id: string; risks_enc: string | null }): Promise<Risk[]> {
  return row.risks_enc ? ctx.keys.decrypt<Risk[]>(row.risks_enc, aad('return_risk_assessments', 'risks', row.id)) : [];
}

/**
 * Saves the joint risk matrix and signs it for the saving office's side. The destination office (owner) starts
 * it, which shares the risk matrix with the origin office (scope 'risk', needs the 'transfer' consent: the
 * person's situation goes to another office); the origin office adds its view. Any change clears the other
 * side's signature, so the two offices sign the same matrix. Once both have signed, a high overall risk blocks
 * the return.
 */
export async function saveRiskAssessment(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, risks: Risk[], version?: number): Promise<{ overall: RiskLevel; complete: boolean }> {
  requireAccess(access, 'assess-risk');
  const side: 'destination' | 'origin' = access?.kind === 'owner' ? 'destination' : 'origin';
  return inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, record.id);
    if (!solution || solution.decision !== 'return' || !solution.target_office_id) throw new RuleError('NOT_A_RETURN', 'solutions.errors.notReturn');
    if (solution.return_status === 'travelled') throw new RuleError('ALREADY_TRAVELLED', 'solutions.errors.alreadyTravelled');
    const existing = await repo.findAssessment(tx, record.id);
    if (version !== undefined && existing && existing.version !== version) throw new StaleVersionError();
    const overall = overallRisk(risks);
    const now = nowIso();
    const id = existing?.id ?? newId();
    const risksEnc = await ctx.keys.encrypt(record.office_id, risks, aad('return_risk_assessments', 'risks', id), tx);
    const before = existing ? JSON.stringify(await readRisks(ctx, existing)) : null;
    const changed = before !== JSON.stringify(risks);
    let destination = { by: existing?.destination_signed_by ?? null, at: existing?.destination_signed_at ?? null };
    let origin = { by: existing?.origin_signed_by ?? null, at: existing?.origin_signed_at ?? null };
    if (changed) {
      destination = { by: null, at: null };
      origin = { by: null, at: null };
    }
    if (side === 'destination') destination = { by: actor.id, at: now };
    else origin = { by: actor.id, at: now };
    if (!existing) {
      if (side !== 'destination') throw new ForbiddenError();
      await assertConsent(tx, actor, record, 'transfer', { action: 'solution.joint_assessment' });
      await tx
        .insertInto('return_risk_assessments')
        .values({
          id,
          office_id: record.office_id,
          case_id: record.id,
          partner_office_id: solution.target_office_id,
          risks_enc: risksEnc,
          overall,
          destination_signed_by: destination.by,
          destination_signed_at: destination.at,
          origin_signed_by: null,
          origin_signed_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await grantShare(tx, actor, record, solution.target_office_id, 'risk', null);
    } else {
      const r = await tx
        .updateTable('return_risk_assessments')
        .set({
          risks_enc: risksEnc,
          overall,
          destination_signed_by: destination.by,
          destination_signed_at: destination.at,
          origin_signed_by: origin.by,
          origin_signed_at: origin.at,
          version: existing.version + 1,
          updated_at: now,
        })
        .where('id', '=', existing.id)
        .where('version', '=', existing.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
    }
    const complete = !!destination.at && !!origin.at;
    let status = 'pending_assessment';
    if (complete) status = overall === 'high' && !solution.override_at ? 'blocked' : 'cleared';
    // A supervisor's decision to go on applies to the matrix they saw; a changed matrix needs a new decision.
    const resetOverride = changed && solution.override_at;
    await bumpSolution(tx, solution, { return_status: resetOverride && complete && overall === 'high' ? 'blocked' : status, ...(resetOverride ? { override_at: null, override_by: null, override_reason_enc: null } : {}) });
    await recordEvent(tx, {
      type: 'solution.risk_assessed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { side, overall, risks: risks.length, complete },
    });
    if (complete && overall === 'high' && (resetOverride || !solution.override_at)) {
      await recordEvent(tx, { type: 'solution.return_blocked', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { overall } });
    }
    return { overall, complete };
  });
}

/** A supervisor records why the return goes on despite a high risk (at least 20 characters), audited. */
export async function overrideHighRisk(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, reason: string): Promise<void> {
  requireAccess(access, 'decide');
  const text = reason.trim();
  if (text.length < 20) throw new RuleError('OVERRIDE_REASON_REQUIRED', 'solutions.errors.overrideReason');
  await inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, record.id);
    if (!solution || solution.return_status !== 'blocked') throw new RuleError('NOT_BLOCKED', 'solutions.errors.notBlocked');
    await bumpSolution(tx, solution, {
      return_status: 'cleared',
      override_reason_enc: await ctx.keys.encrypt(record.office_id, text, aad('case_solutions', 'override_reason', solution.id), tx),
      override_by: actor.id,
      override_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'solution.return_override',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { overall: 'high', reason: 'recorded' },
    });
  });
}

export async function readOverrideReason(ctx: AppContext, row: CaseSolutionRow): Promise<string> {
  return row.override_reason_enc ? ctx.keys.decrypt<string>(row.override_reason_enc, aad('case_solutions', 'override_reason', row.id)) : '';
}

/**
 * The gate of a voluntary return: the decision is return, the person's 'return' consent stands, a child's
 * safeguards pass, the joint assessment is signed by both offices, and a high risk has a supervisor's reason.
 */
export async function assertReturnAllowed(tx: Executor, actor: AuthUser, record: CaseRow): Promise<CaseSolutionRow> {
  const solution = await repo.findSolution(tx, record.id);
  if (!solution || solution.decision !== 'return') throw new RuleError('NOT_A_RETURN', 'solutions.errors.notReturn');
  if (record.is_child) await assertChildGates(tx, record);
  await assertConsent(tx, actor, record, 'return', { action: 'solution.return' });
  if (solution.return_status === 'pending_assessment') throw new RuleError('RISK_ASSESSMENT_REQUIRED', 'solutions.errors.assessmentRequired');
  if (solution.return_status === 'blocked') throw new RuleError('RETURN_BLOCKED_HIGH_RISK', 'solutions.errors.returnBlocked');
  return solution;
}

/** Records the arrival in the origin country: the return has happened, follow-up starts, the plan is due a month later. */
export async function recordArrival(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, arrivedOn: string): Promise<void> {
  requireAccess(access, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const solution = await assertReturnAllowed(tx, actor, record);
    if (solution.return_status === 'travelled') throw new ConflictError('solutions.errors.alreadyTravelled');
    await bumpSolution(tx, solution, { return_status: 'travelled', arrived_on: arrivedOn, followup_status: 'followup' });
    await tx.updateTable('cases').set({ stage: 'followup', cas_status: 'FollowUp', updated_at: nowIso(), version: record.version + 1 }).where('id', '=', record.id).execute();
    await recordEvent(tx, { type: 'solution.arrived', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { arrivedOn } });
  });
}

export interface ActionInput {
  track: ActionTrack;
  step: string;
  dueOn: string | null;
  ownerId: string | null;
  note: string;
}

/** Adds a step of return, integration, resettlement or follow-up as an action with dates. */
export async function addAction(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, input: ActionInput): Promise<string> {
  requireAccess(access, 'edit');
  if (!(ACTION_TRACKS[input.track] as readonly string[]).includes(input.step)) throw new RuleError('UNKNOWN_STEP', 'solutions.errors.unknownStep');
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const now = nowIso();
    await tx
      .insertInto('solution_actions')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        track: input.track,
        step: input.step,
        due_on: input.dueOn,
        done_on: null,
        owner_id: input.ownerId ?? actor.id,
        status: 'planned',
        note_enc: input.note ? await ctx.keys.encrypt(record.office_id, input.note, aad('solution_actions', 'note', id), tx) : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordEvent(tx, { type: 'solution.action_added', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { track: input.track, step: input.step } });
    return id;
  });
}

export async function setActionStatus(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, actionId: string, status: 'done' | 'cancelled', doneOn: string | null, version: number): Promise<void> {
  requireAccess(access, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const row = await tx.selectFrom('solution_actions').selectAll().where('id', '=', actionId).where('case_id', '=', record.id).where('office_id', '=', record.office_id).executeTakeFirst();
    if (!row) throw new NotFoundError();
    const r = await tx
      .updateTable('solution_actions')
      .set({ status, done_on: status === 'done' ? (doneOn ?? nowIso().slice(0, 10)) : null, version: row.version + 1, updated_at: nowIso() })
      .where('id', '=', row.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
    await recordEvent(tx, { type: 'solution.action_updated', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { status } });
  });
}

export async function readNote(ctx: AppContext, row: { id: string; note_enc: string | null }): Promise<string> {
  return row.note_enc ? ctx.keys.decrypt<string>(row.note_enc, aad('solution_actions', 'note', row.id)) : '';
}

async function grantShare(tx: Executor, actor: AuthUser, record: Pick<CaseRow, 'id' | 'office_id'>, officeId: string, scope: ShareScope, until: string | null): Promise<void> {
  await tx.insertInto('case_shares').values({ id: newId(), case_id: record.id, office_id: officeId, scope, until, created_by: actor.id, created_at: nowIso(), revoked_at: null }).execute();
  await recordEvent(tx, { type: 'case.shared', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { officeId, scope, until } });
}

/** How long the sending office keeps its view of the outcome after a hand-over (policy: one year). */
export const OUTCOME_SHARE_DAYS = 365;

/**
 * Hands the case to another office (origin, or the resettlement country's office): needs the person's
 * 'transfer' consent, and for a return the return gate. The case stays with the sending office until accepted.
 */
export async function requestHandover(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, toOfficeId: string, keepScopes: ShareScope[]): Promise<string> {
  requireAccess(access, 'edit');
  if (toOfficeId === record.office_id) throw new RuleError('TARGET_OFFICE_SAME', 'solutions.errors.targetOfficeSame');
  const office = await ctx.db.selectFrom('offices').select('id').where('id', '=', toOfficeId).executeTakeFirst();
  if (!office) throw new RuleError('TARGET_OFFICE_UNKNOWN', 'solutions.errors.targetOfficeUnknown');
  return inTransaction(ctx.db, async (tx) => {
    await assertConsent(tx, actor, record, 'transfer', { action: 'case.handover' });
    const solution = await repo.findSolution(tx, record.id);
    if (!solution?.decision || solution.decision === 'local_integration') throw new RuleError('NO_HANDOVER_SOLUTION', 'solutions.errors.noHandoverSolution');
    if (record.is_child) await assertChildGates(tx, record);
    if (solution.decision === 'return') await assertReturnAllowed(tx, actor, record);
    const pending = (await repo.listHandovers(tx, record.id)).find((h) => h.status === 'pending');
    if (pending) throw new ConflictError('solutions.errors.handoverPending');
    const id = newId();
    const scopes = keepScopes.filter((s) => s === 'outcome');
    await tx
      .insertInto('case_handovers')
      .values({ id, office_id: record.office_id, case_id: record.id, to_office_id: toOfficeId, status: 'pending', keep_scopes: JSON.stringify(scopes), requested_by: actor.id, requested_at: nowIso(), decided_by: null, decided_at: null })
      .execute();
    await recordEvent(tx, { type: 'case.handover_requested', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { toOfficeId, keepScopes: scopes } });
    return id;
  });
}

/**
 * Encrypted fields of a case outside this module register here, so a hand-over re-seals them too:
 * `(tx, reseal, caseId, fromOfficeId) => count`, where reseal(envelope, aad) returns the new envelope.
 */
export type Resealer = (tx: Tx, reseal: (envelope: string, aad: string) => Promise<string>, caseId: string, fromOfficeId: string) => Promise<number>;
export const HANDOVER_RESEALERS: Resealer[] = [];

const CASE_ENCRYPTED = [
  ['identity_enc', 'identity'],
  ['contact_enc', 'contact'],
  ['health_enc', 'health'],
  ['testimony_enc', 'testimony'],
] as const;

/**
 * The receiving office accepts: in one transaction, every personal field of the case is decrypted under the
 * sending office's key and encrypted under the receiving office's, the case and its rows move to the receiving
 * office (its owner is chosen by the accepting supervisor), and the sending office keeps the scopes the
 * hand-over named, for a limited time. Audited in both offices.
 */
export async function acceptHandover(ctx: AppContext, actor: AuthUser, handoverId: string, ownerId: string): Promise<{ caseId: string; resealed: number }> {
  return inTransaction(ctx.db, async (tx) => {
    const handover = await tx.selectFrom('case_handovers').selectAll().where('id', '=', handoverId).executeTakeFirst();
    if (!handover || !canReceive(actor, handover.to_office_id)) throw new NotFoundError();
    if (handover.status !== 'pending') throw new ConflictError('solutions.errors.handoverNotPending');
    const owner = await tx.selectFrom('memberships').select('user_id').where('user_id', '=', ownerId).where('office_id', '=', handover.to_office_id).where('role', 'in', ['case_worker', 'supervisor']).executeTakeFirst();
    if (!owner) throw new RuleError('OWNER_NOT_IN_OFFICE', 'solutions.errors.ownerNotInOffice');
    const record = await tx.selectFrom('cases').selectAll().where('id', '=', handover.case_id).executeTakeFirstOrThrow();
    if (record.office_id !== handover.office_id) throw new ConflictError('solutions.errors.handoverNotPending');
    const from = record.office_id;
    const to = handover.to_office_id;
    let resealed = 0;
    const reseal = async (envelope: string, where: string) => {
      const value = await ctx.keys.decrypt(envelope, where);
      resealed++;
      return ctx.keys.encrypt(to, value, where, tx);
    };
    const now = nowIso();
    const casePatch: Record<string, string | null> = {};
    for (const [column, name] of CASE_ENCRYPTED) {
      const env = record[column];
      casePatch[column] = env ? await reseal(env, `cases.${name}:${record.id}`) : null;
    }
    const r = await tx
      .updateTable('cases')
      .set({ ...casePatch, office_id: to, owner_id: ownerId, source: record.source, version: record.version + 1, updated_at: now })
      .where('id', '=', record.id)
      .where('version', '=', record.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
    await tx.updateTable('consents').set({ office_id: to }).where('case_id', '=', record.id).execute();
    await tx.updateTable('case_lookups').set({ office_id: to }).where('case_id', '=', record.id).execute();

    const solution = await repo.findSolution(tx, record.id);
    if (solution) {
      await tx
        .updateTable('case_solutions')
        .set({
          office_id: to,
          wishes_enc: solution.wishes_enc ? await reseal(solution.wishes_enc, aad('case_solutions', 'wishes', solution.id)) : null,
          override_reason_enc: solution.override_reason_enc ? await reseal(solution.override_reason_enc, aad('case_solutions', 'override_reason', solution.id)) : null,
          version: solution.version + 1,
          updated_at: now,
        })
        .where('id', '=', solution.id)
        .execute();
    }
    const assessment = await repo.findAssessment(tx, record.id);
    if (assessment) {
      await tx
        .updateTable('return_risk_assessments')
        .set({ office_id: to, risks_enc: assessment.risks_enc ? await reseal(assessment.risks_enc, aad('return_risk_assessments', 'risks', assessment.id)) : null })
        .where('id', '=', assessment.id)
        .execute();
    }
    for (const a of await repo.listActions(tx, from, record.id)) {
      await tx
        .updateTable('solution_actions')
        .set({ office_id: to, note_enc: a.note_enc ? await reseal(a.note_enc, aad('solution_actions', 'note', a.id)) : null })
        .where('id', '=', a.id)
        .execute();
    }
    const plan = await repo.findPlan(tx, from, record.id);
    if (plan) {
      await tx.updateTable('reintegration_plans').set({ office_id: to, objectives_enc: await reseal(plan.objectives_enc, aad('reintegration_plans', 'objectives', plan.id)) }).where('id', '=', plan.id).execute();
    }
    for (const s of await repo.listSurveys(tx, from, record.id)) {
      await tx.updateTable('reintegration_surveys').set({ office_id: to, answers_enc: await reseal(s.answers_enc, aad('reintegration_surveys', 'answers', s.id)) }).where('id', '=', s.id).execute();
    }
    for (const fn of HANDOVER_RESEALERS) resealed += await fn(tx, reseal, record.id, from);

    // The receiving office owns the case now: its own shares end, the sending office keeps what policy allows.
    await tx.updateTable('case_shares').set({ revoked_at: now }).where('case_id', '=', record.id).where('office_id', '=', to).where('revoked_at', 'is', null).execute();
    const until = new Date(Date.now() + OUTCOME_SHARE_DAYS * 86_400_000).toISOString();
    const keep = (JSON.parse(handover.keep_scopes) as string[]).filter((s): s is ShareScope => (SHARE_SCOPES as readonly string[]).includes(s));
    for (const scope of keep) await grantShare(tx, actor, { id: record.id, office_id: to }, from, scope, until);
    await tx.updateTable('case_handovers').set({ status: 'accepted', decided_by: actor.id, decided_at: now, version: handover.version + 1 }).where('id', '=', handover.id).execute();
    const data = { fromOfficeId: from, toOfficeId: to, ownerId, resealed };
    await recordEvent(tx, { type: 'case.handover_accepted', officeId: to, actorId: actor.id, subjectType: 'case', subjectId: record.id, data });
    await recordEvent(tx, { type: 'case.handover_accepted', officeId: from, actorId: actor.id, subjectType: 'case', subjectId: record.id, data });
    return { caseId: record.id, resealed };
  });
}

export async function declineHandover(ctx: AppContext, actor: AuthUser, handoverId: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const handover = await tx.selectFrom('case_handovers').selectAll().where('id', '=', handoverId).executeTakeFirst();
    if (!handover || !canReceive(actor, handover.to_office_id)) throw new NotFoundError();
    if (handover.status !== 'pending') throw new ConflictError('solutions.errors.handoverNotPending');
    await tx.updateTable('case_handovers').set({ status: 'declined', decided_by: actor.id, decided_at: nowIso(), version: handover.version + 1 }).where('id', '=', handover.id).execute();
    await recordEvent(tx, { type: 'case.handover_declined', officeId: handover.office_id, actorId: actor.id, subjectType: 'case', subjectId: handover.case_id, data: { toOfficeId: handover.to_office_id } });
  });
}

export interface PlanInput {
  economic: string;
  social: string;
  psychosocial: string;
  services: Array<{ organisationId: string; dimension: 'economic' | 'social' | 'psychosocial' }>;
  version?: number | undefined;
}

export interface PlanObjectives {
  economic: string;
  social: string;
  psychosocial: string;
}

/** The reintegration plan: objectives per dimension (encrypted) and services from partners in the origin country. */
export async function saveReintegrationPlan(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, input: PlanInput): Promise<void> {
  requireAccess(access, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    if (input.services.length > 0) {
      const orgs = await tx.selectFrom('organisations').select('id').where('id', 'in', input.services.map((s) => s.organisationId)).execute();
      if (orgs.length !== new Set(input.services.map((s) => s.organisationId)).size) throw new RuleError('UNKNOWN_ORGANISATION', 'solutions.errors.unknownOrganisation');
    }
    const existing = await repo.findPlan(tx, record.office_id, record.id);
    const id = existing?.id ?? newId();
    const objectives: PlanObjectives = { economic: input.economic, social: input.social, psychosocial: input.psychosocial };
    const enc = await ctx.keys.encrypt(record.office_id, objectives, aad('reintegration_plans', 'objectives', id), tx);
    const now = nowIso();
    if (existing) {
      if (input.version !== undefined && input.version !== existing.version) throw new StaleVersionError();
      const r = await tx
        .updateTable('reintegration_plans')
        .set({ objectives_enc: enc, services: JSON.stringify(input.services), version: existing.version + 1, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', existing.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
    } else {
      await tx.insertInto('reintegration_plans').values({ id, office_id: record.office_id, case_id: record.id, objectives_enc: enc, services: JSON.stringify(input.services), created_by: actor.id, created_at: now, updated_at: now }).execute();
    }
    await recordEvent(tx, { type: 'solution.plan_saved', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { services: input.services.length } });
  });
}

export async function readObjectives(ctx: AppContext, plan: { id: string; objectives_enc: string }): Promise<PlanObjectives> {
  return ctx.keys.decrypt<PlanObjectives>(plan.objectives_enc, aad('reintegration_plans', 'objectives', plan.id));
}

/** The plan's due date: a month (30 days) after arrival. */
export function planDueOn(arrivedOn: string): string {
  return new Date(Date.parse(`${arrivedOn}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Takes a survey with the office's current version; the scores and the weights used are stored with it, so a
 * later change of weights never changes them. Only answers that exist in the version are accepted.
 */
export async function takeSurvey(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, kind: 'baseline' | 'followup', takenOn: string, answers: Record<string, number>): Promise<{ id: string; scores: SurveyScores }> {
  requireAccess(access, 'edit');
  return inTransaction(ctx.db, async (tx) => {
    const current = await currentSurveyConfig(tx, record.office_id);
    const clean: Record<string, number> = {};
    for (const item of current.config.items) {
      const v = answers[item.id];
      if (v === undefined) continue;
      if (!item.answers.some((a) => a.value === v)) throw new RuleError('UNKNOWN_ANSWER', 'solutions.errors.unknownAnswer');
      clean[item.id] = v;
    }
    if (Object.keys(clean).length === 0) throw new RuleError('NO_ANSWERS', 'solutions.errors.noAnswers');
    if (kind === 'baseline') {
      const has = await tx.selectFrom('reintegration_surveys').select('id').where('office_id', '=', record.office_id).where('case_id', '=', record.id).where('kind', '=', 'baseline').executeTakeFirst();
      if (has) throw new ConflictError('solutions.errors.baselineExists');
    }
    const weights = weightsOf(current.config);
    const scores = scoreSurvey(current.config, clean, weights);
    const id = newId();
    await tx
      .insertInto('reintegration_surveys')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        kind,
        taken_on: takenOn,
        config_id: current.id,
        config_version: current.version,
        weights_used: JSON.stringify(weights),
        answers_enc: await ctx.keys.encrypt(record.office_id, clean, aad('reintegration_surveys', 'answers', id), tx),
        ...scores,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await recordEvent(tx, { type: 'solution.survey_taken', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { kind, configVersion: current.version, composite: scores.composite } });
    return { id, scores };
  });
}

/** Closes the case after the solution, with a reason of the Reintegration Handbook's list (DOMAIN.md §2.2). */
export async function closeAfterSolution(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow, reason: ClosureReason): Promise<void> {
  requireAccess(access, 'close');
  await inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, record.id);
    if (!solution?.decision) throw new RuleError('NO_SOLUTION', 'solutions.errors.noSolution');
    if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new ConflictError('solutions.errors.alreadyClosed');
    const now = nowIso();
    const r = await tx
      .updateTable('cases')
      .set({ cas_status: 'Closed', stage: 'closed', closed_at: now, cas_reason_for_case_closure: reason, version: record.version + 1, updated_at: now })
      .where('id', '=', record.id)
      .where('version', '=', record.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new StaleVersionError();
    await bumpSolution(tx, solution, { followup_status: 'closed', closure_reason: reason });
    await recordEvent(tx, { type: 'solution.closed', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: { reason } });
  });
}

/** Starts follow-up once a local integration or resettlement solution is in place (a return does it on arrival). */
export async function startFollowUp(ctx: AppContext, actor: AuthUser, access: SolutionAccess | undefined, record: CaseRow): Promise<void> {
  requireAccess(access, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, record.id);
    if (!solution?.decision) throw new RuleError('NO_SOLUTION', 'solutions.errors.noSolution');
    if (solution.decision === 'return') throw new RuleError('RETURN_FOLLOWUP_ON_ARRIVAL', 'solutions.errors.followupOnArrival');
    await bumpSolution(tx, solution, { followup_status: 'followup' });
    await tx.updateTable('cases').set({ stage: 'followup', cas_status: 'FollowUp', version: record.version + 1, updated_at: nowIso() }).where('id', '=', record.id).where('version', '=', record.version).execute();
    await recordEvent(tx, { type: 'solution.followup_started', officeId: record.office_id, actorId: actor.id, subjectType: 'case', subjectId: record.id, data: {} });
  });
}

/**
 * Reminder job: a case that arrived more than a month ago without a reintegration plan gets an audited reminder
 * (once), which the solution page and the office's list show as late.
 */
export async function remindLatePlans(ctx: AppContext, today = nowIso().slice(0, 10)): Promise<number> {
  const cutoff = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const late = await ctx.db
    .selectFrom('case_solutions')
    .leftJoin('reintegration_plans', 'reintegration_plans.case_id', 'case_solutions.case_id')
    .select(['case_solutions.id', 'case_solutions.case_id', 'case_solutions.office_id', 'case_solutions.arrived_on'])
    .where('case_solutions.arrived_on', 'is not', null)
    .where('case_solutions.arrived_on', '<', cutoff)
    .where('case_solutions.plan_reminded_at', 'is', null)
    .where('reintegration_plans.id', 'is', null)
    .limit(500)
    .execute();
  for (const row of late) {
    await inTransaction(ctx.db, async (tx) => {
      await tx.updateTable('case_solutions').set({ plan_reminded_at: nowIso() }).where('id', '=', row.id).execute();
      await recordEvent(tx, { type: 'solution.plan_overdue', officeId: row.office_id, actorId: null, subjectType: 'case', subjectId: row.case_id, data: { dueOn: planDueOn(row.arrived_on as string) } });
    });
  }
  return late.length;
}

export function isPlanLate(arrivedOn: string | null, hasPlan: boolean, today = nowIso().slice(0, 10)): boolean {
  return !!arrivedOn && !hasPlan && planDueOn(arrivedOn) < today;
}
