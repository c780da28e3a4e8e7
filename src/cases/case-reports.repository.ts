import type { Executor } from '../platform/db/database.js';
import type { CaseReportTable } from './cases.table.js';

/** The link between a case and a report it was opened from or attached to; stored once per pair. */
export async function insertCaseReport(db: Executor, row: CaseReportTable): Promise<void> {
  await db.insertInto('case_reports').values(row).execute();
}

export async function caseReportExists(db: Executor, caseId: string, reportId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('case_reports').select('id').where('case_id', '=', caseId).where('report_id', '=', reportId).executeTakeFirst());
}

/** The reports of a case, oldest first. */
export function reportsOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('case_reports')
    .select(['report_id', 'report_reference', 'kind', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The other cases opened from the same report as this one (a report about several people): its group. */
export function groupOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('case_reports as mine')
    .innerJoin('case_reports as other', (j) => j.onRef('other.report_id', '=', 'mine.report_id').on('other.kind', '=', 'opened'))
    .innerJoin('cases', 'cases.id', 'other.case_id')
    .select(['cases.id', 'cases.case_number', 'cases.office_id'])
    .where('mine.case_id', '=', caseId)
    .where('mine.kind', '=', 'opened')
    .where('other.case_id', '!=', caseId)
    .orderBy('cases.case_number')
    .execute();
}

/** The cases a report is linked to, by case number. */
export function casesOfReport(db: Executor, reportId: string) {
  return db
    .selectFrom('case_reports')
    .innerJoin('cases', 'cases.id', 'case_reports.case_id')
    .select(['cases.id', 'cases.case_number', 'cases.office_id', 'case_reports.kind'])
    .where('case_reports.report_id', '=', reportId)
    .orderBy('cases.case_number')
    .execute();
}
