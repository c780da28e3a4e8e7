import type { Feature } from '../platform/features/feature.js';
import { officeRoutes } from './office.routes.js';
import { solutionsApiRoutes } from './solutions-api.routes.js';
import { lateReintegrationPlansJob } from './solutions.jobs.js';
import { solutionPagesRoutes } from './solutions.routes.js';
import { SOLUTION_SUMMARY } from './solutions.summary.js';

/** Durable solutions: return and reintegration, local integration, resettlement, hand-over between offices. */
export const solutionsFeature: Feature = {
  name: 'solutions',
  routes: [solutionPagesRoutes, officeRoutes, solutionsApiRoutes],
  jobs: [lateReintegrationPlansJob],
  caseTabs: [
    { slug: 'solution', labelKey: 'solutions.tabs.solution', order: 70 },
    { slug: 'reintegration', labelKey: 'solutions.tabs.reintegration', order: 75 },
  ],
  caseSummary: [SOLUTION_SUMMARY],
  nav: [{ href: '/staff/solutions', labelKey: 'solutions.nav', order: 80, permission: 'cases.work' }],
};
