import type { Feature } from '../platform/features/feature.js';
import { commentRoutes } from './comments.routes.js';

/** Moderated public comments. */
export const commentsFeature: Feature = { name: 'comments', routes: [commentRoutes] };
