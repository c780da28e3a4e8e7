import type { Feature } from '../platform/features/feature.js';
import { exportCtdcCommand } from './ctdc.js';
import { dashboardCountsJob } from './dashboards.jobs.js';
import { dashboardsPages } from './dashboards.pages.js';

/** The office's dashboards with small counts suppressed, and the CTDC export. */
export const dashboardsFeature: Feature = {
  name: 'dashboards',
  routes: [dashboardsPages],
  jobs: [dashboardCountsJob],
  cli: [exportCtdcCommand],
  nav: [{ href: '/staff/dashboards', labelKey: 'dashboards.nav', order: 90, permission: 'stats.view' }],
};
