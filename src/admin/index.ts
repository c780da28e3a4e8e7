import type { Feature } from '../platform/features/feature.js';
import { adminRoutes } from './admin.routes.js';

/** Users, offices and organisations, for administrators. */
export const adminFeature: Feature = {
  name: 'admin',
  routes: [adminRoutes],
  nav: [{ href: '/staff/admin', labelKey: 'nav.admin', order: 30, permission: 'admin.manage' }],
};
