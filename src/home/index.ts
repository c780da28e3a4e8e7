import type { Feature } from '../platform/features/feature.js';
import { homeRoutes } from './home.routes.js';

/** The front door: the redirect to the visitor's language and the staff home. */
export const homeFeature: Feature = {
  name: 'home',
  routes: [homeRoutes],
  nav: [{ href: '/staff', labelKey: 'nav.home', order: 0 }],
};
