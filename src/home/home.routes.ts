import type { FastifyInstance } from 'fastify';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { negotiateLocale } from '../platform/i18n/i18n.js';
import { staffHome } from './home.service.js';
import { StaffHomePage } from './home.views.js';

/** The public front door (the language's home page is served by the content module) and the staff home. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    return reply.redirect(`/${negotiateLocale(request.headers['accept-language'])}/`, 302);
  });

  app.get('/staff', { config: { access: 'staff' } }, async (request, reply) => {
    const auth = requireAuth(request);
    const layout = await staffLayout(request, request.t('staffHome.title'));
    return reply.page(StaffHomePage({ layout, model: await staffHome(request.server.ctx, auth.user, request.server.staffNav) }));
  });
}
