import type { Executor } from '../db/database.js';
import { listJobRuns } from './jobs.repository.js';
import type { Job } from './scheduler.js';

/** What `abri jobs` and the administrators' jobs page show of one job. */
export interface JobStatus {
  name: string;
  everyMs: number;
  lastRunAt: string | null;
  lastResult: string | null;
  failed: boolean;
  /** When the scheduler runs it next: one period after the last run, or at the next start when it never ran. */
  nextRunAt: string | null;
  /** A process holds its lease now (it is running, or just ran). */
  leased: boolean;
}

/** The status of each of the given jobs, in their order, from the lease rows the scheduler keeps. */
export async function jobStatuses(db: Executor, jobs: readonly Job[], now = Date.now()): Promise<JobStatus[]> {
  const rows = new Map((await listJobRuns(db)).map((r) => [r.name, r]));
  return jobs.map((job) => {
    const row = rows.get(job.name);
    const lastRunAt = row?.last_run_at ?? null;
    return {
      name: job.name,
      everyMs: job.everyMs,
      lastRunAt,
      lastResult: row?.last_result ?? null,
      failed: row?.last_result === 'failed',
      nextRunAt: lastRunAt ? new Date(Math.max(now, Date.parse(lastRunAt) + job.everyMs)).toISOString() : null,
      leased: !!row?.lease_until && Date.parse(row.lease_until) > now,
    };
  });
}

/** A period in words for the command line: "every 15 min", "every 6 h", "every 1 d". */
export function periodText(ms: number): string {
  if (ms % 86_400_000 === 0) return `every ${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `every ${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `every ${ms / 60_000} min`;
  return `every ${Math.round(ms / 1000)} s`;
}
