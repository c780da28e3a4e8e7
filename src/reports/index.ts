import type { Feature } from '../platform/features/feature.js';
import { REPORT_RETENTION_JOB } from './reports.jobs.js';
import { reportsRoutes } from './reports.routes.js';

/** Anonymous reporting with receipt codes and follow-up, and staff triage. */
export const reportsFeature: Feature = {
  name: 'reports',
  routes: [reportsRoutes],
  jobs: [REPORT_RETENTION_JOB],
  nav: [{ href: '/staff/reports', labelKey: 'reports.nav', order: 10, permission: 'reports.triage' }],
};
