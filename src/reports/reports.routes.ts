import type { FastifyInstance } from 'fastify';
import { reportPages } from './report.pages.js';
import { triagePages } from './triage.pages.js';
import { flaggedCommentPages } from './flagged-comments.pages.js';

/** Public reporting and follow-up, and staff triage. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(reportPages);
  await app.register(triagePages);
  await app.register(flaggedCommentPages);
}
