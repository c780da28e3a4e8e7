import type { FastifyInstance } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { publicLayout, requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale, negotiateLocale } from '../platform/i18n/i18n.js';
import { Layout } from '../platform/views/layout.js';
import { STAFF_NAV } from '../platform/views/staff-nav.js';

/** The public front door and the staff home. The public site's content pages build on this. */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    return reply.redirect(`/${negotiateLocale(request.headers['accept-language'])}/`, 302);
  });

  const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/`])) as Record<Locale, string>;
  for (const locale of LOCALES) {
    app.get(`/${locale}/`, { config: { access: 'public' } }, async (request, reply) => {
      const t = request.t;
      return reply.page(
        <Layout {...publicLayout(request, t('home.title'), alternates)}>
          <h1>{t('home.heading')}</h1>
          <p class="lead">{t('home.lead')}</p>
          <div class="card-grid">
            <section class="card">
              <h2>{t('home.dangerTitle')}</h2>
              <p>{t('home.dangerText')}</p>
            </section>
            <section class="card">
              <h2>{t('home.reportTitle')}</h2>
              <p>{t('home.reportText')}</p>
            </section>
          </div>
        </Layout>,
      );
    });
  }

  app.get('/staff', { config: { access: 'staff' } }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const entries = STAFF_NAV.filter((e) => e.href !== '/staff' && (!e.permission || hasPermission(auth.user, e.permission)));
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
