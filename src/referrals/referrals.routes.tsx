import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loadCaseFor } from '../cases/case-access.js';
import { CasePage } from '../cases/case-layout.js';
import { can } from '../cases/cases.policy.js';
import type { PersonContact } from '../cases/cases.service.js';
import type { CaseRow } from '../cases/cases.table.js';
import { countryName } from '../platform/countries.js';
import { AppError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseBody, parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { actionTypeOptions } from '../plans/plans.routes.js';
import { todayIso } from '../plans/plans.service.js';
import { partnerDirectory } from './partner-directory.js';
import {
  DECLINE_REASONS,
  DEFAULT_GRANT,
  DeclineBody,
  GRANTABLE_FIELDS,
  type GrantableField,
  IncomingBody,
  PartnerServiceBody,
  REFERRAL_REASONS,
  REVOKE_REASONS,
  ReferralBody,
  RevokeBody,
  VersionBody,
} from './referrals.schema.js';
import * as service from './referrals.service.js';

const STAFF = { access: { permission: 'cases.work' } } as const;
const PARTNER = { access: { permission: 'referrals.respond' } } as const;
/** Refusals of a referral that belong on the form (consent, override, medical consent), with the field they concern. */
const FORM_REFUSALS: Record<string, string> = {
  CONSENT_REQUIRED: 'organisationId',
  OVERRIDE_REASON_REQUIRED: 'overrideReason',
  MEDICAL_CONSENT_REQUIRED: 'medicalNotes',
  FORBIDDEN: 'overrideReason',
};

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

/** Joins a short list with the locale's separator (the Arabic comma in Arabic). */
function listOf(t: Translator, items: string[]): string {
  return items.join(t.locale === 'ar' ? '، ' : ', ');
}

/** A granted value as the partner reads it. */
export function grantValue(t: Translator, field: GrantableField, value: string | string[] | undefined): string {
  if (value === undefined || value === '') return t('referrals.notRecorded');
  if (field === 'ageBand') return t(`referrals.ageBands.${String(value)}`);
  if (field === 'citizenship')
    return listOf(
      t,
      (value as string[]).map((c) => countryName(c, t.locale)),
    );
  if (field === 'languages') {
    const names = new Intl.DisplayNames([t.locale], { type: 'language', fallback: 'code' });
    return listOf(
      t,
      (value as string[]).map((l) => {
        try {
          return names.of(l) ?? l;
        } catch {
          return l;
        }
      }),
    );
  }
  if (field === 'gender') return t.has(`referrals.genders.${String(value)}`) ? t(`referrals.genders.${String(value)}`) : String(value);
  return Array.isArray(value) ? listOf(t, value) : value;
}

function statusBadge(t: Translator, status: string) {
  return <span class={`badge referral-${status}`}>{t(`referrals.status.${status}`)}</span>;
}

interface FormState {
  form: 'refer' | 'incoming';
  errors: FieldErrors;
  raw: Record<string, unknown>;
}

async function referralsPage(request: FastifyRequest, record: CaseRow, state?: FormState) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  const base = `/staff/cases/${record.id}/referrals`;
  const referrals = await service.caseReferrals(ctx, record);
  const partners = await partnerDirectory().findPartnersForNeed(ctx.db, { officeId: record.office_id });
  const contact = record.contact_enc ? await ctx.keys.decrypt<PersonContact>(record.contact_enc, `cases.contact:${record.id}`) : null;
  const err = (f: FormState['form']) => (state?.form === f ? state.errors : undefined);
  const raw = (f: FormState['form'], k: string): string => (state?.form === f ? String(state.raw[k] ?? '') : '');
  const chosenFields = state?.form === 'refer' ? ((state.raw.fields as string[] | undefined) ?? []) : DEFAULT_GRANT;
  const canOverride = can(auth.user, 'override-consent', record);
  const referLabels = {
    organisationId: t('referrals.form.organisation'),
    service: t('referrals.form.service'),
    reason: t('referrals.form.reason'),
    details: t('referrals.form.details'),
    fields: t('referrals.form.fields'),
    needsSummary: t('referrals.fields.needsSummary'),
    safeContact: t('referrals.fields.safeContact'),
    medicalNotes: t('referrals.fields.medicalNotes'),
    overrideReason: t('referrals.form.overrideReason'),
  };
  const outgoing = referrals.filter((r) => r.direction === 'outgoing');
  const incoming = referrals.filter((r) => r.direction === 'incoming');
  return await CasePage({
    request,
    record,
    tab: 'referrals',
    title: t('referrals.title'),
    children: (
      <>
        <section aria-labelledby="outgoing-h">
          <h2 id="outgoing-h">{t('referrals.outgoing')}</h2>
          {outgoing.length === 0 ? <p class="empty">{t('referrals.noneOutgoing')}</p> : null}
          {outgoing.map((r) => (
            <article class="card referral-card">
              <h3>
                {r.organisationName} · {t(`plans.types.${r.service}`)} {statusBadge(t, r.status)}
                {r.followUpDue ? (
                  <>
                    {' '}
                    <span class="badge badge-high">{t('referrals.followUpDue')}</span>
                  </>
                ) : null}
              </h3>
              <SummaryList
                items={[
                  [t('referrals.reference'), <span dir="ltr">{service.referralReference(r.id)}</span>],
                  [t('referrals.date'), t.date(r.referralDate)],
                  [t('referrals.form.reason'), t(`referrals.reasons.${r.reason}`)],
                  [
                    t('referrals.granted'),
                    listOf(
                      t,
                      r.fields.map((f) => t(`referrals.fields.${f}`)),
                    ),
                  ],
                  ...(r.details ? [[t('referrals.form.details'), <span dir="auto">{r.details}</span>] as [string, string | preact.JSX.Element]] : []),
                  ...(r.consentOverridden ? [[t('referrals.consent'), t('referrals.overridden')] as [string, string]] : []),
                  ...(r.declineReason ? [[t('referrals.declineReason'), t(`referrals.declineReasons.${r.declineReason}`)] as [string, string]] : []),
                  ...(r.endReason ? [[t('referrals.revokeReason'), t(`referrals.revokeReasons.${r.endReason}`)] as [string, string]] : []),
                ]}
              />
              <details>
                <summary>{t('referrals.whatPartnerSees')}</summary>
                <SummaryList items={r.fields.map((f) => [t(`referrals.fields.${f}`), <span dir="auto">{grantValue(t, f, r.grant[f])}</span>])} />
              </details>
              {r.status === 'accepted' ? (
                <ActionButton action={`${base}/${r.id}/complete`} csrf={csrf} label={t('referrals.complete')} fields={{ version: String(r.version) }} />
              ) : null}
              {r.status === 'pending' || r.status === 'accepted' ? (
                <form method="post" action={`${base}/${r.id}/revoke`} class="inline-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="version" value={String(r.version)} />
                  <label for={`revoke-${r.id}`}>{t('referrals.revokeReason')}</label>{' '}
                  <select id={`revoke-${r.id}`} name="reason" class="input input-medium">
                    {REVOKE_REASONS.map((v) => (
                      <option value={v}>{t(`referrals.revokeReasons.${v}`)}</option>
                    ))}
                  </select>{' '}
                  <button type="submit" class="button button-danger">
                    {t('referrals.revoke')}
                  </button>
                </form>
              ) : null}
            </article>
          ))}
          <details class="card" open={state?.form === 'refer' || outgoing.length === 0}>
            <summary>{t('referrals.form.title')}</summary>
            <p class="hint">{t('referrals.form.consentHint')}</p>
            <Form t={t} id="refer-form" action={base} csrf={csrf} errors={err('refer')} labels={referLabels} hasRequired>
              <Select
                t={t}
                name="organisationId"
                label={referLabels.organisationId}
                options={partners.map((p) => ({ value: p.id, label: p.city ? `${p.name} (${p.city})` : p.name }))}
                value={raw('refer', 'organisationId')}
                emptyLabel={t('forms.choose')}
                required
                error={err('refer')?.organisationId}
              />
              <Select
                t={t}
                name="service"
                label={referLabels.service}
                options={actionTypeOptions(t)}
                value={raw('refer', 'service')}
                emptyLabel={t('forms.choose')}
                required
                error={err('refer')?.service}
              />
              <Select
                t={t}
                name="reason"
                label={referLabels.reason}
                options={REFERRAL_REASONS.map((v) => ({ value: v, label: t(`referrals.reasons.${v}`) }))}
                value={raw('refer', 'reason') || 'AdditionalServicesRequired'}
                required
                error={err('refer')?.reason}
              />
              <TextArea
                t={t}
                name="details"
                label={referLabels.details}
                hint={t('referrals.form.detailsHint')}
                value={raw('refer', 'details')}
                rows={3}
                maxLength={2000}
                error={err('refer')?.details}
              />
              <Choices
                t={t}
                name="fields"
                multiple
                label={referLabels.fields}
                hint={t('referrals.form.fieldsHint')}
                options={GRANTABLE_FIELDS.map((f) => ({ value: f, label: t(`referrals.fields.${f}`) }))}
                value={chosenFields}
                required
                error={err('refer')?.fields}
              />
              <TextArea
                t={t}
                name="needsSummary"
                label={referLabels.needsSummary}
                hint={t('referrals.form.needsHint')}
                value={raw('refer', 'needsSummary')}
                rows={3}
                maxLength={1000}
                error={err('refer')?.needsSummary}
              />
              <TextArea
                t={t}
                name="safeContact"
                label={referLabels.safeContact}
                hint={t('referrals.form.safeContactHint')}
                value={raw('refer', 'safeContact') || contact?.safeContactNotes || ''}
                rows={2}
                maxLength={500}
                error={err('refer')?.safeContact}
              />
              <TextArea
                t={t}
                name="medicalNotes"
                label={referLabels.medicalNotes}
                hint={t('referrals.form.medicalHint')}
                value={raw('refer', 'medicalNotes')}
                rows={2}
                maxLength={1000}
                error={err('refer')?.medicalNotes}
              />
              {canOverride ? (
                <TextArea
                  t={t}
                  name="overrideReason"
                  label={referLabels.overrideReason}
                  hint={t('referrals.form.overrideHint')}
                  value={raw('refer', 'overrideReason')}
                  rows={2}
                  maxLength={1000}
                  error={err('refer')?.overrideReason}
                />
              ) : null}
              <Submit label={t('referrals.form.submit')} />
            </Form>
          </details>
        </section>
        <section aria-labelledby="incoming-h">
          <h2 id="incoming-h">{t('referrals.incoming.title')}</h2>
          <Table
            caption={t('referrals.incoming.title')}
            head={[t('referrals.incoming.organisation'), t('referrals.incoming.date'), t('referrals.form.reason'), t('referrals.incoming.details')]}
            rows={incoming.map((r) => [
              r.organisationName,
              t.date(r.referralDate),
              t(`referrals.reasons.${r.reason}`),
              <span dir="auto">{r.details ?? '—'}</span>,
            ])}
            empty={t('referrals.incoming.none')}
          />
          <p>
            <a class="button button-secondary" href={`${base}/incoming`}>
              {t('referrals.incoming.add')}
            </a>
          </p>
        </section>
      </>
    ),
  });
}

/** The form to record a referral received (its own page: its fields share names with the referral form). */
async function incomingPage(request: FastifyRequest, record: CaseRow, state?: FormState) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  const base = `/staff/cases/${record.id}/referrals`;
  const organisations = await ctx.db.selectFrom('organisations').select(['id', 'org_name']).where('active', '=', 1).orderBy('org_name').execute();
  const err = (f: FormState['form']) => (state?.form === f ? state.errors : undefined);
  const raw = (f: FormState['form'], k: string): string => (state?.form === f ? String(state.raw[k] ?? '') : '');
  const incomingLabels = {
    organisationId: t('referrals.incoming.organisation'),
    referralDate: t('referrals.incoming.date'),
    reason: t('referrals.form.reason'),
    service: t('referrals.form.service'),
    details: t('referrals.incoming.details'),
  };
  return await CasePage({
    request,
    record,
    tab: 'referrals',
    title: t('referrals.incoming.add'),
    children: (
      <>
        <p>
          <a href={base}>{t('referrals.incoming.back')}</a>
        </p>
        <Form t={t} id="incoming-form" action={`${base}/incoming`} csrf={csrf} errors={err('incoming')} labels={incomingLabels} hasRequired>
          <Select
            t={t}
            name="organisationId"
            label={incomingLabels.organisationId}
            options={organisations.map((o) => ({ value: o.id, label: o.org_name }))}
            value={raw('incoming', 'organisationId')}
            emptyLabel={t('forms.choose')}
            required
            error={err('incoming')?.organisationId}
          />
          <TextField
            t={t}
            name="referralDate"
            type="date"
            label={incomingLabels.referralDate}
            value={raw('incoming', 'referralDate') || todayIso()}
            width="medium"
            required
            error={err('incoming')?.referralDate}
          />
          <Select
            t={t}
            name="reason"
            label={incomingLabels.reason}
            options={REFERRAL_REASONS.map((v) => ({ value: v, label: t(`referrals.reasons.${v}`) }))}
            value={raw('incoming', 'reason') || 'AdditionalServicesRequired'}
            required
            error={err('incoming')?.reason}
          />
          <Select
            t={t}
            name="service"
            label={incomingLabels.service}
            options={actionTypeOptions(t)}
            value={raw('incoming', 'service')}
            emptyLabel={t('forms.none')}
            error={err('incoming')?.service}
          />
          <TextArea
            t={t}
            name="details"
            label={incomingLabels.details}
            value={raw('incoming', 'details')}
            rows={3}
            maxLength={2000}
            error={err('incoming')?.details}
          />
          <Submit label={t('referrals.incoming.add')} />
        </Form>
      </>
    ),
  });
}

/** Consent and validation refusals go back to the form, with the server's message on the field it concerns. */
function formRefusal(e: unknown): { errors: FieldErrors; status: number } | undefined {
  if (e instanceof ValidationError) return { errors: e.fields, status: 400 };
  if (!(e instanceof AppError)) return undefined;
  const field = FORM_REFUSALS[e.code];
  if (!field || (e.code === 'FORBIDDEN' && e.messageKey !== 'cases.consent.overrideForbidden')) return undefined;
  return { errors: { [field]: e.messageKey }, status: e.status };
}

async function partnerPage(request: FastifyRequest, referralId: string, errors?: FieldErrors, raw?: Record<string, unknown>) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  const v = await service.partnerReferralView(ctx, auth.user, referralId, 'portal');
  const base = `/partner/referrals/${v.id}`;
  const title = t('referrals.portal.referralTitle', { reference: v.reference });
  const labels = { service: t('plans.service.type'), deliveredOn: t('plans.service.date'), notes: t('plans.service.notes') };
  return (
    <Layout {...(await staffLayout(request, title))}>
      <p>
        <a href="/partner">{t('referrals.portal.back')}</a>
      </p>
      <h1>
        <span dir="ltr">{v.reference}</span> {statusBadge(t, v.status)}
      </h1>
      <SummaryList
        items={[
          [t('referrals.portal.from'), v.officeName],
          [t('referrals.portal.to'), v.organisationName],
          [t('referrals.form.service'), t(`plans.types.${v.service}`)],
          [t('referrals.form.reason'), t(`referrals.reasons.${v.reason}`)],
          [t('referrals.date'), t.date(v.referralDate)],
        ]}
      />
      <section aria-labelledby="grant-h" class="card">
        <h2 id="grant-h">{t('referrals.portal.granted')}</h2>
        <p class="hint">{t('referrals.portal.grantedHint')}</p>
        <SummaryList items={v.fields.map((f) => [t(`referrals.fields.${f}`), <span dir="auto">{grantValue(t, f, v.grant[f])}</span>])} />
      </section>
      {v.status === 'pending' ? (
        <section aria-labelledby="respond-h">
          <h2 id="respond-h">{t('referrals.portal.respond')}</h2>
          <ActionButton action={`${base}/accept`} csrf={csrf} label={t('referrals.portal.accept')} fields={{ version: String(v.version) }} />
          <form method="post" action={`${base}/decline`} class="inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="version" value={String(v.version)} />
            <label for="decline-reason">{t('referrals.declineReason')}</label>{' '}
            <select id="decline-reason" name="reason" class="input input-medium">
              {DECLINE_REASONS.map((r) => (
                <option value={r}>{t(`referrals.declineReasons.${r}`)}</option>
              ))}
            </select>{' '}
            <button type="submit" class="button button-danger">
              {t('referrals.portal.decline')}
            </button>
          </form>
        </section>
      ) : null}
      {v.status === 'accepted' ? (
        <section aria-labelledby="services-h">
          <h2 id="services-h">{t('referrals.portal.services')}</h2>
          <Table
            caption={t('referrals.portal.services')}
            head={[t('plans.service.date'), t('plans.service.type'), t('plans.service.notes')]}
            rows={v.services.map((s) => [t.date(s.deliveredOn), t(`plans.types.${s.service}`), <span dir="auto">{s.notes ?? '—'}</span>])}
            empty={t('plans.noServices')}
          />
          <Form t={t} id="service-form" action={`${base}/services`} csrf={csrf} errors={errors} labels={labels} hasRequired>
            <Select
              t={t}
              name="service"
              label={labels.service}
              options={actionTypeOptions(t)}
              value={String(raw?.service ?? v.service)}
              required
              error={errors?.service}
            />
            <TextField
              t={t}
              name="deliveredOn"
              type="date"
              label={labels.deliveredOn}
              value={String(raw?.deliveredOn ?? todayIso())}
              width="medium"
              required
              error={errors?.deliveredOn}
            />
            <TextArea
              t={t}
              name="notes"
              label={labels.notes}
              hint={t('referrals.portal.notesHint')}
              value={String(raw?.notes ?? '')}
              rows={3}
              maxLength={2000}
              error={errors?.notes}
            />
            <Submit label={t('plans.service.add')} />
          </Form>
          <h2>{t('referrals.portal.finish')}</h2>
          <p>{t('referrals.portal.finishHint')}</p>
          <ActionButton action={`${base}/complete`} csrf={csrf} label={t('referrals.complete')} fields={{ version: String(v.version) }} />
        </section>
      ) : null}
    </Layout>
  );
}

export async function referralsRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  // Staff: a case's referrals.
  app.get('/staff/cases/:id/referrals', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'read');
    return reply.page(await referralsPage(request, record));
  });

  app.post('/staff/cases/:id/referrals', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const auth = requireAuth(request);
    const f = parseForm(ReferralBody, request.body);
    if (!f.ok) return reply.page(await referralsPage(request, record, { form: 'refer', errors: f.errors, raw: f.raw }), 400);
    try {
      await service.createReferral(ctx, auth.user, record, f.value);
    } catch (e) {
      const refusal = formRefusal(e);
      if (refusal) return reply.page(await referralsPage(request, record, { form: 'refer', errors: refusal.errors, raw: f.value }), refusal.status);
      throw e;
    }
    await setFlash(request, 'success', 'referrals.flash.created');
    return reply.redirect(`/staff/cases/${record.id}/referrals`, 303);
  });

  app.get('/staff/cases/:id/referrals/incoming', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    return reply.page(await incomingPage(request, record));
  });

  app.post('/staff/cases/:id/referrals/incoming', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const auth = requireAuth(request);
    const f = parseForm(IncomingBody, request.body);
    if (!f.ok) return reply.page(await incomingPage(request, record, { form: 'incoming', errors: f.errors, raw: f.raw }), 400);
    try {
      await service.recordIncomingReferral(ctx, auth.user, record, f.value);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await incomingPage(request, record, { form: 'incoming', errors: e.fields, raw: f.value }), 400);
      throw e;
    }
    await setFlash(request, 'success', 'referrals.flash.incoming');
    return reply.redirect(`/staff/cases/${record.id}/referrals`, 303);
  });

  app.post('/staff/cases/:id/referrals/:referralId/complete', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const f = parseForm(VersionBody, request.body);
    if (!f.ok) throw new ValidationError(f.errors);
    await service.staffTransition(ctx, requireAuth(request).user, record, param(request, 'referralId'), 'complete', f.value);
    await setFlash(request, 'success', 'referrals.flash.completed');
    return reply.redirect(`/staff/cases/${record.id}/referrals`, 303);
  });

  app.post('/staff/cases/:id/referrals/:referralId/revoke', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const f = parseForm(RevokeBody, request.body);
    if (!f.ok) throw new ValidationError(f.errors);
    await service.staffTransition(ctx, requireAuth(request).user, record, param(request, 'referralId'), 'revoke', f.value);
    await setFlash(request, 'success', 'referrals.flash.revoked');
    return reply.redirect(`/staff/cases/${record.id}/referrals`, 303);
  });

  // Partner portal: only live referrals to the user's organisations, only what each grants.
  app.get('/partner', { config: PARTNER }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const rows = await service.partnerReferralList(ctx, auth.user);
    return reply.page(
      <Layout {...(await staffLayout(request, t('referrals.portal.title')))}>
        <h1>{t('referrals.portal.title')}</h1>
        <p class="lead">{t('referrals.portal.lead')}</p>
        <Table
          caption={t('referrals.portal.listCaption')}
          head={[t('referrals.reference'), t('referrals.portal.from'), t('referrals.form.service'), t('referrals.date'), t('referrals.statusLabel')]}
          rows={rows.map((r) => [
            <a href={`/partner/referrals/${r.id}`} dir="ltr">
              {r.reference}
            </a>,
            r.officeName,
            t(`plans.types.${r.service}`),
            t.date(r.referralDate),
            statusBadge(t, r.status),
          ])}
          empty={t('referrals.portal.none')}
        />
      </Layout>,
    );
  });

  app.get('/partner/referrals/:id', { config: PARTNER }, async (request, reply) => reply.page(await partnerPage(request, param(request, 'id'))));

  for (const transition of ['accept', 'decline', 'complete'] as const) {
    app.post(`/partner/referrals/:id/${transition}`, { config: PARTNER }, async (request, reply) => {
      const id = param(request, 'id');
      // Whose referral it is comes first: another organisation learns nothing, not even what the body should be.
      await service.partnerReferral(ctx, requireAuth(request).user, id);
      const f = transition === 'decline' ? parseForm(DeclineBody, request.body) : parseForm(VersionBody, request.body);
      if (!f.ok) throw new ValidationError(f.errors);
      await service.partnerTransition(ctx, requireAuth(request).user, id, transition, f.value);
      await setFlash(request, 'success', `referrals.flash.${transition}`);
      return reply.redirect(transition === 'accept' ? `/partner/referrals/${id}` : '/partner', 303);
    });
  }

  app.post('/partner/referrals/:id/services', { config: PARTNER }, async (request, reply) => {
    const id = param(request, 'id');
    await service.partnerReferral(ctx, requireAuth(request).user, id);
    const f = parseForm(PartnerServiceBody, request.body);
    if (!f.ok) return reply.page(await partnerPage(request, id, f.errors, f.raw), 400);
    await service.partnerRecordService(ctx, requireAuth(request).user, id, f.value);
    await setFlash(request, 'success', 'plans.flash.serviceRecorded');
    return reply.redirect(`/partner/referrals/${id}`, 303);
  });

  // JSON API, staff side (same policies: the case through loadCaseFor, the consent gate in the service).
  app.get('/api/v1/cases/:id/referrals', { config: STAFF }, async (request) => {
    const record = await loadCaseFor(request, 'read');
    const referrals = await service.caseReferrals(ctx, record);
    return { caseId: record.id, referrals: referrals.map((r) => ({ ...r, htcds: service.htcdsReferral(r) })) };
  });

  app.post('/api/v1/cases/:id/referrals', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const id = await service.createReferral(ctx, requireAuth(request).user, record, parseBody(ReferralBody, request.body));
    return reply.code(201).send({ id, reference: service.referralReference(id), status: 'pending' });
  });

  app.post('/api/v1/cases/:id/referrals/incoming', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const id = await service.recordIncomingReferral(ctx, requireAuth(request).user, record, parseBody(IncomingBody, request.body));
    return reply.code(201).send({ id });
  });

  app.post('/api/v1/cases/:id/referrals/:referralId/complete', { config: STAFF }, async (request) => {
    const record = await loadCaseFor(request, 'refer');
    return {
      status: await service.staffTransition(
        ctx,
        requireAuth(request).user,
        record,
        param(request, 'referralId'),
        'complete',
        parseBody(VersionBody, request.body),
      ),
    };
  });

  app.post('/api/v1/cases/:id/referrals/:referralId/revoke', { config: STAFF }, async (request) => {
    const record = await loadCaseFor(request, 'refer');
    return {
      status: await service.staffTransition(
        ctx,
        requireAuth(request).user,
        record,
        param(request, 'referralId'),
        'revoke',
        parseBody(RevokeBody, request.body),
      ),
    };
  });

  // JSON API, partner side.
  app.get('/api/v1/referrals', { config: PARTNER }, async (request) => ({ referrals: await service.partnerReferralList(ctx, requireAuth(request).user) }));

  app.get('/api/v1/referrals/:id', { config: PARTNER }, async (request) => {
    const v = await service.partnerReferralView(ctx, requireAuth(request).user, param(request, 'id'), 'api');
    return { referral: v };
  });

  for (const transition of ['accept', 'decline', 'complete'] as const) {
    app.post(`/api/v1/referrals/:id/${transition}`, { config: PARTNER }, async (request) => {
      await service.partnerReferral(ctx, requireAuth(request).user, param(request, 'id'));
      const body = transition === 'decline' ? parseBody(DeclineBody, request.body) : parseBody(VersionBody, request.body);
      return { status: await service.partnerTransition(ctx, requireAuth(request).user, param(request, 'id'), transition, body) };
    });
  }

  app.post('/api/v1/referrals/:id/services', { config: PARTNER }, async (request, reply) => {
    await service.partnerReferral(ctx, requireAuth(request).user, param(request, 'id'));
    const id = await service.partnerRecordService(ctx, requireAuth(request).user, param(request, 'id'), parseBody(PartnerServiceBody, request.body));
    return reply.code(201).send({ id });
  });
}
