import type { Executor } from '../platform/db/database.js';
import type { SurveyConfigTable } from './solutions.table.js';

/** The latest version stored for an office, or of the built-in configuration (shared by every office) when `officeId` is null. */
export function latestSurveyConfig(db: Executor, officeId: string | null) {
  const q = db.selectFrom('survey_configs').selectAll();
  return (officeId === null ? q.where('office_id', 'is', null) : q.where('office_id', '=', officeId)).orderBy('version', 'desc').executeTakeFirst();
}

export async function surveyConfigJson(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('survey_configs').select('config').where('id', '=', id).executeTakeFirst())?.config;
}

export async function insertSurveyConfig(db: Executor, row: SurveyConfigTable): Promise<void> {
  await db.insertInto('survey_configs').values(row).execute();
}

/** Stores the row unless one with its id exists (two requests storing the built-in version at once store it once). */
export async function insertSurveyConfigOnce(db: Executor, row: SurveyConfigTable): Promise<void> {
  await db
    .insertInto('survey_configs')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
