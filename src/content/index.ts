import type { Feature } from '../platform/features/feature.js';
import { contentRoutes } from './content.routes.js';
import { contentStaffRoutes } from './content.staff.js';

/** The public prevention site's pages and news, and their editing by staff. */
export const contentFeature: Feature = {
  name: 'content',
  routes: [contentRoutes, contentStaffRoutes],
  nav: [{ href: '/staff/content', labelKey: 'content.staff.title', order: 60, permission: 'content.edit' }],
};
