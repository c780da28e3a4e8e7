import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicNav } from '../content/public-nav.js';
import { countryName, countryOptions } from '../platform/countries.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { publicLayout, requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import type { DirectoryEntry } from './directory.table.js';
import * as repo from './directory.repository.js';
import { DIRECTORY_LANGUAGES, DirectoryQuery, EntryBody } from './directory.schema.js';
import { createEntry, languageName, telHref, updateEntry } from './directory.service.js';

const PUBLIC = { access: 'public' } as const;
const MANAGE = { access: { permission: 'directory.manage' } } as const;

/** The help directory: hotlines and organisations by country; administrators keep it up to date. */
export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  for (const locale of LOCALES) {
    const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/help`])) as Record<Locale, string>;
    app.get(`/${locale}/help`, { config: PUBLIC }, async (request, reply) => {
      const t = request.t;
      const query = parseForm(DirectoryQuery, request.query);
      const country = query.ok ? query.value.country : undefined;
      const countries = (await repo.countriesWithEntries(ctx.db)).map((c) => ({ value: c, label: countryName(c, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
      const entries = await repo.listActive(ctx.db, country);
      return reply.page(
        <Layout {...publicLayout(request, t('directory.title'), alternates)} nav={publicNav(t, `/${locale}/help`)}>
          <h1>{t('directory.title')}</h1>
          <p class="lead">{t('directory.intro')}</p>
          <p class="safety-note">{t('directory.emergency')}</p>
          <Form t={t} action={`/${locale}/help`} method="get" id="country-filter" class="form filter-form" errors={query.ok ? undefined : query.errors} labels={{ country: t('directory.country') }}>
            <Select t={t} name="country" label={t('directory.country')} options={countries} value={country} emptyLabel={t('directory.allCountries')} error={query.ok ? undefined : query.errors.country} />
            <Submit label={t('directory.show')} secondary />
          </Form>
          {entries.length === 0 ? <p class="empty">{t('directory.none')}</p> : null}
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
          <p>
            <a href={`/${locale}/report`}>{t('directory.report')}</a>
          </p>
        </Layout>,
      );
    });
  }

  const entryForm = async (request: FastifyRequest, entry: DirectoryEntry | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
    const title = entry ? t('directory.staff.edit') : t('directory.staff.new');
    const labels = { country: t('directory.country'), kind: t('directory.staff.kind'), name: t('directory.staff.name'), services: t('directory.staff.services'), phone: t('directory.phone'), hours: t('directory.hours'), languages: t('directory.languages'), website: t('directory.website') };
    const languages = (raw?.languages as string[] | undefined) ?? (entry ? (JSON.parse(entry.languages) as string[]) : []);
    return (
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <Form t={t} action={entry ? `/staff/directory/${entry.id}` : '/staff/directory'} csrf={auth.session?.csrf_secret} errors={errors} labels={labels} hasRequired>
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
  };

  app.get('/staff/directory', { config: MANAGE }, async (request, reply) => {
    const t = request.t;
    const entries = await repo.listAll(ctx.db);
    return reply.page(
      <Layout {...(await staffLayout(request, t('directory.staff.title')))}>
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
      </Layout>,
    );
  });

  app.get('/staff/directory/new', { config: MANAGE }, async (request, reply) => reply.page(await entryForm(request, undefined)));

  app.post('/staff/directory', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(EntryBody, request.body);
    if (!form.ok) return reply.page(await entryForm(request, undefined, form.errors, form.raw), 400);
    try {
      await createEntry(ctx, auth.user, form.value);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await entryForm(request, undefined, e.fields, form.value), 400);
      throw e;
    }
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect('/staff/directory', 303);
  });

  const load = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const entry = isId(id) ? await repo.findEntry(ctx.db, id) : undefined;
    if (!entry) throw new NotFoundError();
    return entry;
  };

  app.get('/staff/directory/:id', { config: MANAGE }, async (request, reply) => reply.page(await entryForm(request, await load(request))));

  app.post('/staff/directory/:id', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const entry = await load(request);
    const form = parseForm(EntryBody, request.body);
    if (!form.ok) return reply.page(await entryForm(request, entry, form.errors, form.raw), 400);
    try {
      await updateEntry(ctx, auth.user, entry.id, form.value);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await entryForm(request, entry, e.fields, form.value), 400);
      throw e;
    }
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect('/staff/directory', 303);
  });
}
