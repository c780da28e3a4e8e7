import { summarySection } from '../platform/features/feature.js';
import { loadPlan } from './plan-view.service.js';
import { canPlan } from './plans.policy.js';
import { PlanSummary } from './summary.views.js';

/** The plan's part of the printed case summary: for whoever may read the plan (the case's readers). */
export const PLAN_SUMMARY = summarySection({
  key: 'plan',
  order: 50,
  load: async (ctx, user, record) => (canPlan(user, 'read', record) ? loadPlan(ctx, record) : undefined),
  view: (t, plan) => PlanSummary({ t, plan }),
});
