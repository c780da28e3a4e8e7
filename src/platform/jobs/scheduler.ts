import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { nowIso } from '../ids.js';
import { countJobRun } from '../metrics.js';

export interface Job {
  name: string;
  everyMs: number;
  run(ctx: AppContext): Promise<string>;
}

/**
 * Takes the job's lease row: only one process (of several sharing the database) runs a job at a time.
 * The lease is a conditional update, so two processes racing for it cannot both win.
 */
export async function takeLease(ctx: AppContext, name: string, holder: string, ttlMs: number): Promise<boolean> {
  await ctx.db
    .insertInto('job_leases')
    .values({ name, holder: null, lease_until: null, last_run_at: null, last_result: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const now = nowIso();
  const r = await ctx.db
    .updateTable('job_leases')
    .set({ holder, lease_until: new Date(Date.now() + ttlMs).toISOString() })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function runJobOnce(ctx: AppContext, job: Job, holder = randomUUID()): Promise<string | undefined> {
  if (!(await takeLease(ctx, job.name, holder, Math.max(60_000, job.everyMs)))) return undefined;
  let result: string;
  try {
    result = await job.run(ctx);
  } catch (err) {
    ctx.log.error({ err, job: job.name }, 'job failed');
    result = 'failed';
  }
  countJobRun(job.name, result === 'failed');
  await ctx.db.updateTable('job_leases').set({ last_run_at: nowIso(), last_result: result.slice(0, 500) }).where('name', '=', job.name).execute();
  return result;
}

/** Starts the in-process scheduler; returns a stop function. */
export function startScheduler(ctx: AppContext, jobs: readonly Job[]): () => void {
  const holder = randomUUID();
  const timers = jobs.map((job) => {
    const tick = () => {
      runJobOnce(ctx, job, holder).catch((err) => ctx.log.error({ err, job: job.name }, 'job scheduling failed'));
    };
    const first = setTimeout(tick, 5_000);
    const every = setInterval(tick, job.everyMs);
    first.unref();
    every.unref();
    return [first, every] as const;
  });
  return () => {
    for (const [a, b] of timers) {
      clearTimeout(a);
      clearInterval(b);
    }
  };
}
