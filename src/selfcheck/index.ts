import type { Feature } from '../platform/features/feature.js';
import { selfCheckRoutes } from './selfcheck.routes.js';

/** The public job-offer self-check. */
export const selfCheckFeature: Feature = { name: 'selfcheck', routes: [selfCheckRoutes] };
