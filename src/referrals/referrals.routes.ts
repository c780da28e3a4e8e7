import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CaseParams, Created, IdParams, op, pageOf, StatusAnswer } from '../platform/http/api-schema.js';
import { CaseReferralsAnswer, PartnerListQuery, PartnerReferralAnswer, PartnerReferralList, ReferralCreated } from './referrals.schema.js';
import type { ComponentChildren } from 'preact';
import { loadCaseFor } from '../cases/index.js';
import { CasePage } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { Layout } from '../platform/views/layout.js';
import { ServiceCorrectionBody, WithdrawBody } from '../plans/plans.schema.js';
import * as portal from './partner-portal.service.js';
import { PartnerReferralListView } from './partner-portal.views.js';
import { DeclineBody, IncomingBody, PartnerServiceBody, ReferralBody, RevokeBody, VersionBody } from './referrals.schema.js';
import * as service from './referrals.service.js';
import { CaseReferralsView, IncomingReferralView, isReferralFormRefusal } from './referrals.views.js';
import { partnerPage, threadRoutes } from './thread.routes.js';

const STAFF = { access: { permission: 'cases.work' } } as const;
const PARTNER = { access: { permission: 'referrals.respond' } } as const;
/** What staff may do to an outgoing referral, the body it takes, and the flash it leaves. */
const STAFF_TRANSITIONS = [
  { transition: 'complete', schema: VersionBody, flash: 'referrals.flash.completed' },
  { transition: 'revoke', schema: RevokeBody, flash: 'referrals.flash.revoked' },
] as const;
/** What a partner may do to a referral made to them, and the body it takes. */
const PARTNER_TRANSITIONS = [
  { transition: 'accept', schema: VersionBody },
  { transition: 'decline', schema: DeclineBody },
  { transition: 'complete', schema: VersionBody },
] as const;

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

const userOf = (request: FastifyRequest) => requireAuth(request).user;
const csrfOf = (request: FastifyRequest) => requireAuth(request).session?.csrf_secret ?? '';
const casePath = (record: CaseRow) => `/staff/cases/${record.id}/referrals`;

async function staffPage(request: FastifyRequest, title: string, children: ComponentChildren) {
  return Layout({ ...(await staffLayout(request, title)), children });
}

/** A case's referrals tab, with the problem of the form that was refused, if any. */
async function referralsPage(request: FastifyRequest, record: CaseRow, problem?: FormProblem) {
  const t = request.t;
  const model = await service.caseReferralsPage(request.server.ctx, userOf(request), record);
  const children = CaseReferralsView({ t, csrf: csrfOf(request), caseId: record.id, model, problem });
  return CasePage({ request, record, tab: 'referrals', title: t('referrals.title'), children });
}

async function incomingPage(request: FastifyRequest, record: CaseRow, problem?: FormProblem) {
  const t = request.t;
  const organisations = await service.referringOrganisations(request.server.ctx);
  const children = IncomingReferralView({ t, csrf: csrfOf(request), caseId: record.id, today: service.todayIso(), organisations, problem });
  return CasePage({ request, record, tab: 'referrals', title: t('referrals.incoming.add'), children });
}

function staffRoutes(app: FastifyInstance): void {
  const ctx = app.ctx;
  app.get('/staff/cases/:id/referrals', { config: STAFF }, async (request, reply) => reply.page(await referralsPage(request, await loadCaseFor(request, 'read'))));

  app.post('/staff/cases/:id/referrals', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    return formAction(request, reply, {
      schema: ReferralBody,
      form: 'refer',
      run: (body) => service.createReferral(ctx, { actor: userOf(request), record, input: body }),
      // A case worker's override of a missing consent is refused (403) on the field it concerns.
      refuses: isReferralFormRefusal,
      rerender: (problem) => referralsPage(request, record, problem),
      done: () => ({ to: casePath(record), flash: 'referrals.flash.created' }),
    });
  });

  app.get('/staff/cases/:id/referrals/incoming', { config: STAFF }, async (request, reply) => reply.page(await incomingPage(request, await loadCaseFor(request, 'refer'))));

  app.post('/staff/cases/:id/referrals/incoming', { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'refer');
    return formAction(request, reply, {
      schema: IncomingBody,
      form: 'incoming',
      run: (body) => service.recordIncomingReferral(ctx, { actor: userOf(request), record, input: body }),
      rerender: (problem) => incomingPage(request, record, problem),
      done: () => ({ to: casePath(record), flash: 'referrals.flash.incoming' }),
    });
  });

  for (const { transition, schema, flash } of STAFF_TRANSITIONS) {
    app.post(`/staff/cases/:id/referrals/:referralId/${transition}`, { config: STAFF }, async (request, reply) => {
      const record = await loadCaseFor(request, 'refer');
      return formAction(request, reply, {
        schema,
        form: transition,
        run: (body) => service.staffTransition(ctx, { actor: userOf(request), record, referralId: param(request, 'referralId'), transition, input: body }),
        rerender: (problem) => referralsPage(request, record, problem),
        done: () => ({ to: casePath(record), flash }),
      });
    });
  }
}

function partnerRoutes(app: FastifyInstance): void {
  const ctx = app.ctx;
  // Partner portal: only live referrals to the user's organisations, only what each grants.
  app.get('/partner', { config: PARTNER }, async (request, reply) => {
    const home = await portal.partnerHome(ctx, userOf(request), (request.query as { status?: unknown }).status);
    return reply.page(await staffPage(request, request.t('referrals.portal.title'), PartnerReferralListView({ t: request.t, home })));
  });

  app.get('/partner/referrals/:id', { config: PARTNER }, async (request, reply) => reply.page(await partnerPage(request, param(request, 'id'))));

  for (const { transition, schema } of PARTNER_TRANSITIONS) {
    app.post(`/partner/referrals/:id/${transition}`, { config: PARTNER }, async (request, reply) => {
      const id = param(request, 'id');
      // Whose referral it is comes first: another organisation learns nothing, not even what the body should be.
      await portal.partnerReferral(ctx, userOf(request), id);
      return formAction(request, reply, {
        schema,
        form: transition,
        run: (body) => portal.partnerTransition(ctx, { actor: userOf(request), referralId: id, transition, input: body }),
        rerender: (problem) => partnerPage(request, id, problem),
        done: () => ({ to: transition === 'accept' ? `/partner/referrals/${id}` : '/partner', flash: `referrals.flash.${transition}` }),
      });
    });
  }

  app.post('/partner/referrals/:id/services', { config: PARTNER }, async (request, reply) => {
    const id = param(request, 'id');
    await portal.partnerReferral(ctx, userOf(request), id);
    return formAction(request, reply, {
      schema: PartnerServiceBody,
      form: 'service',
      run: (body) => portal.partnerRecordService(ctx, { actor: userOf(request), referralId: id, input: body }),
      rerender: (problem) => partnerPage(request, id, problem),
      done: () => ({ to: `/partner/referrals/${id}`, flash: 'plans.flash.serviceRecorded' }),
    });
  });
  // A partner corrects or withdraws a service it recorded here (issue 21), with a reason.
  app.post('/partner/referrals/:id/services/:serviceId/correct', { config: PARTNER }, async (request, reply) => {
    const id = param(request, 'id');
    const serviceId = param(request, 'serviceId');
    await portal.partnerReferral(ctx, userOf(request), id);
    return formAction(request, reply, {
      schema: ServiceCorrectionBody,
      form: 'serviceCorrect',
      run: (body) => portal.partnerCorrectService(ctx, { actor: userOf(request), referralId: id, serviceId, input: body }),
      rerender: (problem) => partnerPage(request, id, problem),
      done: () => ({ to: `/partner/referrals/${id}`, flash: 'corrections.flash.corrected' }),
    });
  });
  app.post('/partner/referrals/:id/services/:serviceId/withdraw', { config: PARTNER }, async (request, reply) => {
    const id = param(request, 'id');
    const serviceId = param(request, 'serviceId');
    await portal.partnerReferral(ctx, userOf(request), id);
    return formAction(request, reply, {
      schema: WithdrawBody,
      form: 'serviceWithdraw',
      run: (body) => portal.partnerWithdrawService(ctx, { actor: userOf(request), referralId: id, serviceId, input: body }),
      rerender: (problem) => partnerPage(request, id, problem),
      done: () => ({ to: `/partner/referrals/${id}`, flash: 'corrections.flash.withdrawn' }),
    });
  });
}

/** The JSON API: the same services, so the same policies and gates as the pages. */
function apiRoutes(app: FastifyInstance): void {
  const ctx = app.ctx;
  app.get(
    '/api/v1/cases/:id/referrals',
    {
      config: STAFF,
      schema: op({ summary: "The case's referrals, with their HTCDS form", tags: ['referrals'], params: CaseParams, response: { 200: CaseReferralsAnswer } }),
    },
    async (request) => {
      const record = await loadCaseFor(request, 'read');
      const referrals = await service.caseReferrals(ctx, record);
      return { caseId: record.id, referrals: referrals.map((r) => ({ ...r, htcds: service.htcdsReferral(r) })) };
    },
  );

  app.post(
    '/api/v1/cases/:id/referrals',
    {
      config: STAFF,
      schema: op({
        summary: 'Refer the case to a partner organisation (needs a consent)',
        tags: ['referrals'],
        params: CaseParams,
        body: ReferralBody,
        response: { 201: ReferralCreated },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const record = await loadCaseFor(request, 'refer');
      const id = await service.createReferral(ctx, { actor: userOf(request), record, input: parseBody(ReferralBody, request.body) });
      return reply.code(201).send({ id, reference: service.referralReference(id), status: 'pending' });
    },
  );

  app.post(
    '/api/v1/cases/:id/referrals/incoming',
    {
      config: STAFF,
      schema: op({
        summary: 'Record a referral received from outside',
        tags: ['referrals'],
        params: CaseParams,
        body: IncomingBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const record = await loadCaseFor(request, 'refer');
      const id = await service.recordIncomingReferral(ctx, { actor: userOf(request), record, input: parseBody(IncomingBody, request.body) });
      return reply.code(201).send({ id });
    },
  );

  for (const { transition, schema } of STAFF_TRANSITIONS) {
    app.post(
      `/api/v1/cases/:id/referrals/:referralId/${transition}`,
      {
        config: STAFF,
        schema: op({
          summary: `Referral: ${transition}`,
          tags: ['referrals'],
          params: IdParams('id', 'referralId'),
          body: schema,
          response: { 200: StatusAnswer },
          errors: [409, 422],
        }),
      },
      async (request) => {
        const record = await loadCaseFor(request, 'refer');
        const referralId = param(request, 'referralId');
        return {
          status: await service.staffTransition(ctx, { actor: userOf(request), record, referralId, transition, input: parseBody(schema, request.body) }),
        };
      },
    );
  }

  app.get(
    '/api/v1/referrals',
    {
      config: PARTNER,
      schema: op({
        summary: "Referrals to the caller's organisation (partner systems)",
        tags: ['partner referrals'],
        querystring: PartnerListQuery,
        response: { 200: PartnerReferralList },
      }),
    },
    async (request) => {
      const page = pageOf(
        { items: await portal.partnerReferralList(ctx, userOf(request)), keyOf: (r) => ({ key: r.referralDate, id: r.id }), query: request.query as Record<string, unknown> },
      );
      return { referrals: page.items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/referrals/:id',
    {
      config: PARTNER,
      schema: op({
        summary: 'Read a referral made to the caller’s organisation',
        tags: ['partner referrals'],
        params: CaseParams,
        response: { 200: PartnerReferralAnswer },
      }),
    },
    async (request) => ({
      referral: await portal.partnerReferralView(ctx, { user: userOf(request), referralId: param(request, 'id'), via: 'api' }),
    }),
  );

  for (const { transition, schema } of PARTNER_TRANSITIONS) {
    app.post(
      `/api/v1/referrals/:id/${transition}`,
      {
        config: PARTNER,
        schema: op({
          summary: `Answer a referral: ${transition}`,
          tags: ['partner referrals'],
          params: CaseParams,
          body: schema,
          response: { 200: StatusAnswer },
          errors: [409, 422],
        }),
      },
      async (request) => {
        await portal.partnerReferral(ctx, userOf(request), param(request, 'id'));
        return {
          status: await portal.partnerTransition(ctx, {
            actor: userOf(request),
            referralId: param(request, 'id'),
            transition,
            input: parseBody(schema, request.body),
          }),
        };
      },
    );
  }

  app.post(
    '/api/v1/referrals/:id/services',
    {
      config: PARTNER,
      schema: op({
        summary: 'Record a service given on a referral',
        tags: ['partner referrals'],
        params: CaseParams,
        body: PartnerServiceBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      await portal.partnerReferral(ctx, userOf(request), param(request, 'id'));
      const id = await portal.partnerRecordService(ctx, {
        actor: userOf(request),
        referralId: param(request, 'id'),
        input: parseBody(PartnerServiceBody, request.body),
      });
      return reply.code(201).send({ id });
    },
  );
}

export async function referralsRoutes(app: FastifyInstance): Promise<void> {
  threadRoutes(app);
  staffRoutes(app);
  partnerRoutes(app);
  apiRoutes(app);
}
