import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { MarkBody } from './translations.schema.js';
import { languageDetail, markNamespace, translationOverview } from './translations.service.js';
import { LanguagePage, TranslationsPage } from './translations.views.js';

const EDIT = { access: { permission: 'content.edit' } } as const;

/** The translation status pages: editors see every language's catalog and mark what a native speaker reviewed. */
export async function translationsRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/translations', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const layout = await staffLayout(request, request.t('translations.title'));
    return reply.page(TranslationsPage({ layout, languages: await translationOverview(ctx, auth.user) }));
  });

  const languagePage = async (request: FastifyRequest, again?: FormProblem) => {
    const auth = requireAuth(request);
    const status = await languageDetail(ctx, auth.user, (request.params as { locale: string }).locale);
    const layout = await staffLayout(request, request.t('translations.languageTitle', { language: status.name }));
    return LanguagePage({ layout, language: status, csrf: auth.session?.csrf_secret ?? '', again });
  };

  app.get('/staff/translations/:locale', { config: EDIT }, async (request, reply) => reply.page(await languagePage(request)));

  app.post('/staff/translations/:locale', { config: EDIT }, async (request, reply) => {
    const auth = requireAuth(request);
    const locale = (request.params as { locale: string }).locale;
    // An unknown language is a 404 before any body is read.
    await languageDetail(ctx, auth.user, locale);
    return formAction(request, reply, {
      schema: MarkBody,
      run: (value) => markNamespace(ctx, auth.user, { locale, ...value }),
      rerender: (again) => languagePage(request, again),
      done: () => ({ to: `/staff/translations/${locale}`, flash: 'translations.saved' }),
    });
  });
}
