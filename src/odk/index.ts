import type { Feature } from '../platform/features/feature.js';
import { odkRoutes } from './odk.routes.js';

/** Offline field capture: the OpenRosa server for ODK Collect / KoboCollect / Enketo, devices, conflicts. */
export const odkFeature: Feature = {
  name: 'odk',
  routes: [odkRoutes],
};
