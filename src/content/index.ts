import type { Feature } from '../platform/features/feature.js';
import { articleCommentRoutes } from './article.routes.js';
import { contentStaffRoutes } from './content-staff.routes.js';
import { contentRoutes } from './content.routes.js';

/** The public prevention site's pages and news (with the comment form under articles), and their editing by staff. */
export const contentFeature: Feature = {
  name: 'content',
  routes: [contentRoutes, articleCommentRoutes, contentStaffRoutes],
  nav: [{ href: '/staff/content', labelKey: 'content.staff.title', order: 60, permission: 'content.edit' }],
};
