import type { Feature } from '../platform/features/feature.js';
import { trainingApiRoutes } from './training-api.routes.js';
import { trainingPages } from './training.routes.js';

/** Capacity building: trainings, certificates, the material library and training figures. */
export const trainingFeature: Feature = {
  name: 'training',
  routes: [trainingPages, trainingApiRoutes],
  nav: [{ href: '/staff/training', labelKey: 'training.nav', order: 50, permission: 'training.library' }],
};
