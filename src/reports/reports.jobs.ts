import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { routeInbox } from './inbox.service.js';
import { purgeClosedReports } from './retention.service.js';

/** The retention purge: daily, deletes reports closed without a case after REPORT_RETENTION_DAYS. */
export const REPORT_RETENTION_JOB: Job = {
  name: 'reports.retention',
  everyMs: 24 * 60 * 60_000,
  async run(ctx: AppContext) {
    const r = await purgeClosedReports(ctx);
    return `purged ${r.reports} reports, ${r.files} files`;
  },
};

/** Routes reports waiting in the national inbox to an office that now covers them (also done on office creation). */
export const ROUTE_INBOX_JOB: Job = {
  name: 'reports.route-inbox',
  everyMs: 15 * 60_000,
  async run(ctx: AppContext) {
    const r = await routeInbox(ctx);
    return `routed ${r.routed} reports, ${r.waiting} still waiting`;
  },
};
