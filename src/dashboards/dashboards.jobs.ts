import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { refreshFacts } from './facts.js';
import { currentCounts, refreshCounts } from './rollup.js';

/**
 * Every minute: the facts of changed cases, the recount of what changed and this process's copy of the counts, so
 * a dashboard rarely waits for any of them (the first run, a few seconds after start, loads the copy).
 */
export const dashboardCountsJob: Job = {
  name: 'dashboard-counts',
  everyMs: 60 * 1000,
  async run(ctx: AppContext) {
    const facts = await refreshFacts(ctx);
    const runs = await refreshCounts(ctx);
    const cube = await currentCounts(ctx);
    return `case facts refreshed: ${facts}; office-month runs recounted: ${runs}; offices in memory: ${cube.offices.size}`;
  },
};
