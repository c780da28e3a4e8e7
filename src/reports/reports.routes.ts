import type { FastifyInstance } from 'fastify';
import { JOBS } from '../platform/jobs/scheduler.js';
import { reportPages } from './report.pages.js';
import { purgeClosedReports } from './reports.service.js';
import { triagePages } from './triage.pages.js';
import { flaggedCommentPages } from './flagged-comments.pages.js';

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

/** Public reporting and follow-up, and staff triage. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(reportPages);
  await app.register(triagePages);
  await app.register(flaggedCommentPages);
}
