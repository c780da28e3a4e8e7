import type { Feature } from '../platform/features/feature.js';
import { partnerPages } from './partners.pages.js';

/** The partner network: organisations, agreements, services and coverage. */
export const partnersFeature: Feature = {
  name: 'partners',
  routes: [partnerPages],
  nav: [{ href: '/staff/partners', labelKey: 'partners.nav', order: 40, permission: 'partners.manage' }],
};
