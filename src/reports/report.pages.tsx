import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countryOptions } from '../platform/countries.js';
import { BadRequestError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { isSubmissionToken, newSubmissionToken } from './submission.js';
import { clientKey, publicLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale, type Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Select, Submit, TextArea, TextField, TriState } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { MAX_FILES, type PreparedFile, prepareFiles } from './attachments.js';
import { CONTROL_CODES, EXPLOITATION_CODES, PEOPLE_COUNTS, RECRUITMENT_CODES, REPORTER_ROLES } from './indicators.js';
import { cleanReceiptCode, groupReceiptCode } from './receipt.js';
import { CodeBody, checkCountry, ReplyBody, ReportBody } from './reports.schema.js';
import * as service from './reports.service.js';
import type { ReportRow } from './reports.table.js';

const PUBLIC = { access: 'public' } as const;
const SUBMIT_LIMIT = 30;
const SUBMIT_WINDOW_MS = 60 * 60_000;

const alternates = (suffix: string) => Object.fromEntries(LOCALES.map((l) => [l, `/${l}/report${suffix}`])) as Record<Locale, string>;

function labelsFor(t: Translator): Record<string, string> {
  const keys = ['reporterRole', 'recruitment', 'control', 'exploitation', 'country', 'place', 'preciseLocation', 'workplace', 'whenText', 'dangerNow', 'recent24h', 'children', 'peopleCount', 'names', 'phones', 'description', 'files', 'contactOk', 'contactHow', 'contactWhen', 'shareAssistance', 'sharePolice', 'code', 'message'];
  return Object.fromEntries(keys.map((k) => [k, t(`reports.form.${k}.label`)]));
}

function ReportForm(props: { t: Translator; errors?: FieldErrors | undefined; raw?: Record<string, unknown> | undefined; maxUploadMb: number }) {
  const { t, errors } = props;
  const raw = props.raw ?? {};
  const v = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const many = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as string[]) : typeof raw[k] === 'string' ? [raw[k] as string] : []);
  const yesNo = [
    { value: 'yes', label: t('forms.yes') },
    { value: 'no', label: t('forms.no') },
  ];
  return (
    <Form t={t} action={`/${t.locale}/report`} multipart errors={errors} labels={labelsFor(t)} hasRequired id="report-form" class="form report-form">
      <input type="hidden" name="submission" value={isSubmissionToken(raw?.submission) ? raw.submission : newSubmissionToken()} />
      {errors && Object.keys(errors).length > 0 ? <p class="notice">{t('reports.form.filesAgain')}</p> : null}
      <section class="report-section" aria-labelledby="s-who">
        <h2 id="s-who">{t('reports.form.sections.who')}</h2>
        <Choices t={t} name="reporterRole" label={t('reports.form.reporterRole.label')} options={REPORTER_ROLES.map((r) => ({ value: r, label: t(`reports.roles.${r}`) }))} value={v('reporterRole')} required error={errors?.reporterRole} />
      </section>

      <section class="report-section" aria-labelledby="s-what">
        <h2 id="s-what">{t('reports.form.sections.what')}</h2>
        <p class="hint">{t('reports.form.sections.whatHint')}</p>
        <Choices t={t} name="exploitation" multiple label={t('reports.form.exploitation.label')} hint={t('reports.form.exploitation.hint')} options={EXPLOITATION_CODES.map((c) => ({ value: c, label: t(`reports.exploitation.${c}`) }))} value={many('exploitation')} error={errors?.exploitation} />
        <Choices t={t} name="control" multiple label={t('reports.form.control.label')} hint={t('reports.form.control.hint')} options={CONTROL_CODES.map((c) => ({ value: c, label: t(`reports.control.${c}`) }))} value={many('control')} error={errors?.control} />
        <Choices t={t} name="recruitment" multiple label={t('reports.form.recruitment.label')} hint={t('reports.form.recruitment.hint')} options={RECRUITMENT_CODES.map((c) => ({ value: c, label: t(`reports.recruitment.${c}`) }))} value={many('recruitment')} error={errors?.recruitment} />
      </section>

      <section class="report-section" aria-labelledby="s-urgent">
        <h2 id="s-urgent">{t('reports.form.sections.urgency')}</h2>
        <TriState t={t} name="dangerNow" label={t('reports.form.dangerNow.label')} hint={t('reports.form.dangerNow.hint')} value={v('dangerNow')} required error={errors?.dangerNow} />
        <TriState t={t} name="recent24h" label={t('reports.form.recent24h.label')} value={v('recent24h')} required error={errors?.recent24h} />
        <TriState t={t} name="children" label={t('reports.form.children.label')} value={v('children')} required error={errors?.children} />
        <Choices t={t} name="peopleCount" inline label={t('reports.form.peopleCount.label')} options={PEOPLE_COUNTS.map((c) => ({ value: c, label: t(`reports.people.${c}`) }))} value={v('peopleCount')} required error={errors?.peopleCount} />
        <TextField t={t} name="whenText" label={t('reports.form.whenText.label')} hint={t('reports.form.whenText.hint')} value={v('whenText')} maxLength={200} error={errors?.whenText} />
      </section>

      <section class="report-section" aria-labelledby="s-where">
        <h2 id="s-where">{t('reports.form.sections.where')}</h2>
        <Select t={t} name="country" label={t('reports.form.country.label')} options={[{ value: 'unknown', label: t('reports.form.country.unknown') }, ...countryOptions(t.locale)]} value={v('country')} emptyLabel={t('forms.choose')} error={errors?.country} />
        <TextField t={t} name="place" label={t('reports.form.place.label')} hint={t('reports.form.place.hint')} value={v('place')} maxLength={200} error={errors?.place} />
        <TextField t={t} name="preciseLocation" label={t('reports.form.preciseLocation.label')} hint={t('reports.form.preciseLocation.hint')} value={v('preciseLocation')} maxLength={300} error={errors?.preciseLocation} />
        <TextField t={t} name="workplace" label={t('reports.form.workplace.label')} hint={t('reports.form.workplace.hint')} value={v('workplace')} maxLength={200} error={errors?.workplace} />
      </section>

      <section class="report-section" aria-labelledby="s-details">
        <h2 id="s-details">{t('reports.form.sections.details')}</h2>
        <TextArea t={t} name="description" label={t('reports.form.description.label')} hint={t('reports.form.description.hint')} value={v('description')} rows={7} maxLength={10000} required error={errors?.description} />
        <TextArea t={t} name="names" label={t('reports.form.names.label')} hint={t('reports.form.names.hint')} value={v('names')} rows={3} maxLength={1000} error={errors?.names} />
        <TextField t={t} name="phones" type="tel" label={t('reports.form.phones.label')} hint={t('reports.form.phones.hint')} value={v('phones')} maxLength={300} dir="ltr" error={errors?.phones} />
        <div class={`field${errors?.files ? ' field-has-error' : ''}`}>
          <label class="label" for="f-files">
            {t('reports.form.files.label')}
          </label>
          <p class="hint" id="f-files-hint">
            {t('reports.form.files.hint', { max: MAX_FILES, mb: props.maxUploadMb })}
          </p>
          {errors?.files ? (
            <p class="field-error" id="f-files-error">
              <span class="visually-hidden">{t('forms.errorPrefix')} </span>
              {t(errors.files)}
            </p>
          ) : null}
          <input id="f-files" name="files" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf,audio/mpeg,audio/wav,audio/amr,.mp3,.wav,.amr" aria-describedby={errors?.files ? 'f-files-hint f-files-error' : 'f-files-hint'} class="input" />
        </div>
      </section>

      <section class="report-section" aria-labelledby="s-consent">
        <h2 id="s-consent">{t('reports.form.sections.consent')}</h2>
        <Choices t={t} name="contactOk" inline label={t('reports.form.contactOk.label')} options={yesNo} value={v('contactOk')} required error={errors?.contactOk} />
        <TextField t={t} name="contactHow" label={t('reports.form.contactHow.label')} hint={t('reports.form.contactHow.hint')} value={v('contactHow')} maxLength={300} error={errors?.contactHow} />
        <TextField t={t} name="contactWhen" label={t('reports.form.contactWhen.label')} hint={t('reports.form.contactWhen.hint')} value={v('contactWhen')} maxLength={300} error={errors?.contactWhen} />
        <Choices t={t} name="shareAssistance" inline label={t('reports.form.shareAssistance.label')} hint={t('reports.form.shareAssistance.hint')} options={yesNo} value={v('shareAssistance')} required error={errors?.shareAssistance} />
        <Choices t={t} name="sharePolice" inline label={t('reports.form.sharePolice.label')} hint={t('reports.form.sharePolice.hint')} options={yesNo} value={v('sharePolice')} required error={errors?.sharePolice} />
      </section>

      <section class="mandated-notice" aria-labelledby="s-notice">
        <h2 id="s-notice">{t('reports.form.notice.title')}</h2>
        <p>{t('reports.form.notice.text')}</p>
      </section>
      <p class="hint">{t('reports.form.privacy')}</p>
      <Submit label={t('reports.form.submit')} />
    </Form>
  );
}

async function formPage(request: FastifyRequest, reply: FastifyReply, errors?: FieldErrors, raw?: Record<string, unknown>) {
  const t = request.t;
  return reply.page(
    <Layout {...publicLayout(request, t('reports.form.title'), alternates(''))}>
      <h1>{t('reports.form.title')}</h1>
      <p class="lead">{t('reports.form.lead')}</p>
      <div class="danger-box" role="note">
        <p>{t('reports.form.emergency')}</p>
      </div>
      <p>
        <a href={`/${t.locale}/report/follow-up`}>{t('reports.form.haveCode')}</a>
      </p>
      <ReportForm t={t} errors={errors} raw={raw} maxUploadMb={request.server.ctx.config.maxUploadMb} />
    </Layout>,
    errors ? 400 : 200,
  );
}

function CodeForm(props: { t: Translator; error?: string | undefined }) {
  const { t } = props;
  return (
    <Form t={t} action={`/${t.locale}/report/follow-up`} errors={props.error ? { code: props.error } : undefined} labels={{ code: t('reports.form.code.label') }} id="code-form">
      <TextField t={t} name="code" label={t('reports.form.code.label')} hint={t('reports.form.code.hint')} inputMode="numeric" autocomplete="off" maxLength={40} width="medium" dir="ltr" required error={props.error} />
      <Submit label={t('reports.followUp.open')} />
    </Form>
  );
}

async function codePage(request: FastifyRequest, reply: FastifyReply, error?: string) {
  const t = request.t;
  return reply.page(
    <Layout {...publicLayout(request, t('reports.followUp.title'), alternates('/follow-up'))}>
      <h1>{t('reports.followUp.title')}</h1>
      <p class="lead">{t('reports.followUp.lead')}</p>
      <CodeForm t={t} error={error} />
    </Layout>,
    error ? 400 : 200,
  );
}

/** The follow-up view: status, the conversation, and a form to answer. The code travels only in POST bodies. */
async function statusPage(request: FastifyRequest, reply: FastifyReply, report: ReportRow, code: string, opts: { added?: boolean; errors?: FieldErrors; raw?: Record<string, unknown> } = {}) {
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
        <Form t={t} action={`/${t.locale}/report/follow-up/reply`} multipart errors={opts.errors} labels={labelsFor(t)} id="reply-form">
          <input type="hidden" name="code" value={code} />
          <h2>{t('reports.followUp.replyTitle')}</h2>
          <TextArea t={t} name="message" label={t('reports.form.message.label')} hint={t('reports.form.message.hint')} value={typeof opts.raw?.message === 'string' ? opts.raw.message : ''} rows={5} maxLength={5000} error={opts.errors?.message} />
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
            <input id="f-files" name="files" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf,audio/mpeg,audio/wav,audio/amr,.mp3,.wav,.amr" aria-describedby="f-files-hint" class="input" />
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
        const errors = { ...(parsed.ok ? {} : parsed.errors), ...(countryError ? { country: countryError } : {}), ...('errors' in prepared ? prepared.errors : {}) };
        return formPage(request, reply, errors, parsed.ok ? (body as Record<string, unknown>) : parsed.raw);
      }
      ctx.limiter.check('reports.submit', clientKey(request), SUBMIT_LIMIT, SUBMIT_WINDOW_MS);
      const { code } = await service.submitReport(ctx, parsed.value, prepared.files, request.locale, { channel: 'web', submission: typeof body.submission === 'string' ? body.submission : undefined });
      const t = request.t;
      // Shown once, in this response only: the code is not in any URL, cookie or stored page (no-store).
      return reply.page(
        <Layout {...publicLayout(request, t('reports.receipt.title'))}>
          <h1>{t('reports.receipt.title')}</h1>
          <p class="lead">{t('reports.receipt.lead')}</p>
          <div class="receipt">
            <p id="receipt-label" class="receipt-label">
              {t('reports.receipt.codeLabel')}
            </p>
            <p class="receipt-code" dir="ltr" lang="en" data-receipt-code>
              {groupReceiptCode(code)}
            </p>
          </div>
          <ul>
            <li>{t('reports.receipt.keep')}</li>
            <li>{t('reports.receipt.once')}</li>
            <li>{t('reports.receipt.comeBack')}</li>
          </ul>
          <p>
            <a class="button" href={`/${t.locale}/report/follow-up`}>
              {t('reports.receipt.followUpLink')}
            </a>
          </p>
        </Layout>,
      );
    });

    app.get(`/${locale}/report/follow-up`, { config: PUBLIC }, async (request, reply) => codePage(request, reply));

    app.post(`/${locale}/report/follow-up`, { config: PUBLIC }, async (request, reply) => {
      const parsed = parseForm(CodeBody, request.body);
      if (!parsed.ok) return codePage(request, reply, 'reports.errors.code');
      const report = await service.findByCode(ctx, clientKey(request), parsed.value.code);
      if (!report) return codePage(request, reply, 'reports.errors.code');
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
        await service.reporterAdd(ctx, report, parsed.value.message, prepared.files);
      } catch (e) {
        if (e instanceof ValidationError) return statusPage(request, reply, report, code, { errors: e.fields, raw: parsed.value });
        throw e;
      }
      const fresh = (await service.findByCode(ctx, clientKey(request), code)) ?? report;
      return statusPage(request, reply, fresh, code, { added: true });
    });
  }
}
