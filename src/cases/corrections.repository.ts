import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { RecordCorrectionTable } from './cases.table.js';

/* Every query on the corrections and withdrawals of a case's services and notes (issue 21). */

export async function insertCorrection(db: Executor, row: Insertable<RecordCorrectionTable>): Promise<void> {
  await db.insertInto('record_corrections').values(row).execute();
}

/** The corrections of the given rows, newest first. */
export function correctionsOf(db: Executor, subjectIds: string[]) {
  if (subjectIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('record_corrections').selectAll().where('subject_id', 'in', subjectIds).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function correctionsById(db: Executor, caseId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('record_corrections').selectAll().where('case_id', '=', caseId).where('id', 'in', ids).execute();
}
