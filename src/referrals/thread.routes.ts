import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { CasePage, loadCaseFor } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import { ServiceCorrectionBody, WithdrawBody } from '../plans/plans.schema.js';
import { Created, IdParams, Ok, op } from '../platform/http/api-schema.js';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { Layout } from '../platform/views/layout.js';
import * as portal from './partner-portal.service.js';
import { PartnerReferralPageView } from './partner-portal.views.js';
import { ContactBody, MessageBody, ThreadAnswer } from './referrals.schema.js';
import * as service from './referrals.service.js';
import * as thread from './thread.service.js';
import { StaffReferralPage } from './thread.views.js';

/*
 * A referral between people (issue 21, point 6): the staff's page of one referral (contacts, deadline, thread),
 * the thread's forms on both sides, the partner naming its contact, and the same through the JSON API, with the
 * partner's corrections of its services. The partner's routes all pass the portal's gate first.
 */

const STAFF = { access: { permission: 'cases.work' } } as const;
const PARTNER = { access: { permission: 'referrals.respond' } } as const;

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

const userOf = (request: FastifyRequest) => requireAuth(request).user;
const csrfOf = (request: FastifyRequest) => requireAuth(request).session?.csrf_secret ?? '';
const referralPath = (record: CaseRow, id: string) => `/staff/cases/${record.id}/referrals/${id}`;

async function staffPage(request: FastifyRequest, title: string, children: ComponentChildren) {
  return Layout({ ...(await staffLayout(request, title)), children });
}

/** A referral on the partner portal, with its thread, and the problem of the form that was refused, if any. */
export async function partnerPage(request: FastifyRequest, referralId: string, problem?: FormProblem) {
  const t = request.t;
  const ctx = request.server.ctx;
  const v = await portal.partnerReferralView(ctx, { user: userOf(request), referralId, via: 'portal' });
  const model = await thread.partnerThread(ctx, { user: userOf(request), referralId, today: service.todayIso(), via: 'portal' });
  const children = PartnerReferralPageView({ t, csrf: csrfOf(request), v, thread: model, today: service.todayIso(), problem });
  return staffPage(request, t('referrals.portal.referralTitle', { reference: v.reference }), children);
}

/** One outgoing referral of the case for its staff: contacts, deadline and thread. */
async function referralPage(request: FastifyRequest, record: CaseRow, referralId: string, problem?: FormProblem) {
  const t = request.t;
  const ctx = request.server.ctx;
  const model = await thread.staffThread(ctx, { user: userOf(request), record, referralId, today: service.todayIso() });
  const r = (await service.caseReferralsPage(ctx, userOf(request), record)).outgoing.find((x) => x.id === referralId);
  if (!r) throw new NotFoundError();
  const children = StaffReferralPage({ t, csrf: csrfOf(request), caseId: record.id, r, thread: model, problem });
  return CasePage({ request, record, tab: 'referrals', title: t('referralThread.pageTitle', { reference: r.reference }), children });
}

function htmlRoutes(app: FastifyInstance): void {
  const ctx = app.ctx;
  app.get('/staff/cases/:id/referrals/:referralId', { config: STAFF }, async (request, reply) =>
    reply.page(await referralPage(request, await loadCaseFor(request, 'read'), param(request, 'referralId'))),
  );

  app.post('/staff/cases/:id/referrals/:referralId/messages', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    const referralId = param(request, 'referralId');
    await thread.staffReferral(ctx, record, referralId);
    return formAction(request, reply, {
      schema: MessageBody,
      form: 'message',
      run: (body) => thread.postStaffMessage(ctx, { actor: userOf(request), record, referralId, text: body.body }),
      rerender: (problem) => referralPage(request, record, referralId, problem),
      done: () => ({ to: `${referralPath(record, referralId)}#thread`, flash: 'referralThread.flash.sent' }),
    });
  });

  app.post('/partner/referrals/:id/messages', { config: PARTNER }, async (request, reply) => {
    const id = param(request, 'id');
    // Whose referral it is comes first: another organisation learns nothing, not even what the body should be.
    await portal.partnerReferral(ctx, userOf(request), id);
    return formAction(request, reply, {
      schema: MessageBody,
      form: 'message',
      run: (body) => thread.postPartnerMessage(ctx, { actor: userOf(request), referralId: id, text: body.body }),
      rerender: (problem) => partnerPage(request, id, problem),
      done: () => ({ to: `/partner/referrals/${id}#thread`, flash: 'referralThread.flash.sent' }),
    });
  });

  app.post('/partner/referrals/:id/contact', { config: PARTNER }, async (request, reply) => {
    const id = param(request, 'id');
    await portal.partnerReferral(ctx, userOf(request), id);
    return formAction(request, reply, {
      schema: ContactBody,
      form: 'contact',
      run: (body) => thread.namePartnerContact(ctx, { actor: userOf(request), referralId: id, contactId: body.contactId }),
      rerender: (problem) => partnerPage(request, id, problem),
      done: () => ({ to: `/partner/referrals/${id}`, flash: 'referralThread.flash.contact' }),
    });
  });
}

function apiRoutes(app: FastifyInstance): void {
  const ctx = app.ctx;
  const params = IdParams('id', 'referralId');
  app.get(
    '/api/v1/cases/:id/referrals/:referralId/messages',
    { config: STAFF, schema: op({ summary: "A referral's contacts, deadline and messages", tags: ['referrals'], params, response: { 200: ThreadAnswer } }) },
    async (request) =>
      thread.staffThread(ctx, {
        user: userOf(request),
        record: await loadCaseFor(request, 'read'),
        referralId: param(request, 'referralId'),
        today: service.todayIso(),
      }),
  );
  app.post(
    '/api/v1/cases/:id/referrals/:referralId/messages',
    {
      config: STAFF,
      schema: op({ summary: 'Write to the partner on a referral', tags: ['referrals'], params, body: MessageBody, response: { 201: Created }, errors: [422] }),
    },
    async (request, reply) => {
      const record = await loadCaseFor(request, 'refer');
      const id = await thread.postStaffMessage(ctx, {
        actor: userOf(request),
        record,
        referralId: param(request, 'referralId'),
        text: parseBody(MessageBody, request.body).body,
      });
      return reply.code(201).send({ id });
    },
  );

  const partnerParams = IdParams('id');
  app.get(
    '/api/v1/referrals/:id/messages',
    {
      config: PARTNER,
      schema: op({
        summary: 'The messages of a referral made to the caller’s organisation',
        tags: ['partner referrals'],
        params: partnerParams,
        response: { 200: ThreadAnswer },
      }),
    },
    async (request) => thread.partnerThread(ctx, { user: userOf(request), referralId: param(request, 'id'), today: service.todayIso(), via: 'api' }),
  );
  app.post(
    '/api/v1/referrals/:id/messages',
    {
      config: PARTNER,
      schema: op({
        summary: 'Write to the office on a referral',
        tags: ['partner referrals'],
        params: partnerParams,
        body: MessageBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      await portal.partnerReferral(ctx, userOf(request), param(request, 'id'));
      const id = await thread.postPartnerMessage(ctx, {
        actor: userOf(request),
        referralId: param(request, 'id'),
        text: parseBody(MessageBody, request.body).body,
      });
      return reply.code(201).send({ id });
    },
  );

  // The partner corrects or withdraws a service it recorded on the referral: the portal's services, the same gate.
  const serviceParams = IdParams('id', 'serviceId');
  app.post(
    '/api/v1/referrals/:id/services/:serviceId/correct',
    {
      config: PARTNER,
      schema: op({
        summary: 'Correct a service recorded on the referral, with a reason',
        tags: ['partner referrals'],
        params: serviceParams,
        body: ServiceCorrectionBody,
        response: { 200: Ok },
        errors: [409, 422],
      }),
    },
    async (request) => {
      await portal.partnerReferral(ctx, userOf(request), param(request, 'id'));
      const body = parseBody(ServiceCorrectionBody, request.body);
      await portal.partnerCorrectService(ctx, {
        actor: userOf(request),
        referralId: param(request, 'id'),
        serviceId: param(request, 'serviceId'),
        input: body,
      });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/referrals/:id/services/:serviceId/withdraw',
    {
      config: PARTNER,
      schema: op({
        summary: 'Withdraw a service recorded on the referral, with a reason',
        tags: ['partner referrals'],
        params: serviceParams,
        body: WithdrawBody,
        response: { 200: Ok },
        errors: [409, 422],
      }),
    },
    async (request) => {
      await portal.partnerReferral(ctx, userOf(request), param(request, 'id'));
      const body = parseBody(WithdrawBody, request.body);
      await portal.partnerWithdrawService(ctx, {
        actor: userOf(request),
        referralId: param(request, 'id'),
        serviceId: param(request, 'serviceId'),
        input: body,
      });
      return { ok: true as const };
    },
  );
}

/** The thread's routes (registered by the referrals feature's plugin, before its own). */
export function threadRoutes(app: FastifyInstance): void {
  htmlRoutes(app);
  apiRoutes(app);
}
