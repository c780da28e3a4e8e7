import type { Executor } from '../platform/db/database.js';
import { StaleVersionError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import type { CaseTable } from './cases.table.js';
import type { Updateable } from 'kysely';

/**
 * Applies an edit to a case only if nobody saved it since the editor loaded it: the row's version must still be
 * the one the form carried. Two concurrent edits of the same version: the second is refused (409), never merged.
 */
export async function updateCaseChecked(db: Executor, caseId: string, expectedVersion: number, changes: Updateable<CaseTable>): Promise<number> {
  const result = await db
    .updateTable('cases')
    .set({ ...changes, version: expectedVersion + 1, updated_at: nowIso() })
    .where('id', '=', caseId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError();
  return expectedVersion + 1;
}

/** Bumps the version without a check, for changes the case's own form does not carry (a new note, a reminder). */
export async function touchCase(db: Executor, caseId: string, changes: Updateable<CaseTable> = {}): Promise<void> {
  await db
    .updateTable('cases')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', caseId)
    .execute();
}

/** Lifecycle steps of DOMAIN.md §2.2, in order; a case moves forward as its records come in. */
export const STAGES = ['intake', 'safety', 'consent', 'screening', 'assessment', 'plan', 'assistance', 'solution', 'followup', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export function laterStage(current: string, next: Stage): Stage {
  const a = STAGES.indexOf(current as Stage);
  const b = STAGES.indexOf(next);
  return (a > b ? current : next) as Stage;
}
