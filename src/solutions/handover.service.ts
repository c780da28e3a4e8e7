import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ConflictError, NotFoundError, RuleError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { findCase } from '../cases/index.js';
import { updateCaseChecked } from '../cases/index.js';
import { officeExists } from '../offices/offices.repository.js';
import { assertGates } from './gates.service.js';
import { resealCaseRow, resealCaseRows } from './handover-reseal.js';
import * as handovers from './handover.repository.js';
import { assertReturnAllowed } from './return-risk.service.js';
import { OUTCOME_SHARE_DAYS } from './solutions.model.js';
import { canReceive, SHARE_SCOPES, type ShareScope } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import { caseEvent, grantShare, type OnCase, requireAccess } from './solutions.service.js';
import { notify } from '../notifications/notify.service.js';
import { webhookEvent } from '../webhooks/webhooks.service.js';

const TRANSFER = (action: string) => ({ purpose: 'transfer', action }) as const;

/**
 * Hands the case to another office (origin, or the resettlement country's office): needs the person's
 * 'transfer' consent, a child's safeguards, and for a return the return gate. The case stays with the sending
 * office until accepted; one hand-over waits at a time.
 */
export async function requestHandover(ctx: AppContext, on: OnCase, input: { toOfficeId: string; keep: ShareScope[] }): Promise<string> {
  requireAccess(on, 'edit');
  const { record } = on;
  if (input.toOfficeId === record.office_id) throw new RuleError('TARGET_OFFICE_SAME', 'solutions.errors.targetOfficeSame');
  if (!(await officeExists(ctx.db, input.toOfficeId))) throw new RuleError('TARGET_OFFICE_UNKNOWN', 'solutions.errors.targetOfficeUnknown');
  return inTransaction(ctx.db, async (tx) => {
    await assertGates(tx, on, { consent: TRANSFER('case.handover') });
    const solution = await repo.findSolution(tx, record.id);
    if (!solution?.decision || solution.decision === 'local_integration') throw new RuleError('NO_HANDOVER_SOLUTION', 'solutions.errors.noHandoverSolution');
    await assertGates(tx, on, { child: true });
    if (solution.decision === 'return') await assertReturnAllowed(tx, on);
    if (await handovers.hasPendingHandover(tx, record.id)) throw new ConflictError('solutions.errors.handoverPending');
    const id = newId();
    const scopes = input.keep.filter((s) => s === 'outcome');
    await handovers.insertHandover(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      to_office_id: input.toOfficeId,
      status: 'pending',
      keep_scopes: JSON.stringify(scopes),
      requested_by: on.actor.id,
      requested_at: nowIso(),
      decided_by: null,
      decided_at: null,
    });
    await recordEvent(tx, caseEvent(on, 'case.handover_requested', { toOfficeId: input.toOfficeId, keepScopes: scopes }));
    await notify(ctx, tx, { event: 'handover_offered', toOfficeId: input.toOfficeId, caseId: record.id, actorId: on.actor.id });
    await webhookEvent(tx, 'handover.offered', { officeId: record.office_id, caseId: record.id, handoverId: id, toOfficeId: input.toOfficeId });
    return id;
  });
}

/**
 * What still stands in the way of a hand-over, checked by the same gates as `requestHandover` (message keys, each
 * once, in the order a case worker can act on them); empty when the hand-over can be offered.
 */
export async function handoverBlockers(ctx: AppContext, on: OnCase): Promise<string[]> {
  const solution = await repo.findSolution(ctx.db, on.record.id);
  if (!solution?.decision || solution.decision === 'local_integration') return ['solutions.errors.noHandoverSolution'];
  const found = new Set<string>();
  const check = async (gate: () => Promise<unknown>) => {
    try {
      await gate();
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      found.add(e.messageKey);
    }
  };
  await check(() => assertGates(ctx.db, on, { consent: TRANSFER('case.handover') }));
  await check(() => assertGates(ctx.db, on, { child: true }));
  if (solution.decision === 'return') await check(() => assertReturnAllowed(ctx.db, on));
  return [...found];
}

/** The sending office withdraws a hand-over the receiving office has not answered yet; audited in both offices. */
export async function cancelHandover(ctx: AppContext, on: OnCase, handoverId: string): Promise<void> {
  requireAccess(on, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const handover = await handovers.findHandover(tx, handoverId);
    if (!handover || handover.case_id !== on.record.id || handover.office_id !== on.record.office_id) throw new NotFoundError();
    if (handover.status !== 'pending') throw new ConflictError('solutions.errors.handoverNotPending');
    if (!(await handovers.decideHandover(tx, { id: handover.id, version: handover.version, status: 'cancelled', by: on.actor.id })))
      throw new ConflictError('solutions.errors.handoverNotPending');
    const data = { toOfficeId: handover.to_office_id };
    for (const officeId of [handover.office_id, handover.to_office_id]) await recordEvent(tx, { ...caseEvent(on, 'case.handover_cancelled', data), officeId });
  });
}

/** The pending hand-over the user may decide on (a supervisor of the receiving office), or "not found". */
async function pendingFor(tx: Tx, actor: AuthUser, handoverId: string) {
  const handover = await handovers.findHandover(tx, handoverId);
  if (!handover || !canReceive(actor, handover.to_office_id)) throw new NotFoundError();
  if (handover.status !== 'pending') throw new ConflictError('solutions.errors.handoverNotPending');
  return handover;
}

/**
 * The receiving office accepts: in one transaction, every personal field of the case is decrypted under the
 * sending office's key and encrypted under the receiving office's, the case and its rows move to the receiving
 * office (its owner is chosen by the accepting supervisor), and the sending office keeps the scopes the
 * hand-over named, for a limited time. The child safeguards and the transfer consent are checked again: either
 * may have changed since the request. Audited in both offices.
 */
export async function acceptHandover(
  ctx: AppContext,
  actor: AuthUser,
  input: { handoverId: string; ownerId: string },
): Promise<{ caseId: string; resealed: number }> {
  return inTransaction(ctx.db, async (tx) => {
    const handover = await pendingFor(tx, actor, input.handoverId);
    if (!(await repo.isCaseWorkerOf(tx, input.ownerId, handover.to_office_id))) throw new RuleError('OWNER_NOT_IN_OFFICE', 'solutions.errors.ownerNotInOffice');
    const record = await findCase(tx, handover.case_id);
    if (!record || record.office_id !== handover.office_id) throw new ConflictError('solutions.errors.handoverNotPending');
    await assertGates(tx, { actor, record }, { child: true, consent: TRANSFER('case.handover_accept') });
    const from = record.office_id;
    const to = handover.to_office_id;
    // Every sealed value of the case is listed in handover-reseal.ts (CASE_ROW_TABLES, CASE_COLUMNS).
    const caseRow = await resealCaseRow(ctx, tx, { record: record as unknown as Record<string, unknown> & { id: string }, toOfficeId: to });
    await updateCaseChecked(tx, { caseId: record.id, expectedVersion: record.version, changes: { ...caseRow.patch, office_id: to, owner_id: input.ownerId } });
    const resealed = caseRow.count + (await resealCaseRows(ctx, tx, { caseId: record.id, toOfficeId: to }));

    // The receiving office owns the case now: its own shares end, the sending office keeps what policy allows.
    await handovers.revokeShares(tx, record.id, to);
    const until = new Date(Date.now() + OUTCOME_SHARE_DAYS * 86_400_000).toISOString();
    const keep = (JSON.parse(handover.keep_scopes) as string[]).filter((s): s is ShareScope => (SHARE_SCOPES as readonly string[]).includes(s));
    for (const scope of keep) await grantShare(tx, { actor, record: { id: record.id, office_id: to } }, { officeId: from, scope, until });
    await handovers.decideHandover(tx, { id: handover.id, version: handover.version, status: 'accepted', by: actor.id });
    const data = { fromOfficeId: from, toOfficeId: to, ownerId: input.ownerId, resealed };
    for (const officeId of [to, from]) await recordEvent(tx, { ...caseEvent({ actor, record }, 'case.handover_accepted', data), officeId });
    return { caseId: record.id, resealed };
  });
}

export async function declineHandover(ctx: AppContext, actor: AuthUser, handoverId: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const handover = await pendingFor(tx, actor, handoverId);
    await handovers.decideHandover(tx, { id: handover.id, version: handover.version, status: 'declined', by: actor.id });
    await recordEvent(tx, {
      type: 'case.handover_declined',
      officeId: handover.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: handover.case_id,
      data: { toOfficeId: handover.to_office_id },
    });
  });
}
