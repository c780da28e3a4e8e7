import type { FastifyInstance } from 'fastify';
import { parseForm } from '../platform/http/forms.js';
import { publicLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { assess, SELF_CHECK, SelfCheckBody } from './selfcheck.service.js';
import { QuestionPage, ResultPage } from './selfcheck.views.js';

const PUBLIC = { access: 'public' } as const;
const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/self-check`])) as Record<Locale, string>;

/** The job-offer self-check: a plain form, answered on the server, nothing stored or logged. */
export async function selfCheckRoutes(app: FastifyInstance): Promise<void> {
  for (const locale of LOCALES) {
    app.get(`/${locale}/self-check`, { config: PUBLIC }, async (request, reply) => reply.page(QuestionPage({ layout: publicLayout(request, request.t('selfcheck.title'), alternates) })));
    app.post(`/${locale}/self-check`, { config: PUBLIC }, async (request, reply) => {
      const layout = (key: string) => publicLayout(request, request.t(key), alternates);
      const form = parseForm(SelfCheckBody, request.body);
      if (!form.ok) return reply.page(QuestionPage({ layout: layout('selfcheck.title'), errors: form.errors, raw: form.raw }), 400);
      const result = assess(form.value as Record<string, unknown>);
      if (result.answered === 0) return reply.page(QuestionPage({ layout: layout('selfcheck.title'), errors: { [SELF_CHECK.questions[0]?.id ?? 'who']: 'selfcheck.errors.answerOne' } }), 400);
      return reply.page(ResultPage({ layout: layout('selfcheck.result.title'), result }));
    });
  }
}
