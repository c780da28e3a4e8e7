import type { FastifyInstance } from 'fastify';
import { flaggedCommentPages } from './flagged-comments.pages.js';
import { inboxPages } from './inbox.pages.js';
import { reportPages } from './report.pages.js';
import { triagePages } from './triage.pages.js';

/** Public reporting and follow-up, staff triage, and the national inbox. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(reportPages);
  await app.register(triagePages);
  await app.register(flaggedCommentPages);
  await app.register(inboxPages);
}
