import type { Job } from '../jobs/scheduler.js';
import { FORGET_AFTER_MS } from './shared-limits.js';
import { purgeExpired } from './throttles.repository.js';

/** Drops ended windows and forgotten clients, so the shared tables hold only what is live (admin manifest). */
export const THROTTLE_PURGE_JOB: Job = {
  name: 'throttles.purge',
  everyMs: 10 * 60_000,
  run: async (ctx) => {
    const now = Date.now();
    const n = await purgeExpired(ctx.db, now, now - FORGET_AFTER_MS);
    return `purged ${n} ended windows and forgotten clients`;
  },
};
