import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { touchCase } from './cases.repository.js';
import { can } from './cases.policy.js';
import type { CaseRow } from './cases.table.js';
import { reminderKeyLabel } from './person.js';
import * as repo from './reminders.repository.js';
import { recordCaseEvent } from './case-events.js';
import { earliestDue } from './due.repository.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.reminder_added': { reminderId: string; kind: string; dueOn: string; required: boolean };
    'case.reminder_done': { reminderId: string };
  }
}

/** Keeps the case's next_due_on (the work list's "due" filters) equal to its earliest open reminder or plan action. */
export async function refreshNextDue(db: Executor, caseId: string): Promise<void> {
  await touchCase(db, caseId, { next_due_on: await earliestDue(db, caseId) });
}

export async function addReminder(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: { dueOn: string; kind: string; required: boolean; text?: string | undefined } },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertReminder(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      due_on: input.dueOn,
      kind: input.kind,
      required: input.required ? 1 : 0,
      text_enc: input.text ? await ctx.keys.encrypt(record.office_id, input.text, { aad: reminderKeyLabel(id), db: tx }) : null,
      assigned_to: record.owner_id,
      done_at: null,
      created_by: actor.id,
      created_at: nowIso(),
    });
    await refreshNextDue(tx, record.id);
    await recordCaseEvent(tx, {
      actorId: actor.id,
      record,
      type: 'case.reminder_added',
      data: { reminderId: id, kind: input.kind, dueOn: input.dueOn, required: input.required },
    });
  });
  return id;
}

export async function completeReminder(
  ctx: AppContext,
  { actor, record, reminderId, version }: { actor: AuthUser; record: CaseRow; reminderId: string; version: number },
): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const r = await repo.completeReminderRow(tx, { caseId: record.id, reminderId, version });
    if (r === 'missing') throw new NotFoundError();
    if (r === 'stale') throw new StaleVersionError();
    await refreshNextDue(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.reminder_done', data: { reminderId } });
  });
}

export async function openReminders(ctx: AppContext, caseId: string) {
  const rows = await repo.openReminderRows(ctx.db, caseId);
  return Promise.all(rows.map(async (r) => ({ ...r, text: r.text_enc ? await ctx.keys.decrypt<string>(r.text_enc, reminderKeyLabel(r.id)) : '' })));
}
