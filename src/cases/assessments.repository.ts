import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { CaseAssessmentTable } from './cases.table.js';

/* Every query on a case's assessments. */

export async function insertAssessment(db: Executor, row: Insertable<CaseAssessmentTable>): Promise<void> {
  await db.insertInto('case_assessments').values(row).execute();
}

export function assessmentRows(db: Executor, caseId: string) {
  return db.selectFrom('case_assessments').selectAll().where('case_id', '=', caseId).orderBy('assessed_on', 'desc').orderBy('id', 'desc').execute();
}
