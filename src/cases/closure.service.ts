import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, RuleError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { countSubmittedDeterminations } from './children.repository.js';
import { updateCaseChecked } from './cases.repository.js';
import { can } from './cases.policy.js';
import type { CaseRow } from './cases.table.js';
import { closureNoteKeyLabel } from './person.js';
import { countOpenRequiredReminders } from './reminders.repository.js';
import { hasScreening } from './screening/screening.repository.js';
import { recordCaseEvent } from './case-events.js';
import { webhookEvent } from '../webhooks/webhooks.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.closed': { reason: string; status: string };
    'case.reopened': { reason: string };
  }
}

/**
 * What must not be open when a case closes. Features add their own (open plan actions, pending referrals...) by
 * pushing here; each returns how many items are open.
 */
export interface ClosureCheck {
  code: string;
  /** Message key, with {count}. */
  messageKey: string;
  open(db: Executor, record: CaseRow): Promise<number>;
}

export const CLOSURE_CHECKS: ClosureCheck[] = [
  {
    code: 'required_actions',
    messageKey: 'cases.closure.open.required_actions',
    open: (db, record) => countOpenRequiredReminders(db, record.id),
  },
  {
    code: 'pending_determination',
    messageKey: 'cases.closure.open.pending_determination',
    open: (db, record) => countSubmittedDeterminations(db, record.id),
  },
  {
    // A screening calls for a decision on the person's status before the case can be closed.
    code: 'undecided_status',
    messageKey: 'cases.closure.open.undecided_status',
    open: async (db, record) => {
      if (record.vic_trafficking_status) return 0;
      return (await hasScreening(db, record.id)) ? 1 : 0;
    },
  },
];

export async function openItems(db: Executor, record: CaseRow): Promise<Array<{ code: string; messageKey: string; count: number }>> {
  const out = [];
  for (const c of CLOSURE_CHECKS) {
    const count = await c.open(db, record);
    if (count > 0) out.push({ code: c.code, messageKey: c.messageKey, count });
  }
  return out;
}

/** Closes a case with a reason (DOMAIN.md §2.2), refused while anything required is still open. */
export async function closeCase(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: { reason: string; note?: string | undefined; version: number } },
): Promise<void> {
  if (!can(actor, 'close', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  await inTransaction(ctx.db, async (tx) => {
    const open = await openItems(tx, record);
    if (open.length > 0) throw new RuleError('CLOSURE_BLOCKED', 'cases.closure.blocked', { count: open.reduce((n, o) => n + o.count, 0) });
    const status = input.reason === 'referred_elsewhere' ? 'ClosedReferred' : 'Closed';
    await updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: input.version,
      changes: {
        cas_status: status,
        stage: 'closed',
        cas_reason_for_case_closure: input.reason,
        closure_note_enc: input.note ? await ctx.keys.encrypt(record.office_id, input.note, { aad: closureNoteKeyLabel(record.id), db: tx }) : null,
        closed_at: nowIso(),
      },
    });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.closed', data: { reason: input.reason, status } });
    await webhookEvent(tx, 'case.closed', { officeId: record.office_id, caseId: record.id, status });
  });
}

/** Reopening is a supervisor's decision with a written reason, kept in the audit. */
export async function reopenCase(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: { reason: string; version: number } },
): Promise<void> {
  if (!can(actor, 'reopen', record)) throw new ForbiddenError();
  if (record.cas_status !== 'Closed' && record.cas_status !== 'ClosedReferred') throw new RuleError('CASE_NOT_CLOSED', 'cases.closure.notClosed');
  await inTransaction(ctx.db, async (tx) => {
    await updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: input.version,
      changes: { cas_status: 'Active', stage: 'assessment', closed_at: null, cas_reason_for_case_closure: null },
    });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.reopened', data: { reason: input.reason.slice(0, 1000) } });
  });
}
