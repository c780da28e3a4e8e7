import type { Feature } from '../platform/features/feature.js';
import { referralsRoutes } from './referrals.routes.js';

/** Referrals to partner organisations, and the partner portal. */
export const referralsFeature: Feature = {
  name: 'referrals',
  routes: [referralsRoutes],
  caseTabs: [{ slug: 'referrals', labelKey: 'referrals.tab', order: 60 }],
  nav: [{ href: '/partner', labelKey: 'referrals.portal.nav', order: 70, permission: 'referrals.respond' }],
};
