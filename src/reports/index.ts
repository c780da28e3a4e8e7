import type { Feature } from '../platform/features/feature.js';
import { REPORT_RETENTION_JOB, ROUTE_INBOX_JOB } from './reports.jobs.js';
import { reportsApiRoutes } from './reports-api.routes.js';
import { reportsRoutes } from './reports.routes.js';

/** Anonymous reporting with receipt codes and follow-up, and staff triage. */
export const reportsFeature: Feature = {
  name: 'reports',
  routes: [reportsRoutes, reportsApiRoutes],
  jobs: [REPORT_RETENTION_JOB, ROUTE_INBOX_JOB],
  nav: [{ href: '/staff/reports', labelKey: 'reports.nav', order: 10, permission: 'reports.triage' }],
};

/** For the staff home and the admin area: the first-run guide and what waits in the national inbox. */
export { inboxStatus } from './inbox.service.js';
export { InboxGuide } from './inbox.views.js';
/** For "my work": what waits for a triage operator, with counts. */
export { type TriageWork, triageWork } from './triage-work.service.js';
/** For the OpenRosa intake (src/odk): a report from the field goes through the same intake as the web form. */
export { submitReport } from './reports.service.js';
export { ReportBody, type ReportInput } from './reports.schema.js';
export { CONTROL_CODES, EXPLOITATION_CODES, PEOPLE_COUNTS, RECRUITMENT_CODES, REPORTER_ROLES, TRI } from './indicators.js';
