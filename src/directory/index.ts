import type { Feature } from '../platform/features/feature.js';
import { directoryRoutes } from './directory.routes.js';

/** The public help directory and its editing. */
export const directoryFeature: Feature = { name: 'directory', routes: [directoryRoutes] };
