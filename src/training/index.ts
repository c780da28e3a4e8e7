import type { Feature } from '../platform/features/feature.js';
import { trainingPages } from './training.pages.js';

/** Capacity building: trainings, certificates, the material library and training figures. */
export const trainingFeature: Feature = {
  name: 'training',
  routes: [trainingPages],
  nav: [{ href: '/staff/training', labelKey: 'training.nav', order: 50, permission: 'training.library' }],
};
