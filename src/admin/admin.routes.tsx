import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { ROLES } from '../platform/auth/roles.js';
import { countryName, countryOptions } from '../platform/countries.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import type { Office, Organisation } from '../platform/platform.table.js';
import { userListScope } from './admin.policy.js';
import * as officesRepo from '../offices/offices.repository.js';
import * as repo from './admin.repository.js';
import { OfficeBody, ORG_TYPES, OrganisationBody, UserBody } from './admin.schema.js';
import * as service from './admin.service.js';
import { InboxGuide, inboxStatus } from '../reports/index.js';

const ADMIN = { access: { permission: 'admin.manage' } } as const;
const LANGUAGE_NAMES: Record<string, string> = { fr: 'Français', en: 'English', es: 'Español', ar: 'العربية' };

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

/** Runs a form's service call; a ValidationError re-renders the form with its field errors. */
async function handleForm<T>(
  reply: FastifyReply,
  run: () => Promise<T>,
  rerender: (errors: FieldErrors) => Promise<FastifyReply>,
): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ValidationError) return rerender(e.fields);
    throw e;
  }
}

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/admin', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    return reply.page(
      <Layout {...(await staffLayout(request, t('admin.title')))}>
        <h1>{t('admin.title')}</h1>
        <InboxGuide t={t} status={await inboxStatus(ctx)} />
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
        </ul>
      </Layout>,
    );
  });

  // Offices
  const officeForm = async (request: FastifyRequest, office: Partial<Office> | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
    const title = office?.id ? t('admin.offices.edit') : t('admin.offices.new');
    const languages = raw?.languages ?? (office?.languages ? JSON.parse(office.languages) : []);
    return (
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <Form
          t={t}
          action={office?.id ? `/staff/admin/offices/${office.id}` : '/staff/admin/offices'}
          csrf={auth.session?.csrf_secret}
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
          <Choices t={t} name="languages" multiple label={t('admin.offices.languages')} options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] ?? l }))} value={languages as string[]} required error={errors?.languages} />
          <TextField t={t} name="timeZone" label={t('admin.fields.timeZone')} hint={t('admin.fields.timeZoneHint')} value={v('timeZone', office?.time_zone ?? 'UTC')} required width="medium" error={errors?.timeZone} />
          <Submit label={t('forms.save')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/admin/offices', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const offices = await officesRepo.listOffices(ctx.db);
    return reply.page(
      <Layout {...(await staffLayout(request, t('admin.offices.title')))}>
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
      </Layout>,
    );
  });

  app.get('/staff/admin/offices/new', { config: ADMIN }, async (request, reply) => reply.page(await officeForm(request, undefined)));

  app.post('/staff/admin/offices', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(OfficeBody, request.body);
    if (!form.ok) return reply.page(await officeForm(request, undefined, form.errors, form.raw), 400);
    const r = await handleForm(reply, () => service.createOffice(ctx, auth.user, form.value), async (errors) => reply.page(await officeForm(request, undefined, errors, form.value), 400));
    if (typeof r !== 'string') return r;
    await setFlash(request, 'success', 'admin.offices.created');
    return reply.redirect('/staff/admin/offices', 303);
  });

  app.get('/staff/admin/offices/:id', { config: ADMIN }, async (request, reply) => {
    const office = await officesRepo.findOffice(ctx.db, idParam(request));
    if (!office) throw new NotFoundError();
    return reply.page(await officeForm(request, office));
  });

  app.post('/staff/admin/offices/:id', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const office = await officesRepo.findOffice(ctx.db, idParam(request));
    if (!office) throw new NotFoundError();
    const form = parseForm(OfficeBody, request.body);
    if (!form.ok) return reply.page(await officeForm(request, office, form.errors, form.raw), 400);
    const r = await handleForm(reply, () => service.updateOffice(ctx, auth.user, office.id, form.value), async (errors) => reply.page(await officeForm(request, office, errors, form.value), 400));
    if (r !== undefined) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect('/staff/admin/offices', 303);
  });

  // Organisations (HTCDS org_ fields)
  const organisationForm = async (request: FastifyRequest, org: Organisation | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const offices = await officesRepo.listOffices(ctx.db);
    const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
    const title = org ? t('admin.organisations.edit') : t('admin.organisations.new');
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
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <Form t={t} action={org ? `/staff/admin/organisations/${org.id}` : '/staff/admin/organisations'} csrf={auth.session?.csrf_secret} errors={errors} hasRequired labels={labels}>
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
  };

  app.get('/staff/admin/organisations', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const orgs = await officesRepo.listOrganisations(ctx.db);
    return reply.page(
      <Layout {...(await staffLayout(request, t('admin.organisations.title')))}>
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
      </Layout>,
    );
  });

  app.get('/staff/admin/organisations/new', { config: ADMIN }, async (request, reply) => reply.page(await organisationForm(request, undefined)));

  app.post('/staff/admin/organisations', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(OrganisationBody, request.body);
    if (!form.ok) return reply.page(await organisationForm(request, undefined, form.errors, form.raw), 400);
    const r = await handleForm(reply, () => service.createOrganisation(ctx, auth.user, form.value), async (errors) => reply.page(await organisationForm(request, undefined, errors, form.value), 400));
    if (typeof r !== 'string') return r;
    await setFlash(request, 'success', 'admin.organisations.created');
    return reply.redirect('/staff/admin/organisations', 303);
  });

  app.get('/staff/admin/organisations/:id', { config: ADMIN }, async (request, reply) => {
    const org = await officesRepo.findOrganisation(ctx.db, idParam(request));
    if (!org) throw new NotFoundError();
    return reply.page(await organisationForm(request, org));
  });

  app.post('/staff/admin/organisations/:id', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const org = await officesRepo.findOrganisation(ctx.db, idParam(request));
    if (!org) throw new NotFoundError();
    const form = parseForm(OrganisationBody, request.body);
    if (!form.ok) return reply.page(await organisationForm(request, org, form.errors, form.raw), 400);
    const r = await handleForm(reply, () => service.updateOrganisation(ctx, auth.user, org.id, form.value), async (errors) => reply.page(await organisationForm(request, org, errors, form.value), 400));
    if (r !== undefined) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect('/staff/admin/organisations', 303);
  });

  // Users
  type UserFormState = { id?: string; version?: number; active?: number; values: Partial<Static<typeof UserBody>> & Record<string, unknown> };
  const userForm = async (request: FastifyRequest, state: UserFormState, errors?: FieldErrors) => {
    const t = request.t;
    const auth = requireAuth(request);
    const offices = await officesRepo.listOffices(ctx.db);
    const orgs = await officesRepo.listOrganisations(ctx.db);
    const v = (k: string) => String(state.values[k] ?? '');
    const title = state.id ? t('admin.users.edit') : t('admin.users.new');
    const labels = {
      displayName: t('auth.fields.displayName'),
      email: t('auth.fields.email'),
      locale: t('admin.users.locale'),
      timeZone: t('admin.fields.timeZone'),
      roles: t('admin.users.roles'),
      officeId: t('admin.users.office'),
      organisationId: t('admin.users.organisation'),
    };
    return (
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <Form t={t} action={state.id ? `/staff/admin/users/${state.id}` : '/staff/admin/users'} csrf={auth.session?.csrf_secret} errors={errors} hasRequired labels={labels}>
          {state.version ? <input type="hidden" name="version" value={String(state.version)} /> : null}
          <TextField t={t} name="displayName" label={labels.displayName} value={v('displayName')} required error={errors?.displayName} />
          <TextField t={t} name="email" type="email" label={labels.email} value={v('email')} required error={errors?.email} dir="ltr" />
          <Select t={t} name="locale" label={labels.locale} options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] ?? l }))} value={v('locale') || t.locale} required error={errors?.locale} />
          <TextField t={t} name="timeZone" label={labels.timeZone} hint={t('admin.fields.timeZoneHint')} value={v('timeZone') || 'UTC'} width="medium" error={errors?.timeZone} />
          <Choices t={t} name="roles" multiple label={labels.roles} hint={t('admin.users.rolesHint')} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={(state.values.roles as string[] | undefined) ?? []} required error={errors?.roles} />
          <Select t={t} name="officeId" label={labels.officeId} hint={t('admin.users.officeHint')} options={offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId')} emptyLabel={t('admin.users.allOffices')} error={errors?.officeId} />
          <Select t={t} name="organisationId" label={labels.organisationId} hint={t('admin.users.organisationHint')} options={orgs.map((o) => ({ value: o.id, label: o.org_name }))} value={v('organisationId')} emptyLabel={t('forms.none')} error={errors?.organisationId} />
          <Submit label={t('forms.save')} />
        </Form>
        {state.id ? (
          <section class="danger-zone">
            <h2>{t('admin.users.accountActions')}</h2>
            <ActionButton action={`/staff/admin/users/${state.id}/reset`} csrf={auth.session?.csrf_secret ?? ''} label={t('admin.users.reset')} />{' '}
            {state.active ? (
              <ActionButton action={`/staff/admin/users/${state.id}/deactivate`} csrf={auth.session?.csrf_secret ?? ''} label={t('admin.users.deactivate')} danger />
            ) : (
              <ActionButton action={`/staff/admin/users/${state.id}/reactivate`} csrf={auth.session?.csrf_secret ?? ''} label={t('admin.users.reactivate')} />
            )}
          </section>
        ) : null}
      </Layout>
    );
  };

  const linkPage = async (request: FastifyRequest, title: string, link: string) => {
    const t = request.t;
    return (
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <p class="lead">{t('admin.users.linkIntro')}</p>
        <p>
          <code class="one-time-link" dir="ltr">
            {link}
          </code>
        </p>
        <p class="hint">{t('admin.users.linkHint')}</p>
        <p>
          <a href="/staff/admin/users">{t('admin.users.backToList')}</a>
        </p>
      </Layout>
    );
  };

  app.get('/staff/admin/users', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const users = await repo.listUsers(ctx.db, userListScope(auth.user));
    return reply.page(
      <Layout {...(await staffLayout(request, t('admin.users.title')))}>
        <h1>{t('admin.users.title')}</h1>
        <p>
          <a class="button" href="/staff/admin/users/new">
            {t('admin.users.new')}
          </a>
        </p>
        <Table
          caption={t('admin.users.title')}
          head={[t('auth.fields.displayName'), t('auth.fields.email'), t('admin.users.roles'), t('admin.users.status')]}
          rows={users.map((u) => [
            <a href={`/staff/admin/users/${u.id}`}>{u.display_name}</a>,
            <span dir="ltr">{u.email}</span>,
            u.memberships.map((m) => `${t(`roles.${m.role}`)}${m.office_code ? ` (${m.office_code})` : m.org_name ? ` (${m.org_name})` : ''}`).join(', '),
            !u.active ? t('admin.users.inactive') : !u.totp_enabled_at ? t('admin.users.pending') : t('admin.users.active'),
          ])}
          empty={t('admin.users.none')}
        />
      </Layout>,
    );
  });

  app.get('/staff/admin/users/new', { config: ADMIN }, async (request, reply) => reply.page(await userForm(request, { values: {} })));

  app.post('/staff/admin/users', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const form = parseForm(UserBody, request.body);
    if (!form.ok) return reply.page(await userForm(request, { values: form.raw }, form.errors), 400);
    const r = await handleForm(reply, () => service.createUser(ctx, auth.user, form.value), async (errors) => reply.page(await userForm(request, { values: form.value }, errors), 400));
    if (!r || !('link' in r)) return r;
    return reply.page(await linkPage(request, t('admin.users.created'), r.link));
  });

  app.get('/staff/admin/users/:id', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const { user, memberships } = await service.getUser(ctx, auth.user, idParam(request));
    return reply.page(
      await userForm(request, {
        id: user.id,
        version: user.version,
        active: user.active,
        values: {
          displayName: user.display_name,
          email: user.email,
          locale: user.locale as 'en',
          timeZone: user.time_zone,
          roles: memberships.map((m) => m.role) as Static<typeof UserBody>['roles'],
          officeId: memberships.find((m) => m.office_id)?.office_id ?? undefined,
          organisationId: memberships.find((m) => m.organisation_id)?.organisation_id ?? undefined,
        },
      }),
    );
  });

  app.post('/staff/admin/users/:id', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = idParam(request);
    const { user } = await service.getUser(ctx, auth.user, id);
    const state = { id, version: user.version, active: user.active };
    const form = parseForm(UserBody, request.body);
    if (!form.ok) return reply.page(await userForm(request, { ...state, values: form.raw }, form.errors), 400);
    const r = await handleForm(reply, () => service.updateUser(ctx, auth.user, id, form.value), async (errors) => reply.page(await userForm(request, { ...state, values: form.value }, errors), 400));
    if (r !== undefined) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect('/staff/admin/users', 303);
  });

  app.post('/staff/admin/users/:id/deactivate', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = idParam(request);
    const r = await handleForm(reply, () => service.setActive(ctx, auth.user, id, false), async () => {
      await setFlash(request, 'error', 'admin.errors.cannotDeactivateSelf');
      return reply.redirect(`/staff/admin/users/${id}`, 303);
    });
    if (r !== undefined) return r;
    await setFlash(request, 'success', 'admin.users.deactivated');
    return reply.redirect('/staff/admin/users', 303);
  });

  app.post('/staff/admin/users/:id/reactivate', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    await service.setActive(ctx, auth.user, idParam(request), true);
    await setFlash(request, 'success', 'admin.users.reactivated');
    return reply.redirect('/staff/admin/users', 303);
  });

  app.post('/staff/admin/users/:id/reset', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const link = await service.resetUser(ctx, auth.user, idParam(request));
    return reply.page(await linkPage(request, request.t('admin.users.resetDone'), link));
  });

}
