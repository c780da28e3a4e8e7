import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import type { FieldErrors } from '../platform/views/components.js';
import type { Office, Organisation } from '../offices/offices.table.js';
import { userListScope } from './admin.policy.js';
import * as officesRepo from '../offices/offices.repository.js';
import * as repo from './admin.repository.js';
import { OfficeBody, OrganisationBody, UserBody } from './admin.schema.js';
import * as service from './admin.service.js';
import { AdminHomeView, OfficeFormView, OfficeListView, officeFormTitle, OrganisationFormView, OrganisationListView, organisationFormTitle } from './admin.views.js';
import { LinkView, type UserFormState, UserFormView, UserListView, userFormTitle } from './users.views.js';
import { inboxStatus } from '../reports/index.js';
import { securityAdminRoutes } from './security.routes.js';

const ADMIN = { access: { permission: 'admin.manage' } } as const;

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

/** Runs a form's service call; a ValidationError re-renders the form with its field errors. */
async function handleForm<T>(run: () => Promise<T>, rerender: (errors: FieldErrors) => Promise<FastifyReply>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ValidationError) return rerender(e.fields);
    throw e;
  }
}

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  await app.register(securityAdminRoutes);

  app.get('/staff/admin', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const frame = await staffLayout(request, t('admin.title'));
    return reply.page(AdminHomeView({ t, frame, inbox: await inboxStatus(ctx) }));
  });

  // Offices
  const officeForm = async (request: FastifyRequest, office: Partial<Office> | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const frame = await staffLayout(request, officeFormTitle(t, office));
    return OfficeFormView({ t, frame, csrf: auth.session?.csrf_secret, office, errors, raw });
  };

  app.get('/staff/admin/offices', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const offices = await officesRepo.listOffices(ctx.db);
    return reply.page(OfficeListView({ t, frame: await staffLayout(request, t('admin.offices.title')), offices }));
  });

  app.get('/staff/admin/offices/new', { config: ADMIN }, async (request, reply) => reply.page(await officeForm(request, undefined)));

  app.post('/staff/admin/offices', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(OfficeBody, request.body);
    if (!form.ok) return reply.page(await officeForm(request, undefined, form.errors, form.raw), 400);
    const r = await handleForm(() => service.createOffice(ctx, auth.user, form.value), async (errors) => reply.page(await officeForm(request, undefined, errors, form.value), 400));
    if (typeof r !== 'string') return r;
    await setFlash(request, { kind: 'success', key: 'admin.offices.created' });
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
    const r = await handleForm(
      () => service.updateOffice(ctx, { actor: auth.user, id: office.id, input: form.value }),
      async (errors) => reply.page(await officeForm(request, office, errors, form.value), 400),
    );
    if (r !== undefined) return r;
    await setFlash(request, { kind: 'success', key: 'forms.saved' });
    return reply.redirect('/staff/admin/offices', 303);
  });

  // Organisations (HTCDS org_ fields)
  const organisationForm = async (request: FastifyRequest, org: Organisation | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const offices = await officesRepo.listOffices(ctx.db);
    const frame = await staffLayout(request, organisationFormTitle(t, org));
    return OrganisationFormView({ t, frame, csrf: auth.session?.csrf_secret, org, offices, errors, raw });
  };

  app.get('/staff/admin/organisations', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const orgs = await officesRepo.listOrganisations(ctx.db);
    return reply.page(OrganisationListView({ t, frame: await staffLayout(request, t('admin.organisations.title')), orgs }));
  });

  app.get('/staff/admin/organisations/new', { config: ADMIN }, async (request, reply) => reply.page(await organisationForm(request, undefined)));

  app.post('/staff/admin/organisations', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(OrganisationBody, request.body);
    if (!form.ok) return reply.page(await organisationForm(request, undefined, form.errors, form.raw), 400);
    const r = await handleForm(() => service.createOrganisation(ctx, auth.user, form.value), async (errors) => reply.page(await organisationForm(request, undefined, errors, form.value), 400));
    if (typeof r !== 'string') return r;
    await setFlash(request, { kind: 'success', key: 'admin.organisations.created' });
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
    const r = await handleForm(
      () => service.updateOrganisation(ctx, { actor: auth.user, id: org.id, input: form.value }),
      async (errors) => reply.page(await organisationForm(request, org, errors, form.value), 400),
    );
    if (r !== undefined) return r;
    await setFlash(request, { kind: 'success', key: 'forms.saved' });
    return reply.redirect('/staff/admin/organisations', 303);
  });

  // Users
  const userForm = async (request: FastifyRequest, state: UserFormState, errors?: FieldErrors) => {
    const t = request.t;
    const auth = requireAuth(request);
    const offices = await officesRepo.listOffices(ctx.db);
    const orgs = await officesRepo.listOrganisations(ctx.db);
    const frame = await staffLayout(request, userFormTitle(t, state));
    return UserFormView({ t, frame, csrf: auth.session?.csrf_secret, state, offices, orgs, errors });
  };

  const linkPage = async (request: FastifyRequest, title: string, link: string) => LinkView({ t: request.t, frame: await staffLayout(request, title), title, link });

  app.get('/staff/admin/users', { config: ADMIN }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const users = await repo.listUsers(ctx.db, userListScope(auth.user));
    return reply.page(UserListView({ t, frame: await staffLayout(request, t('admin.users.title')), users }));
  });

  app.get('/staff/admin/users/new', { config: ADMIN }, async (request, reply) => reply.page(await userForm(request, { values: {} })));

  app.post('/staff/admin/users', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const form = parseForm(UserBody, request.body);
    if (!form.ok) return reply.page(await userForm(request, { values: form.raw }, form.errors), 400);
    const r = await handleForm(() => service.createUser(ctx, auth.user, form.value), async (errors) => reply.page(await userForm(request, { values: form.value }, errors), 400));
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
    const r = await handleForm(
      () => service.updateUser(ctx, { actor: auth.user, id, input: form.value }),
      async (errors) => reply.page(await userForm(request, { ...state, values: form.value }, errors), 400),
    );
    if (r !== undefined) return r;
    await setFlash(request, { kind: 'success', key: 'forms.saved' });
    return reply.redirect('/staff/admin/users', 303);
  });

  app.post('/staff/admin/users/:id/deactivate', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = idParam(request);
    const r = await handleForm(
      () => service.setActive(ctx, { actor: auth.user, id, active: false }),
      async () => {
        await setFlash(request, { kind: 'error', key: 'admin.errors.cannotDeactivateSelf' });
        return reply.redirect(`/staff/admin/users/${id}`, 303);
      },
    );
    if (r !== undefined) return r;
    await setFlash(request, { kind: 'success', key: 'admin.users.deactivated' });
    return reply.redirect('/staff/admin/users', 303);
  });

  app.post('/staff/admin/users/:id/reactivate', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    await service.setActive(ctx, { actor: auth.user, id: idParam(request), active: true });
    await setFlash(request, { kind: 'success', key: 'admin.users.reactivated' });
    return reply.redirect('/staff/admin/users', 303);
  });

  app.post('/staff/admin/users/:id/reset', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const link = await service.resetUser(ctx, auth.user, idParam(request));
    return reply.page(await linkPage(request, request.t('admin.users.resetDone'), link));
  });
}
