import type { Feature } from '../platform/features/feature.js';
import { referralsRoutes } from './referrals.routes.js';
import { REFERRAL_SUMMARY } from './referrals.summary.js';

/** Referrals to partner organisations, and the partner portal. */
export const referralsFeature: Feature = {
  name: 'referrals',
  routes: [referralsRoutes],
  caseTabs: [{ slug: 'referrals', labelKey: 'referrals.tab', order: 60 }],
  caseSummary: [REFERRAL_SUMMARY],
  nav: [{ href: '/partner', labelKey: 'referrals.portal.nav', order: 70, permission: 'referrals.respond' }],
};
