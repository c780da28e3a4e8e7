import type { Feature } from '../platform/features/feature.js';
import { translationsRoutes } from './translations.routes.js';

/** The translation status of every configured language, and editors' reviews of it by namespace. */
export const translationsFeature: Feature = {
  name: 'translations',
  routes: [translationsRoutes],
  nav: [{ href: '/staff/translations', labelKey: 'translations.nav', order: 61, permission: 'content.edit' }],
};
