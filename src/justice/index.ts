import { type Feature, summarySection } from '../platform/features/feature.js';
import { hasPermission } from '../platform/auth/auth-user.js';
import { justiceWarningsJob } from './justice.jobs.js';
import { justicePagesRoutes } from './justice-pages.routes.js';
import { justiceCaseRoutes } from './justice.routes.js';
import { type JusticeSummary, justiceSummary } from './summary.service.js';
import { JusticeSummaryView } from './summary.views.js';

const summary = summarySection<JusticeSummary>({
  key: 'justice',
  order: 50,
  load: async (ctx, user, record) => (await justiceSummary(ctx, user, record)) ?? undefined,
  view: JusticeSummaryView,
  json: (s) => s,
});

/**
 * Justice and protection (issue 18): the reflection period and residence status on a case with their countdowns and
 * warnings, the decision on cooperation (never a condition of assistance), removal and detention risk, proceedings
 * shared by several cases with their hearings and protection measures, compensation, non-punishment, and what was
 * shared with police, prosecutors or courts (its own consent purpose).
 */
export const justiceFeature: Feature = {
  name: 'justice',
  routes: [justiceCaseRoutes, justicePagesRoutes],
  jobs: [justiceWarningsJob],
  caseSummary: [summary],
  caseTabs: [
    { slug: 'legal-status', labelKey: 'justice.tabs.legal', order: 64, visible: (u) => hasPermission(u, 'justice.proceedings') },
    { slug: 'proceedings', labelKey: 'justice.tabs.proceedings', order: 65, visible: (u) => hasPermission(u, 'justice.proceedings') },
    { slug: 'redress', labelKey: 'justice.tabs.redress', order: 66, visible: (u) => hasPermission(u, 'justice.proceedings') },
  ],
  nav: [
    { href: '/staff/justice/due', labelKey: 'justice.nav.due', order: 55, permission: 'justice.proceedings' },
    { href: '/staff/justice/kinds', labelKey: 'justice.nav.kinds', order: 56, permission: 'cases.supervise' },
    { href: '/staff/justice/figures', labelKey: 'justice.nav.figures', order: 95, permission: 'stats.view' },
  ],
};
