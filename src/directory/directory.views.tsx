import { countryName, countryOptions } from '../platform/countries.js';
import { languageName } from '../platform/i18n/language-names.js';
import { Choices, type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { telHref } from '../platform/views/format.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { publicNav } from '../platform/views/public-nav.js';
import { type FormAgain, RefusalBox } from '../platform/views/refusal.js';
import type { EmergencyNumber } from '../data/emergency-numbers.js';
import { DIRECTORY_LANGUAGES } from './directory.schema.js';
import type { DirectoryEntry } from './directory.table.js';

/*
 * The help directory's pages, as pure functions of what directory.service.ts reads.
 */

type PageLayout = Omit<LayoutProps, 'children'>;

/** The public directory: a country filter and the active entries, with tap-to-call numbers. */
export function DirectoryPage(props: {
  layout: Omit<PageLayout, 'nav'>;
  countries: Array<{ value: string; label: string }>;
  country: string | undefined;
  queryErrors: FieldErrors | undefined;
  entries: DirectoryEntry[];
  starter: Array<{ country: string; numbers: EmergencyNumber[] }>;
  international: EmergencyNumber[];
}) {
  const t = props.layout.t;
  const locale = t.locale;
  const { countries, country, entries } = props;
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${locale}/help`)}>
      <h1>{t('directory.title')}</h1>
      <p class="lead">{t('directory.intro')}</p>
      <p class="safety-note">{t('directory.emergency')}</p>
      <Form t={t} action={`/${locale}/help`} method="get" id="country-filter" class="form filter-form" errors={props.queryErrors} labels={{ country: t('directory.country') }}>
        <Select t={t} name="country" label={t('directory.country')} options={countries} value={country} emptyLabel={t('directory.allCountries')} error={props.queryErrors?.country} />
        <Submit label={t('directory.show')} secondary />
      </Form>
      {props.starter.map((g) => (
        <StarterNumbers t={t} title={t('safety.numbers.country', { country: countryName(g.country, locale) })} numbers={g.numbers} />
      ))}
      {entries.length === 0 && props.starter.length === 0 ? <p class="empty">{t('directory.none')}</p> : null}
      <ul class="plain-list directory-list">
        {entries.map((e) => (
          <li class="card directory-entry">
            <h2 dir="auto">{e.name}</h2>
            <p class="meta">
              {countryName(e.country, locale)} · {t(`directory.kinds.${e.kind}`)}
            </p>
            <p dir="auto">{e.services}</p>
            <dl class="summary-list">
              {e.phone ? (
                <div class="summary-row">
                  <dt>{t('directory.phone')}</dt>
                  <dd>
                    <a href={telHref(e.phone)} dir="ltr" class="tel">
                      {e.phone}
                    </a>
                  </dd>
                </div>
              ) : null}
              {e.hours ? (
                <div class="summary-row">
                  <dt>{t('directory.hours')}</dt>
                  <dd dir="auto">{e.hours}</dd>
                </div>
              ) : null}
              {(JSON.parse(e.languages) as string[]).length > 0 ? (
                <div class="summary-row">
                  <dt>{t('directory.languages')}</dt>
                  <dd>{new Intl.ListFormat(locale, { type: 'unit' }).format((JSON.parse(e.languages) as string[]).map((c) => languageName(c, locale)))}</dd>
                </div>
              ) : null}
              {e.website ? (
                <div class="summary-row">
                  <dt>{t('directory.website')}</dt>
                  <dd>
                    <a href={e.website} rel="noreferrer" dir="ltr">
                      {e.website}
                    </a>
                  </dd>
                </div>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
      <StarterNumbers t={t} title={t('safety.numbers.international')} numbers={props.international} />
      <p>
        <a href={`/${locale}/report`}>{t('directory.report')}</a>
      </p>
      <p>
        <a href={`/${locale}/stay-safe`}>{t('safety.link')}</a>
      </p>
    </Layout>
  );
}

/** Numbers from the starter list, each with who publishes it, said plainly to be not yet checked by the office. */
function StarterNumbers(props: { t: LayoutProps['t']; title: string; numbers: EmergencyNumber[] }) {
  const { t } = props;
  return (
    <section class="card starter-numbers">
      <h2>{props.title}</h2>
      <ul class="plain-list">
        {props.numbers.map((n) => (
          <li>
            <strong>{n.name ? <span dir="auto">{n.name}</span> : t(`safety.kinds.${n.kind}`)}</strong>
            {n.name ? <span class="meta"> · {t(`safety.kinds.${n.kind}`)}</span> : null}{' '}
            <a href={telHref(n.number)} dir="ltr" class="tel">
              {n.number}
            </a>
            {n.note ? <span class="hint"> {t(`safety.notes.${n.note}`)}</span> : null}
            <br />
            <small class="meta">
              {t('safety.numbers.source')} <span dir="ltr">{n.source}</span>
            </small>
          </li>
        ))}
      </ul>
      <p class="hint">{t('safety.numbers.unchecked')}</p>
    </section>
  );
}

/** An entry's form, new or existing, with what was typed when it comes back refused. */
export function EntryFormPage(props: { layout: PageLayout; entry: DirectoryEntry | undefined; csrf: string | undefined; again?: FormAgain | undefined }) {
  const { entry } = props;
  const errors = props.again?.errors;
  const raw = props.again?.raw;
  const t = props.layout.t;
  const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
  const labels = { country: t('directory.country'), kind: t('directory.staff.kind'), name: t('directory.staff.name'), services: t('directory.staff.services'), phone: t('directory.phone'), hours: t('directory.hours'), languages: t('directory.languages'), website: t('directory.website') };
  const languages = (raw?.languages as string[] | undefined) ?? (entry ? (JSON.parse(entry.languages) as string[]) : []);
  return (
      <Layout {...props.layout}>
        <h1>{props.layout.title}</h1>
        <RefusalBox message={props.again?.refusal?.message} />
        <Form t={t} action={entry ? `/staff/directory/${entry.id}` : '/staff/directory'} csrf={props.csrf} errors={errors} labels={labels} hasRequired>
          {entry ? <input type="hidden" name="version" value={String(entry.version)} /> : null}
          <Select t={t} name="country" label={labels.country} options={countryOptions(t.locale)} value={v('country', entry?.country)} emptyLabel={t('forms.choose')} required error={errors?.country} />
          <Choices t={t} name="kind" label={labels.kind} options={[{ value: 'hotline', label: t('directory.kinds.hotline') }, { value: 'organisation', label: t('directory.kinds.organisation') }]} value={v('kind', entry?.kind ?? 'hotline')} required error={errors?.kind} inline />
          <TextField t={t} name="name" label={labels.name} value={v('name', entry?.name)} required error={errors?.name} />
          <TextArea t={t} name="services" label={labels.services} hint={t('directory.staff.servicesHint')} value={v('services', entry?.services)} required error={errors?.services} rows={3} />
          <TextField t={t} name="phone" type="tel" label={labels.phone} hint={t('directory.staff.phoneHint')} value={v('phone', entry?.phone)} error={errors?.phone} width="medium" dir="ltr" />
          <TextField t={t} name="hours" label={labels.hours} value={v('hours', entry?.hours)} error={errors?.hours} />
          <Choices t={t} name="languages" multiple label={labels.languages} options={DIRECTORY_LANGUAGES.map((c) => ({ value: c, label: languageName(c, t.locale) }))} value={languages} error={errors?.languages} inline />
          <TextField t={t} name="website" type="url" label={labels.website} value={v('website', entry?.website)} error={errors?.website} dir="ltr" />
          <Choices t={t} name="active" multiple label={t('directory.staff.visibility')} options={[{ value: '1', label: t('directory.staff.active') }]} value={entry ? (entry.active ? ['1'] : []) : ['1']} />
          <Submit label={t('forms.save')} />
        </Form>
      </Layout>
  );
}

/** Every entry, for the people who keep the directory. */
export function EntryListPage(props: { layout: PageLayout; entries: DirectoryEntry[] }) {
  const t = props.layout.t;
  const { entries } = props;
  return (
    <Layout {...props.layout}>
      <h1>{t('directory.staff.title')}</h1>
      <p>
        <a class="button" href="/staff/directory/new">
          {t('directory.staff.new')}
        </a>
      </p>
      <Table
        caption={t('directory.staff.title')}
        head={[t('directory.staff.name'), t('directory.country'), t('directory.phone'), t('directory.staff.visibility')]}
        rows={entries.map((e) => [<a href={`/staff/directory/${e.id}`}>{e.name}</a>, countryName(e.country, t.locale), e.phone ?? '', e.active ? t('directory.staff.active') : t('directory.staff.hidden')])}
        empty={t('directory.none')}
      />
    </Layout>
  );
}
