import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { recordJobRun, takeLeaseRow } from './jobs.repository.js';
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
export function takeLease(ctx: AppContext, { name, holder, ttlMs }: { name: string; holder: string; ttlMs: number }): Promise<boolean> {
  return takeLeaseRow(ctx.db, { name, holder, until: new Date(Date.now() + ttlMs).toISOString() });
}

export async function runJobOnce(ctx: AppContext, job: Job, holder = randomUUID()): Promise<string | undefined> {
  if (!(await takeLease(ctx, { name: job.name, holder, ttlMs: Math.max(60_000, job.everyMs) }))) return undefined;
  let result: string;
  try {
    result = await job.run(ctx);
  } catch (err) {
    ctx.log.error({ err, job: job.name }, 'job failed');
    result = 'failed';
  }
  countJobRun(job.name, result === 'failed');
  await recordJobRun(ctx.db, job.name, result);
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
