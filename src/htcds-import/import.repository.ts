import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ImportJob, ImportJobTable } from './import.table.js';

/* Every query on import_jobs: the HTCDS previews and imports running in the background. */

export async function insertJob(db: Executor, row: Insertable<ImportJobTable>): Promise<void> {
  await db.insertInto('import_jobs').values(row).execute();
}

export function findJob(db: Executor, id: string): Promise<ImportJob | undefined> {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs to run: waiting, or running under a lease that ran out (its process stopped), oldest first. */
export async function runnableJobIds(db: Executor, limit: number): Promise<string[]> {
  const now = nowIso();
  const rows = await db
    .selectFrom('import_jobs')
    .select('id')
    .where((eb) => eb.or([eb('status', '=', 'waiting'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes a job for `holder` until `until`: a conditional update, so of several processes racing for it one wins.
 * A job whose lease ran out is taken again from the start (an import's one transaction was rolled back with it).
 */
export async function claimJob(db: Executor, { id, holder, until }: { id: string; holder: string; until: string }): Promise<boolean> {
  const now = nowIso();
  const r = await db
    .updateTable('import_jobs')
    .set({ status: 'running', holder, lease_until: until, started_at: now, rows_read: 0, rows_checked: 0, rows_imported: 0 })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'waiting'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records progress and renews the lease, while `holder` still holds the job. */
export async function updateProgress(
  db: Executor,
  {
    id,
    holder,
    progress,
  }: { id: string; holder: string; progress: Pick<Updateable<ImportJobTable>, 'rows_read' | 'rows_checked' | 'rows_imported' | 'lease_until'> },
): Promise<void> {
  await db.updateTable('import_jobs').set(progress).where('id', '=', id).where('holder', '=', holder).execute();
}

/** Ends a job: its outcome kept (sealed), its workbook dropped, its lease released. */
export async function finishJob(
  db: Executor,
  id: string,
  end: { status: 'done' | 'failed'; result_enc: string; rows_read: number; rows_checked: number; rows_imported: number },
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ ...end, file_enc: null, holder: null, lease_until: null, finished_at: nowIso() })
    .where('id', '=', id)
    .execute();
}
