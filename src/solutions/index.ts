import type { Feature } from '../platform/features/feature.js';
import { lateReintegrationPlansJob } from './solutions.jobs.js';
import { solutionsRoutes } from './solutions.routes.js';

/** Durable solutions: return and reintegration, local integration, resettlement, hand-over between offices. */
export const solutionsFeature: Feature = {
  name: 'solutions',
  routes: [solutionsRoutes],
  jobs: [lateReintegrationPlansJob],
  caseTabs: [
    { slug: 'solution', labelKey: 'solutions.tabs.solution', order: 70 },
    { slug: 'reintegration', labelKey: 'solutions.tabs.reintegration', order: 75 },
  ],
  nav: [{ href: '/staff/solutions', labelKey: 'solutions.nav', order: 80, permission: 'cases.work' }],
};
