import type { Feature } from '../platform/features/feature.js';
import { exportCtdcCommand, importCtdcCommand } from './ctdc/ctdc.cli.js';
import { ctdcExportPages } from './ctdc/export.routes.js';
import { dashboardCountsJob } from './dashboards.jobs.js';
import { dashboardsPages } from './dashboards.routes.js';
import { statsApiRoutes } from './stats-api.routes.js';
import { statsPages } from './stats.routes.js';

/**
 * Statistics: the office's dashboards with small counts suppressed, the CTDC reference data sets and their import,
 * and the k-anonymised CTDC export of an office's cases.
 */
export const statsFeature: Feature = {
  name: 'stats',
  routes: [statsPages, dashboardsPages, ctdcExportPages, statsApiRoutes],
  jobs: [dashboardCountsJob],
  cli: [importCtdcCommand, exportCtdcCommand],
  nav: [
    { href: '/staff/dashboards', labelKey: 'dashboards.nav', order: 90, permission: 'stats.view' },
    { href: '/staff/stats/reference', labelKey: 'stats.nav', order: 100, permission: 'stats.view' },
  ],
};

// The small-count protection, for other features' figures (training).
export { protectDistribution } from './suppression.js';
