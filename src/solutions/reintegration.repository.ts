import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ReintegrationPlanTable, ReintegrationSurveyTable } from './solutions.table.js';

/* The queries on the reintegration plan and the sustainability surveys of a case. */

export function findPlan(db: Executor, officeId: string, caseId: string) {
  return db.selectFrom('reintegration_plans').selectAll().where('office_id', '=', officeId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertPlan(db: Executor, row: Insertable<ReintegrationPlanTable>): Promise<void> {
  await db.insertInto('reintegration_plans').values(row).execute();
}

/** Applies a change only to the version read; false when someone saved first. */
export async function updatePlanChecked(db: Executor, opts: { id: string; version: number; objectivesEnc: string; services: string }): Promise<boolean> {
  const r = await db
    .updateTable('reintegration_plans')
    .set({ objectives_enc: opts.objectivesEnc, services: opts.services, version: opts.version + 1, updated_at: nowIso() })
    .where('id', '=', opts.id)
    .where('version', '=', opts.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listSurveys(db: Executor, officeId: string, caseId: string) {
  return db
    .selectFrom('reintegration_surveys')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('case_id', '=', caseId)
    .orderBy('taken_on')
    .orderBy('created_at')
    .execute();
}

export async function hasBaseline(db: Executor, officeId: string, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('reintegration_surveys')
    .select('id')
    .where('office_id', '=', officeId)
    .where('case_id', '=', caseId)
    .where('kind', '=', 'baseline')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSurvey(db: Executor, row: Insertable<ReintegrationSurveyTable>): Promise<void> {
  await db.insertInto('reintegration_surveys').values(row).execute();
}
