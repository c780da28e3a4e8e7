import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { touchCase } from './case-version.js';
import { can } from './cases.policy.js';
import type { CaseRow } from './cases.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.reminder_added': { reminderId: string; kind: string; dueOn: string; required: boolean };
    'case.reminder_done': { reminderId: string };
  }
}

/** Keeps the case's next_due_on (the work list's "due actions" filter) equal to its earliest open reminder. */
export async function refreshNextDue(db: Executor, caseId: string): Promise<void> {
  const row = await db
    .selectFrom('case_reminders')
    .select((eb) => eb.fn.min('due_on').as('due'))
    .where('case_id', '=', caseId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  await touchCase(db, caseId, { next_due_on: (row?.due as string | null | undefined) ?? null });
}

export async function addReminder(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  input: { dueOn: string; kind: string; required: boolean; text?: string | undefined },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_reminders')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        due_on: input.dueOn,
        kind: input.kind,
        required: input.required ? 1 : 0,
        text_enc: input.text ? await ctx.keys.encrypt(record.office_id, input.text, `case_reminders.text:${id}`, tx) : null,
        assigned_to: record.owner_id,
        done_at: null,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await refreshNextDue(tx, record.id);
    await recordEvent(tx, {
      type: 'case.reminder_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { reminderId: id, kind: input.kind, dueOn: input.dueOn, required: input.required },
    });
  });
  return id;
}

export async function completeReminder(ctx: AppContext, actor: AuthUser, record: CaseRow, reminderId: string, version: number): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const r = await tx
      .updateTable('case_reminders')
      .set({ done_at: nowIso(), version: version + 1 })
      .where('id', '=', reminderId)
      .where('case_id', '=', record.id)
      .where('version', '=', version)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const exists = await tx.selectFrom('case_reminders').select('id').where('id', '=', reminderId).where('case_id', '=', record.id).executeTakeFirst();
      if (!exists) throw new NotFoundError();
      throw new StaleVersionError();
    }
    await refreshNextDue(tx, record.id);
    await recordEvent(tx, {
      type: 'case.reminder_done',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { reminderId },
    });
  });
}

export async function openReminders(ctx: AppContext, caseId: string) {
  const rows = await ctx.db.selectFrom('case_reminders').selectAll().where('case_id', '=', caseId).where('done_at', 'is', null).orderBy('due_on').execute();
  return Promise.all(rows.map(async (r) => ({ ...r, text: r.text_enc ? await ctx.keys.decrypt<string>(r.text_enc, `case_reminders.text:${r.id}`) : '' })));
}
