import { summarySection } from '../platform/features/feature.js';
import { solutionView } from './solution-view.service.js';
import { ownerAccess } from './solutions.policy.js';
import { SolutionSummary } from './summary.views.js';

/** The durable solution's part of the printed case summary: for the owning office's readers, once one is chosen. */
export const SOLUTION_SUMMARY = summarySection({
  key: 'solution',
  order: 70,
  load: async (ctx, user, record) => {
    const access = ownerAccess(user, record);
    if (!access) return undefined;
    const view = await solutionView(ctx, { actor: user, access, record });
    return view.summary.decision || view.personal?.options?.length ? view : undefined;
  },
  view: (t, v) => SolutionSummary({ t, v }),
});
