import type { FastifyInstance } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { negotiateLocale } from '../platform/i18n/i18n.js';
import { Layout } from '../platform/views/layout.js';

/** The public front door (the language's home page is served by the content module) and the staff home. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    return reply.redirect(`/${negotiateLocale(request.headers['accept-language'])}/`, 302);
  });

  app.get('/staff', { config: { access: 'staff' } }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const entries = request.server.staffNav.filter((e) => e.href !== '/staff' && (!e.permission || hasPermission(auth.user, e.permission)));
    return reply.page(
      <Layout {...(await staffLayout(request, t('staffHome.title')))}>
        <h1>{t('staffHome.heading', { name: auth.user.displayName })}</h1>
        <ul class="card-grid plain-list">
          {entries.map((e) => (
            <li class="card">
              <a href={e.href}>{t(e.labelKey)}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });
}
