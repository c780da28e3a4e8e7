import type { Feature } from '../platform/features/feature.js';
import { odkRoutes } from './odk.routes.js';
import { odkStaffRoutes } from './odk-staff.routes.js';

/** Offline field capture: the OpenRosa server for ODK Collect / KoboCollect / Enketo, devices, conflicts. */
export const odkFeature: Feature = {
  name: 'odk',
  routes: [odkRoutes, odkStaffRoutes],
  nav: [
    { href: '/staff/odk/conflicts', labelKey: 'odk.conflictsNav', order: 25, permission: 'cases.work' },
    { href: '/staff/odk/devices', labelKey: 'odk.nav', order: 95, permission: 'admin.manage' },
  ],
};
