import type { FastifyInstance } from 'fastify';
import { JOBS } from '../platform/jobs/scheduler.js';
import { reportPages } from './report.pages.js';
import { routeInbox } from './inbox.service.js';
import { purgeClosedReports } from './retention.service.js';
import { triagePages } from './triage.pages.js';
import { flaggedCommentPages } from './flagged-comments.pages.js';
import { inboxPages } from './inbox.pages.js';

/** The retention purge: daily, deletes reports closed without a case after REPORT_RETENTION_DAYS. */
export const REPORT_RETENTION_JOB = {
  name: 'reports.retention',
  everyMs: 24 * 60 * 60_000,
  async run(ctx: Parameters<typeof purgeClosedReports>[0]) {
    const r = await purgeClosedReports(ctx);
    return `purged ${r.reports} reports, ${r.files} files`;
  },
};
if (!JOBS.some((j) => j.name === REPORT_RETENTION_JOB.name)) JOBS.push(REPORT_RETENTION_JOB);

/** Routes reports waiting in the national inbox to an office that now covers them (also done on office creation). */
export const ROUTE_INBOX_JOB = {
  name: 'reports.route-inbox',
  everyMs: 15 * 60_000,
  async run(ctx: Parameters<typeof routeInbox>[0]) {
    const r = await routeInbox(ctx);
    return `routed ${r.routed} reports, ${r.waiting} still waiting`;
  },
};
if (!JOBS.some((j) => j.name === ROUTE_INBOX_JOB.name)) JOBS.push(ROUTE_INBOX_JOB);

/** Public reporting and follow-up, and staff triage. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(reportPages);
  await app.register(triagePages);
  await app.register(flaggedCommentPages);
  await app.register(inboxPages);
}
