import type { FastifyInstance } from 'fastify';
import { commentRoutes } from '../comments/comments.routes.js';
import { directoryRoutes } from '../directory/directory.routes.js';
import { selfCheckRoutes } from '../selfcheck/selfcheck.routes.js';
import { contentRoutes } from './content.routes.js';
import { contentStaffRoutes } from './content.staff.js';

/** The public prevention site and its staff side: content, self-check, help directory, comments. */
export async function publicSiteRoutes(app: FastifyInstance): Promise<void> {
  await app.register(contentRoutes);
  await app.register(contentStaffRoutes);
  await app.register(selfCheckRoutes);
  await app.register(directoryRoutes);
  await app.register(commentRoutes);
}
