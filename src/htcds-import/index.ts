import type { Feature } from '../platform/features/feature.js';
import { importJobs } from './import.jobs.js';
import { importRoutes } from './import.routes.js';

/** Bulk import of an office's existing cases from the HTCDS Excel template (issue 19 point 5). */
export const htcdsImportFeature: Feature = {
  name: 'htcds-import',
  routes: [importRoutes],
  jobs: importJobs,
  nav: [{ href: '/staff/import/htcds', labelKey: 'import.nav', order: 96, permission: 'cases.import' }],
};
