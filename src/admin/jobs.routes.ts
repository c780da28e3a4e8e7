import type { FastifyInstance } from 'fastify';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { jobStatuses } from '../platform/jobs/job-status.js';
import { JobsPage } from './jobs.views.js';

/** The jobs page: every scheduled job of every feature, as `abri jobs` lists them. */
export async function jobsAdminRoutes(app: FastifyInstance): Promise<void> {
  app.get('/staff/admin/jobs', { config: { access: { permission: 'admin.manage' } } }, async (request, reply) => {
    const auth = requireAuth(request);
    const jobs = await jobStatuses(app.ctx.db, request.server.jobs);
    return reply.page(JobsPage({ layout: await staffLayout(request, request.t('jobs.title')), jobs, timeZone: auth.user.timeZone }));
  });
}
