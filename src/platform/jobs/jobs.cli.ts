import type { AppContext } from '../context.js';
import { jobStatuses, periodText } from './job-status.js';
import { type Job, runJobOnce } from './scheduler.js';

/** `abri jobs` lists every job; `abri jobs run NAME` runs one now. Returns the exit code. */
export async function jobsCommand(ctx: AppContext, jobs: readonly Job[], positionals: readonly string[]): Promise<number> {
  const [verb, name] = positionals;
  if (verb === 'run') {
    const job = jobs.find((j) => j.name === name);
    if (!job) {
      console.error(`no job named ${name ?? '(none)'}; jobs: ${jobs.map((j) => j.name).join(', ')}`);
      return 1;
    }
    const result = await runJobOnce(ctx, job);
    if (result === undefined) {
      console.log(`${job.name}: skipped (another process holds the lease)`);
      return 0;
    }
    console.log(`${job.name}: ${result}`);
    return result === 'failed' ? 1 : 0;
  }
  if (verb !== undefined) {
    console.error('usage: abri jobs, or abri jobs run NAME');
    return 1;
  }
  const rows = (await jobStatuses(ctx.db, jobs)).map((s) => [
    s.name,
    periodText(s.everyMs),
    s.lastRunAt ?? 'never',
    s.lastResult ?? '',
    s.nextRunAt ?? 'at the next start',
  ]);
  const head = ['job', 'schedule', 'last run', 'result', 'next run'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  return 0;
}
