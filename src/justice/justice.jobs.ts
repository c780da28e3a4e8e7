import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { raiseStatusWarnings } from './justice.service.js';

/** Hourly: reflection periods and permits whose end is near get their warning recorded, and those ended their notice. */
export const justiceWarningsJob: Job = {
  name: 'justice-warnings',
  everyMs: 60 * 60 * 1000,
  async run(ctx: AppContext) {
    const r = await raiseStatusWarnings(ctx);
    return `ending soon: ${r.warned}; ended: ${r.ended}`;
  },
};
