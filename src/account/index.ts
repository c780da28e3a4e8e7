import type { Feature } from '../platform/features/feature.js';
import { accountRoutes } from './account.routes.js';

/** A staff member's own account: password, second factor, sessions, API tokens. */
export const accountFeature: Feature = {
  name: 'account',
  routes: [accountRoutes],
  nav: [{ href: '/staff/account', labelKey: 'nav.account', order: 110 }],
};
