import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countryName } from '../platform/countries.js';
import { BadRequestError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { isSubmissionToken, newSubmissionToken } from './submission.js';
import { clientKey, publicLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale, type Translator } from '../platform/i18n/i18n.js';
import { type FieldErrors, Form, Submit, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { MAX_FILES, type PreparedFile, prepareFiles } from './attachments.js';
import { FILE_ACCEPT, ReceiptBody, ReceiptShownBody, ReportForm, reportLabels } from './report-form.views.js';
import { cleanReceiptCode, groupReceiptCode } from './receipt.js';
import { CodeBody, checkCountry, ReplyBody, ReportBody } from './reports.schema.js';
import * as service from './reports.service.js';
import type { ReportRow } from './reports.table.js';

const PUBLIC = { access: 'public' } as const;
const SUBMIT_LIMIT = 30;
const SUBMIT_WINDOW_MS = 60 * 60_000;

const alternates = (suffix: string) => Object.fromEntries(LOCALES.map((l) => [l, `/${l}/report${suffix}`])) as Record<Locale, string>;

async function formPage(request: FastifyRequest, reply: FastifyReply, errors?: FieldErrors, raw?: Record<string, unknown>) {
  const t = request.t;
  const ctx = request.server.ctx;
  const countries = (await service.reportCountries(ctx))
    .map((c) => ({ value: c, label: countryName(c, t.locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, t.locale));
  return reply.page(
    <Layout {...publicLayout(request, t('reports.form.title'), alternates(''))}>
      <h1>{t('reports.form.title')}</h1>
      <p class="lead">{t('reports.form.lead')}</p>
      <div class="danger-box" role="note">
        <p>
          {t('reports.form.emergency')} <a href={`/${t.locale}/help`}>{t('content.nav.help')}</a>
        </p>
      </div>
      <p>
        <a href={`/${t.locale}/report/follow-up`}>{t('reports.form.haveCode')}</a> · <a href={`/${t.locale}/stay-safe`}>{t('safety.link')}</a>
      </p>
      <ReportForm
        t={t}
        errors={errors}
        raw={raw}
        maxUploadMb={ctx.config.maxUploadMb}
        maxFiles={MAX_FILES}
        submission={isSubmissionToken(raw?.submission) ? raw.submission : newSubmissionToken()}
        countries={countries}
      />
    </Layout>,
    errors ? 400 : 200,
  );
}

function CodeForm(props: { t: Translator; error?: string | undefined; typed?: string | undefined }) {
  const { t } = props;
  return (
    <Form
      t={t}
      action={`/${t.locale}/report/follow-up`}
      errors={props.error ? { code: props.error } : undefined}
      labels={{ code: t('reports.form.code.label') }}
      id="code-form"
    >
      <TextField
        t={t}
        name="code"
        label={t('reports.form.code.label')}
        hint={t('reports.form.code.hint')}
        inputMode="numeric"
        autocomplete="off"
        maxLength={40}
        width="medium"
        dir="ltr"
        required
        error={props.error}
        value={props.typed}
      />
      <Submit label={t('reports.followUp.open')} />
    </Form>
  );
}

/** The receipt with its code (no-store, like every page): shown in this one response only. */
function receiptPage(request: FastifyRequest, reply: FastifyReply, code: string) {
  const t = request.t;
  return reply.page(
    <Layout {...publicLayout(request, t('reports.receipt.title'))}>
      <ReceiptBody t={t} code={groupReceiptCode(code)} />
    </Layout>,
  );
}

/** The code form; a refused code comes back as typed, with what to check (an empty one asks for it). */
async function codePage(request: FastifyRequest, reply: FastifyReply, error?: string, typed?: string) {
  const t = request.t;
  return reply.page(
    <Layout {...publicLayout(request, t('reports.followUp.title'), alternates('/follow-up'))}>
      <h1>{t('reports.followUp.title')}</h1>
      <p class="lead">{t('reports.followUp.lead')}</p>
      <CodeForm t={t} error={error} typed={typed} />
    </Layout>,
    error ? 400 : 200,
  );
}

/** The follow-up view: status, the conversation, and a form to answer. The code travels only in POST bodies. */
async function statusPage(
  request: FastifyRequest,
  reply: FastifyReply,
  report: ReportRow,
  code: string,
  opts: { added?: boolean; errors?: FieldErrors; raw?: Record<string, unknown> } = {},
) {
  const t = request.t;
  const ctx = request.server.ctx;
  const status = service.publicStatus(report.state);
  const messages = await service.thread(ctx, report);
  const closed = report.state === 'closed';
  return reply.page(
    <Layout {...publicLayout(request, t('reports.followUp.title'))}>
      <h1>{t('reports.followUp.title')}</h1>
      {opts.added ? (
        <div class="flash flash-success" role="status">
          {t('reports.followUp.added')}
        </div>
      ) : null}
      <dl class="summary-list">
        <div class="summary-row">
          <dt>{t('reports.followUp.status')}</dt>
          <dd>
            <strong class={`status status-${status}`}>{t(`reports.status.${status}`)}</strong>
            <span class="hint"> {t(`reports.statusHint.${status}`)}</span>
          </dd>
        </div>
      </dl>
      <h2>{t('reports.followUp.messages')}</h2>
      {messages.length === 0 ? (
        <p>{t('reports.followUp.noMessages')}</p>
      ) : (
        <ol class="thread">
          {messages.map((m) => (
            <li class={`thread-item thread-${m.author}`}>
              <p class="thread-meta">{m.author === 'staff' ? t('reports.followUp.fromStaff') : t('reports.followUp.fromYou')}</p>
              <p class="thread-body" dir="auto">
                {m.body || t('reports.followUp.filesOnly')}
              </p>
            </li>
          ))}
        </ol>
      )}
      {closed ? (
        <p>{t('reports.followUp.closedText')}</p>
      ) : (
        <Form t={t} action={`/${t.locale}/report/follow-up/reply`} multipart errors={opts.errors} labels={reportLabels(t)} id="reply-form">
          <input type="hidden" name="code" value={code} />
          <h2>{t('reports.followUp.replyTitle')}</h2>
          <TextArea
            t={t}
            name="message"
            label={t('reports.form.message.label')}
            hint={t('reports.form.message.hint')}
            value={typeof opts.raw?.message === 'string' ? opts.raw.message : ''}
            rows={5}
            maxLength={5000}
            error={opts.errors?.message}
          />
          <div class={`field${opts.errors?.files ? ' field-has-error' : ''}`}>
            <label class="label" for="f-files">
              {t('reports.form.files.label')}
            </label>
            <p class="hint" id="f-files-hint">
              {t('reports.form.files.hint', { max: MAX_FILES, mb: ctx.config.maxUploadMb })}
            </p>
            {opts.errors?.files ? (
              <p class="field-error" id="f-files-error">
                {t(opts.errors.files)}
              </p>
            ) : null}
            <input id="f-files" name="files" type="file" multiple accept={FILE_ACCEPT} aria-describedby="f-files-hint" class="input" />
          </div>
          <Submit label={t('reports.followUp.send')} />
        </Form>
      )}
      <p class="hint">{t('reports.followUp.leave')}</p>
    </Layout>,
    opts.errors ? 400 : 200,
  );
}

async function filesOrErrors(request: FastifyRequest, value: unknown): Promise<{ files: PreparedFile[] } | { errors: FieldErrors }> {
  try {
    return { files: await prepareFiles(request.server.ctx, 'files', value) };
  } catch (e) {
    if (e instanceof ValidationError) return { errors: e.fields };
    throw e;
  }
}

/** Busboy reports a truncated or malformed body as a plain Error (no status): that is the sender's fault, a 400. */
function isBrokenMultipart(err: unknown): boolean {
  const e = err as { statusCode?: number; message?: unknown };
  return !e.statusCode && typeof e.message === 'string' && /multipart|boundary|Malformed part header|Unexpected end of form/i.test(e.message);
}

export async function reportPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  // Errors the handler above would log as a 500; the platform handler then renders the localised page.
  app.setErrorHandler((err, _request, _reply) => {
    if (isBrokenMultipart(err)) throw new BadRequestError();
    throw err;
  });
  for (const locale of LOCALES) {
    app.get(`/${locale}/report`, { config: PUBLIC }, async (request, reply) => formPage(request, reply));

    app.post(`/${locale}/report`, { config: PUBLIC }, async (request, reply) => {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const parsed = parseForm(ReportBody, body);
      const countryError = parsed.ok ? checkCountry(parsed.value.country) : undefined;
      const prepared = await filesOrErrors(request, body.files);
      if (!parsed.ok || countryError || 'errors' in prepared) {
        const errors = {
          ...(parsed.ok ? {} : parsed.errors),
          ...(countryError ? { country: countryError } : {}),
          ...('errors' in prepared ? prepared.errors : {}),
        };
        return formPage(request, reply, errors, parsed.ok ? (body as Record<string, unknown>) : parsed.raw);
      }
      await ctx.limiter.check('reports.submit', clientKey(request), { limit: SUBMIT_LIMIT, windowMs: SUBMIT_WINDOW_MS });
      const submission = isSubmissionToken(body.submission) ? body.submission : undefined;
      const { code } = await service.submitReport(ctx, {
        input: parsed.value,
        files: prepared.files,
        locale: request.locale,
        options: { channel: 'web', submission },
      });
      // A browser's form carries a one-time token: the code is shown once, on the page this redirect leads to, and
      // Back, a reload or the same form sent again never show it again. A client without a token (a script) has no
      // history to protect and gets the code in this response.
      if (submission) return reply.redirect(`/${locale}/report/receipt/${submission}`, 303);
      return receiptPage(request, reply, code);
    });

    // Not compressed: a 3 KB page shown once (compressing it cost more CPU than the 1.7 KB it saved, issue 16), and a
    // page that holds a secret is better not compressed at all (no length to learn it from, as in BREACH).
    app.get(`/${locale}/report/receipt/:token`, { config: PUBLIC, compress: false }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const taken = isSubmissionToken(token) ? await service.takeReceiptCode(ctx, token) : ({ kind: 'none' } as const);
      if (taken.kind === 'code') return receiptPage(request, reply, taken.code);
      const t = request.t;
      return reply.page(
        <Layout {...publicLayout(request, t('safety.receipt.shownTitle'))}>
          <ReceiptShownBody t={t} gone={taken.kind === 'none'} />
        </Layout>,
      );
    });

    app.get(`/${locale}/report/follow-up`, { config: PUBLIC }, async (request, reply) => codePage(request, reply));

    app.post(`/${locale}/report/follow-up`, { config: PUBLIC }, async (request, reply) => {
      const parsed = parseForm(CodeBody, request.body);
      const typed = parsed.ok ? parsed.value.code : typeof parsed.raw.code === 'string' ? parsed.raw.code.slice(0, 64) : undefined;
      if (!typed) return codePage(request, reply, 'reports.errors.codeEmpty');
      if (!parsed.ok || !cleanReceiptCode(typed)) return codePage(request, reply, 'reports.errors.codeDigits', typed);
      const report = await service.findByCode(ctx, clientKey(request), typed);
      if (!report) return codePage(request, reply, 'reports.errors.code', typed);
      return statusPage(request, reply, report, cleanReceiptCode(parsed.value.code) ?? '');
    });

    app.post(`/${locale}/report/follow-up/reply`, { config: PUBLIC }, async (request, reply) => {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const parsed = parseForm(ReplyBody, body);
      if (!parsed.ok && parsed.errors.code) return codePage(request, reply, 'reports.errors.code');
      const report = await service.findByCode(ctx, clientKey(request), body.code);
      if (!report) return codePage(request, reply, 'reports.errors.code');
      const code = cleanReceiptCode(body.code) ?? '';
      if (!parsed.ok) return statusPage(request, reply, report, code, { errors: parsed.errors, raw: parsed.raw });
      const prepared = await filesOrErrors(request, body.files);
      if ('errors' in prepared) return statusPage(request, reply, report, code, { errors: prepared.errors, raw: parsed.value });
      try {
        await service.reporterAdd(ctx, { report, message: parsed.value.message, files: prepared.files });
      } catch (e) {
        if (e instanceof ValidationError) return statusPage(request, reply, report, code, { errors: e.fields, raw: parsed.value });
        throw e;
      }
      const fresh = (await service.findByCode(ctx, clientKey(request), code)) ?? report;
      return statusPage(request, reply, fresh, code, { added: true });
    });
  }
}
