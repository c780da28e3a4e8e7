import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicNav } from '../platform/views/public-nav.js';
import { parseForm } from '../platform/http/forms.js';
import { publicLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Submit } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { assess, SELF_CHECK, SelfCheckBody, type SelfCheckResult } from './selfcheck.service.js';

const PUBLIC = { access: 'public' } as const;
const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/self-check`])) as Record<Locale, string>;

function questionPage(request: FastifyRequest, errors?: FieldErrors, raw?: Record<string, unknown>) {
  const t = request.t;
  const l = t.locale;
  const labels = Object.fromEntries(SELF_CHECK.questions.map((q) => [q.id, t(`selfcheck.questions.${q.id}.label`)]));
  return (
    <Layout {...publicLayout(request, t('selfcheck.title'), alternates)} nav={publicNav(t, `/${l}/self-check`)}>
      <h1>{t('selfcheck.title')}</h1>
      <p class="lead">{t('selfcheck.intro')}</p>
      <p class="safety-note">{t('selfcheck.private')}</p>
      <Form t={t} action={`/${l}/self-check`} errors={errors} labels={labels} id="self-check" class="form self-check">
        {SELF_CHECK.questions.map((q, i) => (
          <Choices
            t={t}
            name={q.id}
            label={`${t.number(i + 1)}. ${labels[q.id]}`}
            hint={t.has(`selfcheck.questions.${q.id}.hint`) ? t(`selfcheck.questions.${q.id}.hint`) : undefined}
            options={q.options.map((o) => ({ value: o.value, label: t(`selfcheck.questions.${q.id}.options.${o.value}`) }))}
            value={typeof raw?.[q.id] === 'string' ? (raw[q.id] as string) : undefined}
            error={errors?.[q.id]}
          />
        ))}
        <Submit label={t('selfcheck.submit')} />
      </Form>
    </Layout>
  );
}

function resultPage(request: FastifyRequest, result: SelfCheckResult) {
  const t = request.t;
  const l = t.locale;
  return (
    <Layout {...publicLayout(request, t('selfcheck.result.title'), alternates)} nav={publicNav(t, `/${l}/self-check`)}>
      <h1>{t('selfcheck.result.title')}</h1>
      <div class={`panel result-${result.level}`} role="status">
        <h2>{t(`selfcheck.levels.${result.level}.title`)}</h2>
        <p>{t(`selfcheck.levels.${result.level}.text`)}</p>
      </div>
      <h2>{t('selfcheck.result.signsTitle', { count: result.signs.length })}</h2>
      {result.signs.length === 0 ? (
        <p>{t('selfcheck.result.noSigns')}</p>
      ) : (
        <ul class="signs">
          {result.signs.map((s) => (
            <li>
              <strong>{t(`selfcheck.signs.${s}.title`)}</strong> {t(`selfcheck.signs.${s}.explain`)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('selfcheck.next.title')}</h2>
      <ol class="steps">
        <li>{t('selfcheck.next.checkEmployer')}</li>
        <li>{t('selfcheck.next.keepDocuments')}</li>
        <li>{t('selfcheck.next.tellSomeone')}</li>
        <li>
          <a href={`/${l}/help`}>{t('selfcheck.next.directory')}</a>
        </li>
        <li>
          <a href={`/${l}/report`}>{t('selfcheck.next.report')}</a>
        </li>
      </ol>
      <p class="hint">{t('selfcheck.result.nothingStored')}</p>
      <p>
        <a href={`/${l}/self-check`}>{t('selfcheck.result.again')}</a>
      </p>
    </Layout>
  );
}

/** The job-offer self-check: a plain form, answered on the server, nothing stored or logged. */
export async function selfCheckRoutes(app: FastifyInstance): Promise<void> {
  for (const locale of LOCALES) {
    app.get(`/${locale}/self-check`, { config: PUBLIC }, async (request, reply) => reply.page(questionPage(request)));
    app.post(`/${locale}/self-check`, { config: PUBLIC }, async (request, reply) => {
      const form = parseForm(SelfCheckBody, request.body);
      if (!form.ok) return reply.page(questionPage(request, form.errors, form.raw), 400);
      const result = assess(form.value as Record<string, unknown>);
      if (result.answered === 0) return reply.page(questionPage(request, { [SELF_CHECK.questions[0]?.id ?? 'who']: 'selfcheck.errors.answerOne' }), 400);
      return reply.page(resultPage(request, result));
    });
  }
}
