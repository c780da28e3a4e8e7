import type { Feature } from '../platform/features/feature.js';
import { commentRoutes } from './comments.routes.js';

/** Moderated public comments: the rules and the moderators' pages (the form itself is on content's article pages). */
export const commentsFeature: Feature = { name: 'comments', routes: [commentRoutes] };
