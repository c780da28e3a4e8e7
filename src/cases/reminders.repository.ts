import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { CaseReminderTable } from './cases.table.js';

/* Every query on a case's reminders. */

export async function insertReminder(db: Executor, row: Insertable<CaseReminderTable>): Promise<void> {
  await db.insertInto('case_reminders').values(row).execute();
}

/** Marks an open reminder done at this version: 'done', 'missing' (no such reminder on the case) or 'stale'. */
export async function completeReminderRow(db: Executor, opts: { caseId: string; reminderId: string; version: number }): Promise<'done' | 'missing' | 'stale'> {
  const r = await db
    .updateTable('case_reminders')
    .set({ done_at: nowIso(), version: opts.version + 1 })
    .where('id', '=', opts.reminderId)
    .where('case_id', '=', opts.caseId)
    .where('version', '=', opts.version)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return 'done';
  const exists = await db.selectFrom('case_reminders').select('id').where('id', '=', opts.reminderId).where('case_id', '=', opts.caseId).executeTakeFirst();
  return exists ? 'stale' : 'missing';
}

export function openReminderRows(db: Executor, caseId: string) {
  return db.selectFrom('case_reminders').selectAll().where('case_id', '=', caseId).where('done_at', 'is', null).orderBy('due_on').execute();
}

export async function countOpenRequiredReminders(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('case_reminders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .where('required', '=', 1)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
