import { type AuditEvents, type AuditEventType, type EventInput, recordAccess, recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, StaleVersionError } from '../platform/http/errors.js';
import { isId, newId, nowIso } from '../platform/ids.js';
import { findCase } from '../cases/index.js';
import { recordConsent } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import { can, ownerAccess, type SolutionAccess, type ShareScope, type SolutionAction, workingOffices } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import { activeShareScopes, insertShare } from './handover.repository.js';
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
    'solution.risk_thresholds_configured': { mediumFrom: number; highFrom: number };
    'solution.closed': { reason: string };
    'solution.followup_started': Record<string, never>;
    'case.handover_requested': { toOfficeId: string; keepScopes: string[] };
    'case.handover_accepted': { fromOfficeId: string; toOfficeId: string; ownerId: string; resealed: number };
    'case.handover_declined': { toOfficeId: string };
    'case.handover_cancelled': { toOfficeId: string };
    'case.shared': { officeId: string; scope: string; until: string | null };
  }
}

/** Who acts on which case, and through which access (the owning office, or a share): every service's first input. */
export interface OnCase {
  actor: AuthUser;
  access: SolutionAccess;
  record: CaseRow;
}

/**
 * Opens the case for its solution pages and API: through the case policy (the owning office), or through an
 * active share of one of the user's offices (scope checked in SQL). Anyone else gets "not found", so the case's
 * existence is not revealed. Every opening is written to the access log.
 */
export async function openSolutionCase(ctx: AppContext, opts: { user: AuthUser; caseId: unknown; via: string }): Promise<OnCase> {
  if (!isId(opts.caseId)) throw new NotFoundError();
  const record = await findCase(ctx.db, opts.caseId);
  if (!record) throw new NotFoundError();
  let access = ownerAccess(opts.user, record);
  if (!access) {
    const offices = workingOffices(opts.user);
    const scopes = await activeShareScopes(ctx.db, record.id, offices);
    if (scopes.length === 0) throw new NotFoundError();
    access = { kind: 'share', scopes: new Set(scopes), officeIds: offices === 'all' ? [] : offices };
  }
  await recordAccess(ctx.db, {
    officeId: record.office_id,
    actorId: opts.user.id,
    action: opts.via.slice(0, 200),
    subjectType: 'case',
    subjectId: record.id,
  });
  return { actor: opts.user, access, record };
}

export function requireAccess(on: OnCase, action: SolutionAction): void {
  if (!can(on.access, action)) throw new ForbiddenError();
}

/** An audit event about the case, in its office, by the actor. */
export function caseEvent<K extends AuditEventType>(on: Pick<OnCase, 'actor' | 'record'>, type: K, data: AuditEvents[K]): EventInput<K> {
  return { type, officeId: on.record.office_id, actorId: on.actor.id, subjectType: 'case', subjectId: on.record.id, data };
}

/** The case's solution row, created empty on first use (in the caller's transaction). */
export async function solutionRow(tx: Executor, record: Pick<CaseRow, 'id' | 'office_id'>): Promise<CaseSolutionRow> {
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
  await repo.insertSolution(tx, row);
  return { ...row, version: 1 };
}

/** Writes a change of the solution row, refused when the row (or the form's version) is not the one read. */
export async function bumpSolution(
  tx: Executor,
  opts: { row: CaseSolutionRow; patch: Partial<Omit<CaseSolutionRow, 'id' | 'version'>>; expectedVersion?: number | undefined },
): Promise<void> {
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== opts.row.version) throw new StaleVersionError();
  if (!(await repo.updateSolutionChecked(tx, { id: opts.row.id, version: opts.row.version, patch: opts.patch }))) throw new StaleVersionError();
}

/** Records the person's decision on 'return' or 'transfer' consent from the solution page. */
export async function recordSolutionConsent(
  ctx: AppContext,
  on: OnCase,
  input: { purpose: 'return' | 'transfer'; given: boolean; language: string | null },
): Promise<void> {
  requireAccess(on, 'edit');
  await inTransaction(ctx.db, (tx) =>
    recordConsent(tx, { actorId: on.actor.id, record: on.record, input: { ...input, origin: 'staff' } }).then(() => undefined),
  );
}

/** Gives an office a scope on the case (until a date, or open), audited in the case's office. */
export async function grantShare(
  tx: Executor,
  on: Pick<OnCase, 'actor'> & { record: Pick<CaseRow, 'id' | 'office_id'> },
  share: { officeId: string; scope: ShareScope; until: string | null },
): Promise<void> {
  await insertShare(tx, {
    id: newId(),
    case_id: on.record.id,
    office_id: share.officeId,
    scope: share.scope,
    until: share.until,
    created_by: on.actor.id,
    created_at: nowIso(),
    revoked_at: null,
  });
  await recordEvent(tx, {
    type: 'case.shared',
    officeId: on.record.office_id,
    actorId: on.actor.id,
    subjectType: 'case',
    subjectId: on.record.id,
    data: { officeId: share.officeId, scope: share.scope, until: share.until },
  });
}
