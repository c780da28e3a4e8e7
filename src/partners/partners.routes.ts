import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { Layout } from '../platform/views/layout.js';
import * as view from './partner-view.service.js';
import { AgreementBody, CoverageQuery, FindQuery, ServiceBody, WithdrawBody } from './partners.schema.js';
import * as service from './partners.service.js';
import { AgreementFormView, CoverageView, FindView, PartnerListView, PartnerProfileView, ServiceFormView } from './partners.views.js';
import { WithdrawConfirmView } from './agreement.views.js';

const MANAGE = { access: { permission: 'partners.manage' } } as const;
const FIND = { access: { permission: 'cases.work' } } as const;

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

const userOf = (request: FastifyRequest) => requireAuth(request).user;
const csrfOf = (request: FastifyRequest) => requireAuth(request).session?.csrf_secret ?? '';
const profilePath = (organisationId: string) => `/staff/partners/${organisationId}`;

async function staffPage(request: FastifyRequest, title: string, children: ComponentChildren) {
  return Layout({ ...(await staffLayout(request, title)), children });
}

/** The organisation and, to edit, the service named in the route; whose organisation it is comes before which service. */
async function serviceOf(request: FastifyRequest, edit: boolean) {
  const ctx = request.server.ctx;
  const organisationId = param(request, 'id');
  if (!edit) return view.serviceForm(ctx, userOf(request), { organisationId });
  await service.organisationFor(ctx, userOf(request), organisationId);
  return view.serviceForm(ctx, userOf(request), { organisationId, serviceId: param(request, 'serviceId') });
}

async function serviceFormPage(request: FastifyRequest, edit: boolean, problem?: FormProblem) {
  const model = await serviceOf(request, edit);
  const title = model.existing ? request.t('partners.services.edit') : request.t('partners.services.add');
  return staffPage(request, title, ServiceFormView({ t: request.t, csrf: csrfOf(request), model, problem }));
}

async function agreementFormPage(request: FastifyRequest, problem?: FormProblem) {
  const { org } = await view.agreementForm(request.server.ctx, userOf(request), param(request, 'id'));
  return staffPage(request, request.t('partners.agreement.add'), AgreementFormView({ t: request.t, csrf: csrfOf(request), org, problem }));
}

/** A form of an organisation's profile: the change through the service, the form again on a problem, the profile on success. */
function profileForm<S extends TObject>(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { schema: S; run: (body: Static<S>) => Promise<unknown>; rerender: (problem: FormProblem) => Promise<unknown>; flash: string },
) {
  const organisationId = param(request, 'id');
  return formAction(request, reply, { ...opts, done: () => ({ to: profilePath(organisationId), flash: opts.flash }) });
}

export async function partnerRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/partners', { config: MANAGE }, async (request, reply) => {
    const model = await view.partnerList(ctx, userOf(request));
    return reply.page(await staffPage(request, request.t('partners.title'), PartnerListView({ t: request.t, model })));
  });

  app.get('/staff/partners/coverage', { config: MANAGE }, async (request, reply) => {
    const q = parseForm(CoverageQuery, request.query);
    const { country, rows } = await view.coveragePage(ctx, { valid: q.ok, country: q.ok ? q.value.country : undefined });
    const children = CoverageView({ t: request.t, errors: q.ok ? undefined : q.errors, country, rows });
    return reply.page(await staffPage(request, request.t('partners.coverage.title'), children));
  });

  app.get('/staff/partners/find', { config: FIND }, async (request, reply) => {
    const q = parseForm(FindQuery, request.query);
    const asked: Record<string, string> = q.ok ? Object.fromEntries(Object.entries(q.value).map(([k, v]) => [k, String(v ?? '')])) : {};
    const need =
      q.ok && q.value.country && q.value.service
        ? { country: q.value.country, service: q.value.service, forChild: q.value.forChild === '1', language: q.value.language }
        : undefined;
    const matches = need ? await service.findPartnersForNeed(ctx.db, need) : undefined;
    const children = FindView({ t: request.t, errors: q.ok ? undefined : q.errors, asked, matches });
    return reply.page(await staffPage(request, request.t('partners.find.title'), children));
  });

  app.get('/staff/partners/:id', { config: MANAGE }, async (request, reply) => {
    const model = await view.partnerProfile(ctx, userOf(request), param(request, 'id'));
    return reply.page(await staffPage(request, model.org.name, PartnerProfileView({ t: request.t, csrf: csrfOf(request), model })));
  });

  app.get('/staff/partners/:id/services/new', { config: MANAGE }, async (request, reply) => reply.page(await serviceFormPage(request, false)));

  app.post('/staff/partners/:id/services', { config: MANAGE }, async (request, reply) => {
    // Whose organisation it is comes first, before the body is read.
    await service.organisationFor(ctx, userOf(request), param(request, 'id'));
    return profileForm(request, reply, {
      schema: ServiceBody,
      run: (body) => service.addService(ctx, { actor: userOf(request), organisationId: param(request, 'id'), input: body }),
      rerender: (problem) => serviceFormPage(request, false, problem),
      flash: 'partners.services.saved',
    });
  });

  app.get('/staff/partners/:id/services/:serviceId', { config: MANAGE }, async (request, reply) => reply.page(await serviceFormPage(request, true)));

  app.post('/staff/partners/:id/services/:serviceId', { config: MANAGE }, async (request, reply) => {
    const { existing } = await serviceOf(request, true);
    const serviceId = existing?.id ?? '';
    return profileForm(request, reply, {
      schema: ServiceBody,
      run: (body) => service.updateService(ctx, { actor: userOf(request), organisationId: param(request, 'id'), serviceId, input: body }),
      rerender: (problem) => serviceFormPage(request, true, problem),
      flash: 'partners.services.saved',
    });
  });

  app.get('/staff/partners/:id/agreements/new', { config: MANAGE }, async (request, reply) => reply.page(await agreementFormPage(request)));

  app.post('/staff/partners/:id/agreements', { config: MANAGE }, async (request, reply) => {
    await service.organisationFor(ctx, userOf(request), param(request, 'id'));
    return profileForm(request, reply, {
      schema: AgreementBody,
      run: (body) => service.recordAgreement(ctx, { actor: userOf(request), organisationId: param(request, 'id'), input: body }),
      rerender: (problem) => agreementFormPage(request, problem),
      flash: 'partners.agreement.saved',
    });
  });

  // A button with its version only: a broken body goes back to the profile, as there is nothing typed to keep.
  app.post('/staff/partners/:id/agreements/:agreementId/withdraw', { config: MANAGE }, async (request, reply) => {
    const org = await service.organisationFor(ctx, userOf(request), param(request, 'id'));
    const agreementId = param(request, 'agreementId');
    const form = parseForm(WithdrawBody, request.body);
    if (!form.ok) return reply.redirect(profilePath(org.id), 303);
    if (form.value.confirmed !== '1') {
      const model = await view.withdrawConfirm(ctx, { actor: userOf(request), organisationId: org.id, agreementId });
      return reply.page(
        await staffPage(request, request.t('partners.agreement.withdrawTitle'), WithdrawConfirmView({ t: request.t, csrf: csrfOf(request), model })),
      );
    }
    await service.withdrawAgreement(ctx, { actor: userOf(request), organisationId: org.id, agreementId, version: form.value.version });
    await setFlash(request, { kind: 'success', key: 'partners.agreement.withdrawnFlash' });
    return reply.redirect(profilePath(org.id), 303);
  });
}
