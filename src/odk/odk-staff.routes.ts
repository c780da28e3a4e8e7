import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { conflictDetail, conflictList, resolveConflict } from './conflicts.service.js';
import { devicesModel, enrolDevice, revokeDevice } from './devices.service.js';
import { EnrolBody, ResolveBody } from './odk.schema.js';
import { ConflictPage, ConflictsPage, DevicesPage } from './odk.views.js';

const ADMIN = { access: { permission: 'admin.manage' } } as const;
/** Any staff member reaches the page; the service lists only the conflicts their roles and offices let them resolve. */
const STAFF = { access: 'staff' } as const;

/** Staff pages: enrolling and revoking devices, and resolving what the field sent that could not be applied as is. */
export async function odkStaffRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const devicesPage = async (request: FastifyRequest, extra: { again?: FormProblem; enrolled?: { name: string; url: string } } = {}) => {
    const auth = requireAuth(request);
    const layout = await staffLayout(request, request.t('odk.devices.title'));
    return DevicesPage({
      layout,
      model: await devicesModel(ctx, auth.user),
      csrf: auth.session?.csrf_secret ?? '',
      again: extra.again,
      enrolled: extra.enrolled,
    });
  };

  app.get('/staff/odk/devices', { config: ADMIN }, async (request, reply) => reply.page(await devicesPage(request)));

  // Not formAction's redirect: the enrolment link holds the token, shown once on this very response and never stored.
  app.post('/staff/odk/devices', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = parseForm(EnrolBody, request.body);
    if (!parsed.ok) return reply.page(await devicesPage(request, { again: { errors: parsed.errors, raw: parsed.raw } }), 400);
    const { officeId, displayName, encrypted } = parsed.value;
    const model = await devicesModel(ctx, auth.user);
    if (!model.offices.some((o) => o.id === officeId))
      return reply.page(await devicesPage(request, { again: { errors: { officeId: 'odk.devices.officeRequired' }, raw: { displayName } } }), 400);
    const { token } = await enrolDevice(ctx, auth.user, { officeId, displayName, encrypted: encrypted !== '0' });
    reply.header('Cache-Control', 'no-store');
    return reply.page(await devicesPage(request, { enrolled: { name: displayName, url: `${ctx.config.publicUrl}/key/${token}` } }));
  });

  app.post('/staff/odk/devices/:id/revoke', { config: ADMIN }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    await revokeDevice(ctx, auth.user, id);
    await setFlash(request, { kind: 'success', key: 'odk.devices.revoked' });
    return reply.redirect('/staff/odk/devices', 303);
  });

  app.get('/staff/odk/conflicts', { config: STAFF }, async (request, reply) => {
    const auth = requireAuth(request);
    const layout = await staffLayout(request, request.t('odk.conflicts.title'));
    return reply.page(ConflictsPage({ layout, conflicts: await conflictList(ctx, auth.user) }));
  });

  const conflictPage = async (request: FastifyRequest, id: string, again?: FormProblem) => {
    const auth = requireAuth(request);
    const model = await conflictDetail(ctx, { user: auth.user, id, t: request.t });
    const layout = await staffLayout(request, request.t('odk.conflicts.title'));
    return ConflictPage({ layout, model, csrf: auth.session?.csrf_secret ?? '', again });
  };
  const idOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    return id;
  };

  app.get('/staff/odk/conflicts/:id', { config: STAFF }, async (request, reply) => reply.page(await conflictPage(request, idOf(request))));

  app.post('/staff/odk/conflicts/:id', { config: STAFF }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = idOf(request);
    return formAction(request, reply, {
      schema: ResolveBody,
      run: (v) => resolveConflict(ctx, { user: auth.user, id, action: v.action }),
      rerender: (again) => conflictPage(request, id, again),
      done: (r) =>
        r.caseId
          ? { to: `/staff/cases/${r.caseId}`, flash: 'odk.conflicts.appliedCase' }
          : r.reportId
            ? { to: `/staff/reports/${r.reportId}`, flash: 'odk.conflicts.appliedReport' }
            : { to: '/staff/odk/conflicts', flash: 'odk.conflicts.discarded' },
    });
  });
}
