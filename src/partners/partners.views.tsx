import { countryName, countryOptions } from '../platform/countries.js';
import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { fieldsOf, ProblemNote } from '../platform/views/form-problem.js';
import type { AgreementSummary, PartnerListModel, PartnerProfileModel, ServiceFormModel } from './partner-view.service.js';
import { SERVICE_CODES, SERVICE_LANGUAGES } from './partners.schema.js';
import type { CoverageRow, PartnerMatch } from './partners.service.js';

const FOR_WHOM = ['adults', 'children', 'women', 'men'] as const;

function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const languageList = (t: Translator, codes: string[]) => codes.map((l) => languageName(l, t.locale)).join(', ');
const serviceOptions = (t: Translator) => SERVICE_CODES.map((s) => ({ value: s, label: t(`partners.service.${s}`) }));
const languageOptions = (t: Translator) => SERVICE_LANGUAGES.map((l) => ({ value: l, label: languageName(l, t.locale) }));

export function AgreementBadge(props: { t: Translator; agreement: AgreementSummary }) {
  const { t, agreement } = props;
  const cls = agreement.state === 'valid' ? 'badge badge-low' : agreement.state === 'expiring' ? 'badge badge-medium' : 'badge badge-high';
  return <span class={cls}>{t(`partners.agreement.state.${agreement.state}`, { date: agreement.expiresOn ? t.date(`${agreement.expiresOn}T12:00:00Z`) : '' })}</span>;
}

export function PartnerListView(props: { t: Translator; model: PartnerListModel }) {
  const { t, model } = props;
  return (
    <>
      <h1>{t('partners.title')}</h1>
      <p>{t('partners.intro')}</p>
      <p>
        <a class="button button-secondary" href="/staff/partners/coverage">
          {t('partners.coverage.title')}
        </a>{' '}
        {model.canAddOrganisation ? (
          <a class="button button-secondary" href="/staff/admin/organisations/new">
            {t('partners.addOrganisation')}
          </a>
        ) : null}
      </p>
      <Table
        caption={t('partners.list')}
        head={[t('partners.organisation'), t('partners.type'), t('partners.country'), t('partners.services.count'), t('partners.agreement.title')]}
        rows={model.partners.map((p) => [
          <a href={`/staff/partners/${p.id}`}>{p.name}</a>,
          t(`admin.orgTypes.${p.type}`),
          countryName(p.country, t.locale),
          t.number(p.services),
          <AgreementBadge t={t} agreement={p.agreement} />,
        ])}
        empty={t('partners.none')}
      />
    </>
  );
}

export function CoverageView(props: { t: Translator; errors?: FieldErrors | undefined; country?: string | undefined; rows: CoverageRow[] }) {
  const { t, country, rows } = props;
  const gaps = rows.filter((r) => r.gap !== 'none');
  return (
    <>
      <h1>{t('partners.coverage.title')}</h1>
      <p>{t('partners.coverage.intro')}</p>
      <Form t={t} method="get" action="/staff/partners/coverage" errors={props.errors} labels={{ country: t('partners.country') }}>
        <Select t={t} name="country" label={t('partners.country')} options={countryOptions(t.locale)} value={country ?? ''} emptyLabel={t('forms.choose')} error={props.errors?.country} />
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
    </>
  );
}

/** The search for partners for a need; `asked` is what the form holds, `matches` is undefined until the need is complete. */
export function FindView(props: { t: Translator; errors?: FieldErrors | undefined; asked: Record<string, string>; matches?: PartnerMatch[] | undefined }) {
  const { t, asked } = props;
  return (
    <>
      <h1>{t('partners.find.title')}</h1>
      <p>{t('partners.find.intro')}</p>
      <Form t={t} method="get" action="/staff/partners/find" errors={props.errors} labels={{ country: t('partners.country'), service: t('partners.services.service') }}>
        <Select t={t} name="country" label={t('partners.country')} options={countryOptions(t.locale)} value={asked.country ?? ''} emptyLabel={t('forms.choose')} />
        <Select t={t} name="service" label={t('partners.services.service')} options={serviceOptions(t)} value={asked.service ?? ''} emptyLabel={t('forms.choose')} />
        <Choices t={t} name="forChild" inline label={t('partners.find.forChild')} options={[{ value: '0', label: t('partners.find.adult') }, { value: '1', label: t('partners.find.child') }]} value={asked.forChild || '0'} />
        <Select t={t} name="language" label={t('partners.services.language')} options={languageOptions(t)} value={asked.language ?? ''} emptyLabel={t('partners.find.anyLanguage')} />
        <Submit label={t('partners.find.search')} />
      </Form>
      {props.matches ? (
        <Table
          caption={t('partners.find.results')}
          head={[t('partners.organisation'), t('partners.services.region'), t('partners.services.languages'), t('partners.services.capacityFree'), t('partners.agreement.title')]}
          rows={props.matches.map((m) => [
            m.organisationName,
            m.region ?? '—',
            languageList(t, m.languages),
            m.capacityFree === null ? '—' : t.number(m.capacityFree),
            <>
              <AgreementBadge t={t} agreement={m.agreement} />
              {m.agreement.allowsReferral ? null : <span class="hint"> {t('partners.find.blocked')}</span>}
            </>,
          ])}
          empty={t('partners.find.none')}
        />
      ) : null}
    </>
  );
}

export function PartnerProfileView(props: { t: Translator; csrf: string; model: PartnerProfileModel }) {
  const { t, model } = props;
  const { org } = model;
  return (
    <>
      <p>
        <a href="/staff/partners">{t('partners.back')}</a>
      </p>
      <h1>{org.name}</h1>
      <SummaryList
        items={[
          [t('partners.type'), t(`admin.orgTypes.${org.type}`)],
          [t('partners.country'), countryName(org.country, t.locale)],
          [t('partners.agreement.title'), <AgreementBadge t={t} agreement={model.agreement} />],
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
        rows={model.services.map((s) => [
          <a href={`/staff/partners/${org.id}/services/${s.id}`}>{t(`partners.service.${s.service}`)}</a>,
          [countryName(s.country, t.locale), s.region].filter(Boolean).join(' · '),
          s.for.map((k) => t(`partners.for.${k}`)).join(', '),
          languageList(t, s.languages),
          s.capacityTotal === null && s.capacityFree === null ? '—' : t('partners.services.capacityValue', { free: s.capacityFree ?? '—', total: s.capacityTotal ?? '—' }),
          s.active ? t('partners.services.active') : t('partners.services.inactive'),
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
        rows={model.agreements.map((a) => [
          a.reference ?? '—',
          t.date(`${a.signedOn}T12:00:00Z`),
          t.date(`${a.expiresOn}T12:00:00Z`),
          t(`partners.agreement.${a.status}`),
          a.status === 'withdrawn' ? '' : <ActionButton action={`/staff/partners/${org.id}/agreements/${a.id}/withdraw`} csrf={props.csrf} label={t('partners.agreement.withdraw')} fields={{ version: String(a.version) }} danger />,
        ])}
        empty={t('partners.agreement.none')}
      />
    </>
  );
}

export function ServiceFormView(props: { t: Translator; csrf: string; model: ServiceFormModel; problem?: FormProblem | undefined }) {
  const { t, model, problem } = props;
  const { org, existing } = model;
  const title = existing ? t('partners.services.edit') : t('partners.services.add');
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
  const field = fieldsOf(t, { labels, problem });
  const was = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const forWhom = (problem?.raw.for as string[] | undefined) ?? existing?.for ?? ['adults', 'women', 'men'];
  const languages = (problem?.raw.languages as string[] | undefined) ?? existing?.languages ?? [];
  return (
    <>
      <p>
        <a href={`/staff/partners/${org.id}`}>{org.name}</a>
      </p>
      <h1>{title}</h1>
      <ProblemNote t={t} problem={problem} onFields={!problem?.refusal} />
      <Form t={t} action={existing ? `/staff/partners/${org.id}/services/${existing.id}` : `/staff/partners/${org.id}/services`} csrf={props.csrf} errors={problem?.errors} hasRequired labels={labels}>
        {existing ? <input type="hidden" name="version" value={String(existing.version)} /> : null}
        <Select {...field('service', existing?.service)} hint={t('partners.services.serviceHint')} options={serviceOptions(t)} emptyLabel={t('forms.choose')} required />
        <Select {...field('country', existing?.country ?? org.country)} options={countryOptions(t.locale)} emptyLabel={t('forms.choose')} required />
        <TextField {...field('region', was(existing?.region))} hint={t('partners.services.regionHint')} />
        <Choices {...field('for')} multiple options={FOR_WHOM.map((k) => ({ value: k, label: t(`partners.for.${k}`) }))} value={forWhom} required />
        <Choices {...field('languages')} multiple inline options={languageOptions(t)} value={languages} required />
        <TextField {...field('capacityTotal', was(existing?.capacityTotal))} type="number" inputMode="numeric" hint={t('partners.services.capacityHint')} width="short" />
        <TextField {...field('capacityFree', was(existing?.capacityFree))} type="number" inputMode="numeric" width="short" />
        <TextField {...field('contactName', was(existing?.contactName))} />
        <TextField {...field('contactPhone', was(existing?.contactPhone))} type="tel" width="medium" dir="ltr" />
        <TextField {...field('contactEmail', was(existing?.contactEmail))} type="email" dir="ltr" />
        {existing ? (
          <Choices
            {...field('active', existing.active)}
            inline
            options={[
              { value: '1', label: t('partners.services.active') },
              { value: '0', label: t('partners.services.inactive') },
            ]}
          />
        ) : null}
        <Submit label={t('forms.save')} />
      </Form>
    </>
  );
}

export function AgreementFormView(props: { t: Translator; csrf: string; org: { id: string; name: string }; problem?: FormProblem | undefined }) {
  const { t, org, problem } = props;
  const labels = { reference: t('partners.agreement.reference'), signedOn: t('partners.agreement.signedOn'), expiresOn: t('partners.agreement.expiresOn') };
  const field = fieldsOf(t, { labels, problem });
  return (
    <>
      <p>
        <a href={`/staff/partners/${org.id}`}>{org.name}</a>
      </p>
      <h1>{t('partners.agreement.add')}</h1>
      <p>{t('partners.agreement.explain')}</p>
      <ProblemNote t={t} problem={problem} onFields={!problem?.refusal} />
      <Form t={t} action={`/staff/partners/${org.id}/agreements`} csrf={props.csrf} errors={problem?.errors} hasRequired labels={labels}>
        <TextField {...field('reference')} width="medium" />
        <TextField {...field('signedOn')} type="date" required width="medium" />
        <TextField {...field('expiresOn')} type="date" required width="medium" />
        <Submit label={t('forms.save')} />
      </Form>
    </>
  );
}
