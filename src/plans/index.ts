import type { Feature } from '../platform/features/feature.js';
import { planRemindersJob } from './plans.jobs.js';
import { plansRoutes } from './plans.routes.js';
import { PLAN_SUMMARY } from './plans.summary.js';

/** Assistance plans and their actions; reminders of what is overdue. */
export const plansFeature: Feature = {
  name: 'plans',
  routes: [plansRoutes],
  jobs: [planRemindersJob],
  caseTabs: [{ slug: 'plan', labelKey: 'plans.tab', order: 50 }],
  caseSummary: [PLAN_SUMMARY],
};
