import type { Feature } from '../platform/features/feature.js';
import { partnersApiRoutes } from './partners-api.routes.js';
import { partnerRoutes } from './partners.routes.js';

/** The partner network: organisations, agreements, services and coverage. */
export const partnersFeature: Feature = {
  name: 'partners',
  routes: [partnerRoutes, partnersApiRoutes],
  nav: [{ href: '/staff/partners', labelKey: 'partners.nav', order: 40, permission: 'partners.manage' }],
};
