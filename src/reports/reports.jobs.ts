import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { purgeClosedReports } from './reports.service.js';

/** The retention purge: daily, deletes reports closed without a case after REPORT_RETENTION_DAYS. */
export const REPORT_RETENTION_JOB: Job = {
  name: 'reports.retention',
  everyMs: 24 * 60 * 60_000,
  async run(ctx: AppContext) {
    const r = await purgeClosedReports(ctx);
    return `purged ${r.reports} reports, ${r.files} files`;
  },
};
