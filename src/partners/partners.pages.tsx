import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { countryName, countryOptions } from '../platform/countries.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { isId } from '../platform/ids.js';
import type { Organisation } from '../platform/platform.table.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { partnerListScope } from './partners.policy.js';
import * as repo from './partners.repository.js';
import { AgreementBody, CoverageQuery, FindQuery, SERVICE_CODES, SERVICE_LANGUAGES, ServiceBody, WithdrawBody } from './partners.schema.js';
import * as service from './partners.service.js';
import type { PartnerService } from './partners.table.js';

const MANAGE = { access: { permission: 'partners.manage' } } as const;
const FIND = { access: { permission: 'cases.work' } } as const;

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function AgreementBadge(props: { t: Translator; state: service.AgreementState; expiresOn: string | null }) {
  const { t } = props;
  const cls = props.state === 'valid' ? 'badge badge-low' : props.state === 'expiring' ? 'badge badge-medium' : 'badge badge-high';
  return (
    <span class={cls}>
      {t(`partners.agreement.state.${props.state}`, { date: props.expiresOn ? t.date(`${props.expiresOn}T12:00:00Z`) : '' })}
    </span>
  );
}

async function withFieldErrors<T>(run: () => Promise<T>, rerender: (errors: FieldErrors) => Promise<FastifyReply>): Promise<{ ok: true; value: T } | { ok: false; reply: FastifyReply }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, reply: await rerender(e.fields) };
    throw e;
  }
}

export async function partnerPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/partners', { config: MANAGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const partners = await repo.listPartners(ctx.db, partnerListScope(auth.user));
    const agreements = await repo.liveAgreements(ctx.db, partners.map((p) => p.id));
    const today = service.dayOf(new Date());
    return reply.page(
      <Layout {...(await staffLayout(request, t('partners.title')))}>
        <h1>{t('partners.title')}</h1>
        <p>{t('partners.intro')}</p>
        <p>
          <a class="button button-secondary" href="/staff/partners/coverage">
            {t('partners.coverage.title')}
          </a>{' '}
          {hasPermission(auth.user, 'admin.manage') ? (
            <a class="button button-secondary" href="/staff/admin/organisations/new">
              {t('partners.addOrganisation')}
            </a>
          ) : null}
        </p>
        <Table
          caption={t('partners.list')}
          head={[t('partners.organisation'), t('partners.type'), t('partners.country'), t('partners.services.count'), t('partners.agreement.title')]}
          rows={partners.map((p) => {
            const a = service.agreementState(
              agreements.filter((x) => x.organisation_id === p.id),
              today,
            );
            return [
              <a href={`/staff/partners/${p.id}`}>{p.org_name}</a>,
              t(`admin.orgTypes.${p.org_type}`),
              countryName(p.org_shipping_country, t.locale),
              t.number(Number(p.services)),
              <AgreementBadge t={t} state={a.state} expiresOn={a.expiresOn} />,
            ];
          })}
          empty={t('partners.none')}
        />
      </Layout>,
    );
  });

  app.get('/staff/partners/coverage', { config: MANAGE }, async (request, reply) => {
    const t = request.t;
    const q = parseForm(CoverageQuery, request.query);
    const countries = await repo.countriesWithServices(ctx.db);
    const country = q.ok ? (q.value.country ?? countries[0]) : undefined;
    const rows = country ? await service.coverage(ctx.db, country) : [];
    const gaps = rows.filter((r) => r.gap !== 'none');
    return reply.page(
      <Layout {...(await staffLayout(request, t('partners.coverage.title')))}>
        <h1>{t('partners.coverage.title')}</h1>
        <p>{t('partners.coverage.intro')}</p>
        <Form t={t} method="get" action="/staff/partners/coverage" errors={q.ok ? undefined : q.errors} labels={{ country: t('partners.country') }}>
          <Select t={t} name="country" label={t('partners.country')} options={countryOptions(t.locale)} value={country ?? ''} emptyLabel={t('forms.choose')} error={q.ok ? undefined : q.errors.country} />
          <Submit label={t('partners.coverage.show')} secondary />
        </Form>
        {country ? (
          <>
            <h2>{t('partners.coverage.in', { country: countryName(country, t.locale) })}</h2>
            <p class={gaps.length ? 'notice notice-warning' : 'notice'}>{t('partners.coverage.gapCount', { count: gaps.length })}</p>
            <Table
              caption={t('partners.coverage.table', { country: countryName(country, t.locale) })}
              head={[t('partners.services.service'), t('partners.coverage.adults'), t('partners.coverage.children'), t('partners.services.regions'), t('partners.services.capacityFree'), t('partners.coverage.blocked'), t('partners.coverage.gap')]}
              rows={rows.map((r) => [
                t(`partners.service.${r.service}`),
                t.number(r.adults),
                t.number(r.children),
                r.regions.join(', ') || '—',
                r.capacityFree === null ? '—' : t.number(r.capacityFree),
                t.number(r.blocked),
                <span class={r.gap === 'none' ? 'badge badge-low' : r.gap === 'all' ? 'badge badge-high' : 'badge badge-medium'}>{t(`partners.coverage.gaps.${r.gap}`)}</span>,
              ])}
            />
          </>
        ) : (
          <p class="empty">{t('partners.coverage.noCountry')}</p>
        )}
      </Layout>,
    );
  });

  app.get('/staff/partners/find', { config: FIND }, async (request, reply) => {
    const t = request.t;
    const q = parseForm(FindQuery, request.query);
    const need = q.ok && q.value.country && q.value.service ? { country: q.value.country, service: q.value.service, forChild: q.value.forChild === '1', language: q.value.language } : undefined;
    const matches = need ? await service.findPartnersForNeed(ctx.db, need) : [];
    const v = (k: string) => (q.ok ? String((q.value as Record<string, unknown>)[k] ?? '') : '');
    return reply.page(
      <Layout {...(await staffLayout(request, t('partners.find.title')))}>
        <h1>{t('partners.find.title')}</h1>
        <p>{t('partners.find.intro')}</p>
        <Form t={t} method="get" action="/staff/partners/find" errors={q.ok ? undefined : q.errors} labels={{ country: t('partners.country'), service: t('partners.services.service') }}>
          <Select t={t} name="country" label={t('partners.country')} options={countryOptions(t.locale)} value={v('country')} emptyLabel={t('forms.choose')} />
          <Select t={t} name="service" label={t('partners.services.service')} options={SERVICE_CODES.map((s) => ({ value: s, label: t(`partners.service.${s}`) }))} value={v('service')} emptyLabel={t('forms.choose')} />
          <Choices t={t} name="forChild" inline label={t('partners.find.forChild')} options={[{ value: '0', label: t('partners.find.adult') }, { value: '1', label: t('partners.find.child') }]} value={v('forChild') || '0'} />
          <Select t={t} name="language" label={t('partners.services.language')} options={SERVICE_LANGUAGES.map((l) => ({ value: l, label: languageName(l, t.locale) }))} value={v('language')} emptyLabel={t('partners.find.anyLanguage')} />
          <Submit label={t('partners.find.search')} />
        </Form>
        {need ? (
          <Table
            caption={t('partners.find.results')}
            head={[t('partners.organisation'), t('partners.services.region'), t('partners.services.languages'), t('partners.services.capacityFree'), t('partners.agreement.title')]}
            rows={matches.map((m) => [
              m.organisationName,
              m.region ?? '—',
              m.languages.map((l) => languageName(l, t.locale)).join(', '),
              m.capacityFree === null ? '—' : t.number(m.capacityFree),
              <>
                <AgreementBadge t={t} state={m.agreement.state} expiresOn={m.agreement.expiresOn} />
                {m.agreement.allowsReferral ? null : <span class="hint"> {t('partners.find.blocked')}</span>}
              </>,
            ])}
            empty={t('partners.find.none')}
          />
        ) : null}
      </Layout>,
    );
  });

  const profile = async (request: FastifyRequest, org: Organisation) => {
    const t = request.t;
    const auth = requireAuth(request);
    const services = await repo.servicesOf(ctx.db, org.id);
    const agreements = await repo.agreementsOf(ctx.db, org.id);
    const today = service.dayOf(new Date());
    const state = service.agreementState(agreements.filter((a) => !a.withdrawn_at), today);
    const forWhom = (s: PartnerService) =>
      (['adults', 'children', 'women', 'men'] as const)
        .filter((k) => s[`for_${k}`] === 1)
        .map((k) => t(`partners.for.${k}`))
        .join(', ');
    return (
      <Layout {...(await staffLayout(request, org.org_name))}>
        <p>
          <a href="/staff/partners">{t('partners.back')}</a>
        </p>
        <h1>{org.org_name}</h1>
        <SummaryList
          items={[
            [t('partners.type'), t(`admin.orgTypes.${org.org_type}`)],
            [t('partners.country'), countryName(org.org_shipping_country, t.locale)],
            [t('partners.agreement.title'), <AgreementBadge t={t} state={state.state} expiresOn={state.expiresOn} />],
          ]}
        />
        <h2>{t('partners.services.title')}</h2>
        <p>
          <a class="button" href={`/staff/partners/${org.id}/services/new`}>
            {t('partners.services.add')}
          </a>
        </p>
        <Table
          caption={t('partners.services.title')}
          head={[t('partners.services.service'), t('partners.services.where'), t('partners.services.forWhom'), t('partners.services.languages'), t('partners.services.capacity'), t('partners.services.status')]}
          rows={services.map((s) => [
            <a href={`/staff/partners/${org.id}/services/${s.id}`}>{t(`partners.service.${s.service}`)}</a>,
            [countryName(s.country, t.locale), s.region].filter(Boolean).join(' · '),
            forWhom(s),
            service
              .parseLanguages(s.languages)
              .map((l) => languageName(l, t.locale))
              .join(', '),
            s.capacity_total === null && s.capacity_free === null ? '—' : t('partners.services.capacityValue', { free: s.capacity_free ?? '—', total: s.capacity_total ?? '—' }),
            s.active === 1 ? t('partners.services.active') : t('partners.services.inactive'),
          ])}
          empty={t('partners.services.none')}
        />
        <h2>{t('partners.agreement.heading')}</h2>
        <p>
          <a class="button" href={`/staff/partners/${org.id}/agreements/new`}>
            {t('partners.agreement.add')}
          </a>
        </p>
        <Table
          caption={t('partners.agreement.heading')}
          head={[t('partners.agreement.reference'), t('partners.agreement.signedOn'), t('partners.agreement.expiresOn'), t('partners.services.status'), t('partners.agreement.actions')]}
          rows={agreements.map((a) => [
            a.reference ?? '—',
            t.date(`${a.signed_on}T12:00:00Z`),
            t.date(`${a.expires_on}T12:00:00Z`),
            a.withdrawn_at ? t('partners.agreement.withdrawn') : a.expires_on < today ? t('partners.agreement.expired') : a.signed_on > today ? t('partners.agreement.notYet') : t('partners.agreement.inForce'),
            a.withdrawn_at ? '' : <ActionButton action={`/staff/partners/${org.id}/agreements/${a.id}/withdraw`} csrf={auth.session?.csrf_secret ?? ''} label={t('partners.agreement.withdraw')} fields={{ version: String(a.version) }} danger />,
          ])}
          empty={t('partners.agreement.none')}
        />
      </Layout>
    );
  };

  const loadOrg = async (request: FastifyRequest) => service.organisationFor(ctx, requireAuth(request).user as AuthUser, param(request, 'id'));

  app.get('/staff/partners/:id', { config: MANAGE }, async (request, reply) => reply.page(await profile(request, await loadOrg(request))));

  const serviceForm = async (request: FastifyRequest, org: Organisation, existing: PartnerService | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
    const title = existing ? t('partners.services.edit') : t('partners.services.add');
    const forWhom = (raw?.for as string[] | undefined) ?? (existing ? (['adults', 'children', 'women', 'men'] as const).filter((k) => existing[`for_${k}`] === 1) : ['adults', 'women', 'men']);
    const languages = (raw?.languages as string[] | undefined) ?? (existing ? service.parseLanguages(existing.languages) : []);
    const labels = {
      service: t('partners.services.service'),
      country: t('partners.country'),
      region: t('partners.services.region'),
      for: t('partners.services.forWhom'),
      languages: t('partners.services.languages'),
      capacityTotal: t('partners.services.capacityTotal'),
      capacityFree: t('partners.services.capacityFree'),
      contactName: t('partners.services.contactName'),
      contactPhone: t('partners.services.contactPhone'),
      contactEmail: t('partners.services.contactEmail'),
      active: t('partners.services.status'),
    };
    return (
      <Layout {...(await staffLayout(request, title))}>
        <p>
          <a href={`/staff/partners/${org.id}`}>{org.org_name}</a>
        </p>
        <h1>{title}</h1>
        <Form t={t} action={existing ? `/staff/partners/${org.id}/services/${existing.id}` : `/staff/partners/${org.id}/services`} csrf={auth.session?.csrf_secret} errors={errors} hasRequired labels={labels}>
          {existing ? <input type="hidden" name="version" value={String(existing.version)} /> : null}
          <Select t={t} name="service" label={labels.service} hint={t('partners.services.serviceHint')} options={SERVICE_CODES.map((s) => ({ value: s, label: t(`partners.service.${s}`) }))} value={v('service', existing?.service)} emptyLabel={t('forms.choose')} required error={errors?.service} />
          <Select t={t} name="country" label={labels.country} options={countryOptions(t.locale)} value={v('country', existing?.country ?? org.org_shipping_country)} emptyLabel={t('forms.choose')} required error={errors?.country} />
          <TextField t={t} name="region" label={labels.region} hint={t('partners.services.regionHint')} value={v('region', existing?.region)} error={errors?.region} />
          <Choices t={t} name="for" multiple label={labels.for} options={(['adults', 'children', 'women', 'men'] as const).map((k) => ({ value: k, label: t(`partners.for.${k}`) }))} value={forWhom} required error={errors?.for} />
          <Choices t={t} name="languages" multiple inline label={labels.languages} options={SERVICE_LANGUAGES.map((l) => ({ value: l, label: languageName(l, t.locale) }))} value={languages} required error={errors?.languages} />
          <TextField t={t} name="capacityTotal" type="number" inputMode="numeric" label={labels.capacityTotal} hint={t('partners.services.capacityHint')} value={v('capacityTotal', existing?.capacity_total)} width="short" error={errors?.capacityTotal} />
          <TextField t={t} name="capacityFree" type="number" inputMode="numeric" label={labels.capacityFree} value={v('capacityFree', existing?.capacity_free)} width="short" error={errors?.capacityFree} />
          <TextField t={t} name="contactName" label={labels.contactName} value={v('contactName', existing?.contact_name)} error={errors?.contactName} />
          <TextField t={t} name="contactPhone" type="tel" label={labels.contactPhone} value={v('contactPhone', existing?.contact_phone)} width="medium" dir="ltr" error={errors?.contactPhone} />
          <TextField t={t} name="contactEmail" type="email" label={labels.contactEmail} value={v('contactEmail', existing?.contact_email)} dir="ltr" error={errors?.contactEmail} />
          {existing ? (
            <Choices t={t} name="active" inline label={labels.active} options={[{ value: '1', label: t('partners.services.active') }, { value: '0', label: t('partners.services.inactive') }]} value={v('active', String(existing.active))} />
          ) : null}
          <Submit label={t('forms.save')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/partners/:id/services/new', { config: MANAGE }, async (request, reply) => reply.page(await serviceForm(request, await loadOrg(request), undefined)));

  app.post('/staff/partners/:id/services', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const org = await loadOrg(request);
    const form = parseForm(ServiceBody, request.body);
    if (!form.ok) return reply.page(await serviceForm(request, org, undefined, form.errors, form.raw), 400);
    const r = await withFieldErrors(
      () => service.addService(ctx, auth.user, org.id, form.value),
      async (errors) => reply.page(await serviceForm(request, org, undefined, errors, form.value), 400),
    );
    if (!r.ok) return r.reply;
    await setFlash(request, 'success', 'partners.services.saved');
    return reply.redirect(`/staff/partners/${org.id}`, 303);
  });

  app.get('/staff/partners/:id/services/:serviceId', { config: MANAGE }, async (request, reply) => {
    const org = await loadOrg(request);
    const existing = await repo.findService(ctx.db, org.id, param(request, 'serviceId'));
    if (!existing) throw new NotFoundError();
    return reply.page(await serviceForm(request, org, existing));
  });

  app.post('/staff/partners/:id/services/:serviceId', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const org = await loadOrg(request);
    const existing = await repo.findService(ctx.db, org.id, param(request, 'serviceId'));
    if (!existing) throw new NotFoundError();
    const form = parseForm(ServiceBody, request.body);
    if (!form.ok) return reply.page(await serviceForm(request, org, existing, form.errors, form.raw), 400);
    const r = await withFieldErrors(
      () => service.updateService(ctx, auth.user, org.id, existing.id, form.value),
      async (errors) => reply.page(await serviceForm(request, org, existing, errors, form.value), 400),
    );
    if (!r.ok) return r.reply;
    await setFlash(request, 'success', 'partners.services.saved');
    return reply.redirect(`/staff/partners/${org.id}`, 303);
  });

  const agreementForm = async (request: FastifyRequest, org: Organisation, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const v = (k: string) => String(raw?.[k] ?? '');
    const labels = { reference: t('partners.agreement.reference'), signedOn: t('partners.agreement.signedOn'), expiresOn: t('partners.agreement.expiresOn') };
    return (
      <Layout {...(await staffLayout(request, t('partners.agreement.add')))}>
        <p>
          <a href={`/staff/partners/${org.id}`}>{org.org_name}</a>
        </p>
        <h1>{t('partners.agreement.add')}</h1>
        <p>{t('partners.agreement.explain')}</p>
        <Form t={t} action={`/staff/partners/${org.id}/agreements`} csrf={auth.session?.csrf_secret} errors={errors} hasRequired labels={labels}>
          <TextField t={t} name="reference" label={labels.reference} value={v('reference')} width="medium" error={errors?.reference} />
          <TextField t={t} name="signedOn" type="date" label={labels.signedOn} value={v('signedOn')} required width="medium" error={errors?.signedOn} />
          <TextField t={t} name="expiresOn" type="date" label={labels.expiresOn} value={v('expiresOn')} required width="medium" error={errors?.expiresOn} />
          <Submit label={t('forms.save')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/partners/:id/agreements/new', { config: MANAGE }, async (request, reply) => reply.page(await agreementForm(request, await loadOrg(request))));

  app.post('/staff/partners/:id/agreements', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const org = await loadOrg(request);
    const form = parseForm(AgreementBody, request.body);
    if (!form.ok) return reply.page(await agreementForm(request, org, form.errors, form.raw), 400);
    const r = await withFieldErrors(
      () => service.recordAgreement(ctx, auth.user, org.id, form.value),
      async (errors) => reply.page(await agreementForm(request, org, errors, form.value), 400),
    );
    if (!r.ok) return r.reply;
    await setFlash(request, 'success', 'partners.agreement.saved');
    return reply.redirect(`/staff/partners/${org.id}`, 303);
  });

  app.post('/staff/partners/:id/agreements/:agreementId/withdraw', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const org = await loadOrg(request);
    const agreementId = param(request, 'agreementId');
    const form = parseForm(WithdrawBody, request.body);
    if (!form.ok) return reply.redirect(`/staff/partners/${org.id}`, 303);
    await service.withdrawAgreement(ctx, auth.user, org.id, agreementId, form.value.version);
    await setFlash(request, 'success', 'partners.agreement.withdrawnFlash');
    return reply.redirect(`/staff/partners/${org.id}`, 303);
  });
}
