import type { Executor } from '../db/database.js';
import { nowIso } from '../ids.js';

/*
 * The job_leases table: one row per job, holding which process runs it until when, and its last result.
 */

/**
 * Takes the job's lease row for `holder` until `until` (ISO time), if it is free, expired or already `holder`'s.
 * The lease is a conditional update, so two processes racing for it cannot both win.
 */
export async function takeLeaseRow(db: Executor, lease: { name: string; holder: string; until: string }): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name: lease.name, holder: null, lease_until: null, last_run_at: null, last_result: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const now = nowIso();
  const r = await db
    .updateTable('job_leases')
    .set({ holder: lease.holder, lease_until: lease.until })
    .where('name', '=', lease.name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now), eb('holder', '=', lease.holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records when the job last ran and what it said (cut to 500 characters). */
export async function recordJobRun(db: Executor, name: string, result: string): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ last_run_at: nowIso(), last_result: result.slice(0, 500) })
    .where('name', '=', name)
    .execute();
}

/** Every job's lease row: when it last ran, what it said, and who holds it until when. */
export function listJobRuns(db: Executor) {
  return db.selectFrom('job_leases').select(['name', 'holder', 'lease_until', 'last_run_at', 'last_result']).execute();
}
