import type { Insertable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { CaseScreeningTable } from '../cases.table.js';

/* Every query on a case's screenings. */

export async function insertScreening(db: Executor, row: Insertable<CaseScreeningTable>): Promise<void> {
  await db.insertInto('case_screenings').values(row).execute();
}

export function screeningRows(db: Executor, caseId: string) {
  return db.selectFrom('case_screenings').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').execute();
}

export async function hasScreening(db: Executor, caseId: string): Promise<boolean> {
  return (await db.selectFrom('case_screenings').select('id').where('case_id', '=', caseId).executeTakeFirst()) !== undefined;
}
