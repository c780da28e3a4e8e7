import { countryName, countryOptions } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { LOCALES, languageOwnName } from '../platform/i18n/i18n.js';
import type { Office, Organisation } from '../offices/offices.table.js';
import { Choices, type FieldErrors, Form, Select, Submit, Table, TextField, TimeZoneSelect } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { InboxGuide } from '../reports/index.js';
import { ORG_TYPES } from './admin.schema.js';

/** The page frame, as `staffLayout` builds it for the request. */
export type Frame = Omit<LayoutProps, 'children'>;

export function AdminHomeView({ t, frame, inbox }: { t: Translator; frame: Frame; inbox: { offices: number; waiting: number } }) {
  return (
    <Layout {...frame}>
      <h1>{t('admin.title')}</h1>
      <InboxGuide t={t} status={inbox} />
      <ul class="card-grid plain-list">
        <li class="card">
          <a href="/staff/admin/offices">{t('admin.offices.title')}</a>
        </li>
        <li class="card">
          <a href="/staff/admin/organisations">{t('admin.organisations.title')}</a>
        </li>
        <li class="card">
          <a href="/staff/admin/users">{t('admin.users.title')}</a>
        </li>
        <li class="card">
          <a href="/staff/inbox">{t('reportInbox.title')}</a>
        </li>
        <li class="card">
          <a href="/staff/admin/lockouts">{t('lockouts.title')}</a>
        </li>
        <li class="card">
          <a href="/staff/admin/jobs">{t('jobs.link')}</a>
        </li>
      </ul>
    </Layout>
  );
}

// Offices

export function officeFormTitle(t: Translator, office: Partial<Office> | undefined): string {
  return office?.id ? t('admin.offices.edit') : t('admin.offices.new');
}

export interface OfficeFormProps {
  t: Translator;
  frame: Frame;
  csrf: string | undefined;
  office: Partial<Office> | undefined;
  errors?: FieldErrors | undefined;
  raw?: Record<string, unknown> | undefined;
}

export function OfficeFormView({ t, frame, csrf, office, errors, raw }: OfficeFormProps) {
  const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
  const title = officeFormTitle(t, office);
  const languages = raw?.languages ?? (office?.languages ? JSON.parse(office.languages) : []);
  return (
    <Layout {...frame}>
      <h1>{title}</h1>
      <Form
        t={t}
        action={office?.id ? `/staff/admin/offices/${office.id}` : '/staff/admin/offices'}
        csrf={csrf}
        errors={errors}
        hasRequired
        labels={{ code: t('admin.offices.code'), name: t('admin.offices.name'), country: t('admin.fields.country'), languages: t('admin.offices.languages'), timeZone: t('admin.fields.timeZone') }}
      >
        {office?.version ? <input type="hidden" name="version" value={String(office.version)} /> : null}
        {office?.id ? (
          <input type="hidden" name="code" value={office.code} />
        ) : (
          <TextField t={t} name="code" label={t('admin.offices.code')} hint={t('admin.offices.codeHint')} value={v('code')} required width="short" error={errors?.code} />
        )}
        <TextField t={t} name="name" label={t('admin.offices.name')} value={v('name', office?.name)} required error={errors?.name} />
        <Select t={t} name="country" label={t('admin.fields.country')} options={countryOptions(t.locale)} value={v('country', office?.country)} emptyLabel={t('forms.choose')} required error={errors?.country} />
        <Choices t={t} name="languages" multiple label={t('admin.offices.languages')} options={LOCALES.map((l) => ({ value: l, label: languageOwnName(l) }))} value={languages as string[]} required error={errors?.languages} />
        <TimeZoneSelect t={t} name="timeZone" label={t('admin.fields.timeZone')} hint={t('admin.fields.timeZoneHint')} value={v('timeZone', office?.time_zone ?? 'UTC')} required error={errors?.timeZone} />
        <Submit label={t('forms.save')} />
      </Form>
    </Layout>
  );
}

export function OfficeListView({ t, frame, offices }: { t: Translator; frame: Frame; offices: Office[] }) {
  return (
    <Layout {...frame}>
      <h1>{t('admin.offices.title')}</h1>
      <p>
        <a class="button" href="/staff/admin/offices/new">
          {t('admin.offices.new')}
        </a>
      </p>
      <Table
        caption={t('admin.offices.title')}
        head={[t('admin.offices.code'), t('admin.offices.name'), t('admin.fields.country'), t('admin.fields.timeZone')]}
        rows={offices.map((o) => [<a href={`/staff/admin/offices/${o.id}`}>{o.code}</a>, o.name, countryName(o.country, t.locale), o.time_zone])}
        empty={t('admin.offices.none')}
      />
    </Layout>
  );
}

// Organisations (HTCDS org_ fields)

export function organisationFormTitle(t: Translator, org: Organisation | undefined): string {
  return org ? t('admin.organisations.edit') : t('admin.organisations.new');
}

export interface OrganisationFormProps {
  t: Translator;
  frame: Frame;
  csrf: string | undefined;
  org: Organisation | undefined;
  offices: Office[];
  errors?: FieldErrors | undefined;
  raw?: Record<string, unknown> | undefined;
}

export function OrganisationFormView({ t, frame, csrf, org, offices, errors, raw }: OrganisationFormProps) {
  const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
  const title = organisationFormTitle(t, org);
  const labels = {
    name: t('admin.organisations.name'),
    type: t('admin.organisations.type'),
    country: t('admin.fields.country'),
    state: t('admin.organisations.state'),
    city: t('admin.organisations.city'),
    street: t('admin.organisations.street'),
    postalCode: t('admin.organisations.postalCode'),
    phone: t('admin.fields.phone'),
    email: t('admin.fields.email'),
    website: t('admin.organisations.website'),
    officeId: t('admin.organisations.office'),
  };
  return (
    <Layout {...frame}>
      <h1>{title}</h1>
      <Form t={t} action={org ? `/staff/admin/organisations/${org.id}` : '/staff/admin/organisations'} csrf={csrf} errors={errors} hasRequired labels={labels}>
        {org ? <input type="hidden" name="version" value={String(org.version)} /> : null}
        <TextField t={t} name="name" label={labels.name} value={v('name', org?.org_name)} required error={errors?.name} />
        <Select t={t} name="type" label={labels.type} options={ORG_TYPES.map((o) => ({ value: o, label: t(`admin.orgTypes.${o}`) }))} value={v('type', org?.org_type)} emptyLabel={t('forms.choose')} required error={errors?.type} />
        <Select t={t} name="country" label={labels.country} options={countryOptions(t.locale)} value={v('country', org?.org_shipping_country)} emptyLabel={t('forms.choose')} required error={errors?.country} />
        <TextField t={t} name="state" label={labels.state} value={v('state', org?.org_shipping_state)} error={errors?.state} />
        <TextField t={t} name="city" label={labels.city} value={v('city', org?.org_shipping_city)} error={errors?.city} />
        <TextField t={t} name="street" label={labels.street} value={v('street', org?.org_shipping_street)} error={errors?.street} />
        <TextField t={t} name="postalCode" label={labels.postalCode} value={v('postalCode', org?.org_shipping_postal_code)} width="short" error={errors?.postalCode} />
        <TextField t={t} name="phone" type="tel" label={labels.phone} value={v('phone', org?.org_phone)} width="medium" error={errors?.phone} dir="ltr" />
        <TextField t={t} name="email" type="email" label={labels.email} value={v('email', org?.email)} error={errors?.email} dir="ltr" />
        <TextField t={t} name="website" type="url" label={labels.website} value={v('website', org?.website)} error={errors?.website} dir="ltr" />
        <Select t={t} name="officeId" label={labels.officeId} options={offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId', org?.office_id)} emptyLabel={t('forms.none')} error={errors?.officeId} />
        <Submit label={t('forms.save')} />
      </Form>
    </Layout>
  );
}

export function OrganisationListView({ t, frame, orgs }: { t: Translator; frame: Frame; orgs: Organisation[] }) {
  return (
    <Layout {...frame}>
      <h1>{t('admin.organisations.title')}</h1>
      <p>
        <a class="button" href="/staff/admin/organisations/new">
          {t('admin.organisations.new')}
        </a>
      </p>
      <Table
        caption={t('admin.organisations.title')}
        head={[t('admin.organisations.name'), t('admin.organisations.type'), t('admin.fields.country')]}
        rows={orgs.map((o) => [<a href={`/staff/admin/organisations/${o.id}`}>{o.org_name}</a>, t(`admin.orgTypes.${o.org_type}`), countryName(o.org_shipping_country, t.locale)])}
        empty={t('admin.organisations.none')}
      />
    </Layout>
  );
}
