import type { Static, TObject } from '@sinclair/typebox';
import { CaseParams, Created, IdParams, Ok, op } from '../platform/http/api-schema.js';
import { OverdueAnswer, OverdueQuery, PlanAnswer } from './plans.schema.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loadCaseFor } from '../cases/index.js';
import { CasePage } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { Layout } from '../platform/views/layout.js';
import * as view from './plan-view.service.js';
import { ActionBody, ActionUpdateBody, ObjectiveBody, ObjectiveStatusBody, ServiceBody, ServiceCorrectionBody, WithdrawBody } from './plans.schema.js';
import { correctService, withdrawService } from './corrections.service.js';
import * as service from './plans.service.js';
import { OverdueView, PlanView } from './plans.views.js';

const STAFF = { access: { permission: 'cases.work' } } as const;

function subId(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

const userOf = (request: FastifyRequest) => requireAuth(request).user;
const planPath = (record: CaseRow) => `/staff/cases/${record.id}/plan`;
const mineOf = (request: FastifyRequest) => (request.query as Record<string, unknown>).mine === '1';

async function planPage(request: FastifyRequest, record: CaseRow, problem?: FormProblem) {
  const t = request.t;
  const auth = requireAuth(request);
  const model = await view.planPage(request.server.ctx, auth.user, record);
  const children = PlanView({ t, csrf: auth.session?.csrf_secret ?? '', caseId: record.id, model, problem });
  return CasePage({ request, record, tab: 'plan', title: t('plans.title'), children });
}

/** A form of the plan page: its path under the plan, its body, the change it makes, and the flash after it. */
interface PlanForm<S extends TObject> {
  path: string;
  /** The route parameter naming the objective or the action changed, if any. */
  sub?: string;
  schema: S;
  form: string;
  flash: string;
  run: (on: { user: AuthUser; record: CaseRow; subId: string }, body: Static<S>) => Promise<unknown>;
}

/** Registers a form of the plan page: the change through a service, the page again on a problem, the plan on success. */
function planForm<S extends TObject>(app: FastifyInstance, spec: PlanForm<S>): void {
  app.post(`/staff/cases/:id/plan${spec.path}`, { config: STAFF }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    const on = { user: userOf(request), record, subId: spec.sub ? subId(request, spec.sub) : '' };
    return formAction(request, reply, {
      schema: spec.schema,
      form: spec.form,
      run: (body) => spec.run(on, body),
      rerender: (problem) => planPage(request, record, problem),
      done: () => ({ to: planPath(record), flash: spec.flash }),
    });
  });
}

export async function plansRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/plan', { config: STAFF }, async (request, reply) => reply.page(await planPage(request, await loadCaseFor(request, 'read'))));

  planForm(app, {
    path: '/objectives',
    schema: ObjectiveBody,
    form: 'objective',
    flash: 'plans.flash.objectiveAdded',
    run: (on, body) => service.addObjective(ctx, { actor: on.user, record: on.record, input: body }),
  });
  planForm(app, {
    path: '/objectives/:objectiveId',
    sub: 'objectiveId',
    schema: ObjectiveStatusBody,
    form: 'objectiveStatus',
    flash: 'forms.saved',
    run: (on, body) => service.updateObjectiveStatus(ctx, { actor: on.user, record: on.record, objectiveId: on.subId, input: body }),
  });
  planForm(app, {
    path: '/actions',
    schema: ActionBody,
    form: 'action',
    flash: 'plans.flash.actionAdded',
    run: (on, body) => service.addPlanAction(ctx, { actor: on.user, record: on.record, input: body }),
  });
  planForm(app, {
    path: '/actions/:actionId',
    sub: 'actionId',
    schema: ActionUpdateBody,
    form: 'actionUpdate',
    flash: 'forms.saved',
    run: (on, body) => service.updatePlanAction(ctx, { actor: on.user, record: on.record, actionId: on.subId, input: body }),
  });
  planForm(app, {
    path: '/services',
    schema: ServiceBody,
    form: 'service',
    flash: 'plans.flash.serviceRecorded',
    run: (on, body) => service.recordStaffService(ctx, { actor: on.user, record: on.record, input: body }),
  });
  // Corrections (issue 21): a service corrected or withdrawn with a reason, the values before kept sealed.
  planForm(app, {
    path: '/services/:serviceId/correct',
    sub: 'serviceId',
    schema: ServiceCorrectionBody,
    form: 'serviceCorrect',
    flash: 'corrections.flash.corrected',
    run: (on, body) => correctService(ctx, { who: { kind: 'staff', user: on.user, record: on.record }, serviceId: on.subId, input: body }),
  });
  planForm(app, {
    path: '/services/:serviceId/withdraw',
    sub: 'serviceId',
    schema: WithdrawBody,
    form: 'serviceWithdraw',
    flash: 'corrections.flash.withdrawn',
    run: (on, body) => withdrawService(ctx, { who: { kind: 'staff', user: on.user, record: on.record }, serviceId: on.subId, input: body }),
  });

  app.get('/staff/plans/overdue', { config: STAFF }, async (request, reply) => {
    const t = request.t;
    const user = userOf(request);
    const mine = mineOf(request);
    const rows = await view.overdueActions(ctx, user, { mine });
    const children = OverdueView({ t, mine, timeZone: user.timeZone, rows });
    return reply.page(Layout({ ...(await staffLayout(request, t('plans.overdue.title'))), children }));
  });

  // JSON API: the same services and policies as the pages.
  app.get(
    '/api/v1/cases/:id/plan',
    {
      config: STAFF,
      schema: op({
        summary: "The case's assistance plan: objectives, actions, services (and its HTCDS form)",
        tags: ['plans'],
        params: CaseParams,
        response: { 200: PlanAnswer },
      }),
    },
    async (request) => {
      const record = await loadCaseFor(request, 'read');
      const plan = await view.loadPlan(ctx, record);
      return { caseId: record.id, plan, htcds: view.htcdsPlan(plan) };
    },
  );

  app.post(
    '/api/v1/cases/:id/plan/objectives',
    {
      config: STAFF,
      schema: op({ summary: 'Add an objective', tags: ['plans'], params: CaseParams, body: ObjectiveBody, response: { 201: Created }, errors: [422] }),
    },
    async (request, reply) => {
      const record = await loadCaseFor(request, 'edit');
      const id = await service.addObjective(ctx, { actor: userOf(request), record, input: parseBody(ObjectiveBody, request.body) });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/v1/cases/:id/plan/objectives/:objectiveId',
    {
      config: STAFF,
      schema: op({
        summary: "Change an objective's status",
        tags: ['plans'],
        params: IdParams('id', 'objectiveId'),
        body: ObjectiveStatusBody,
        response: { 200: Ok },
        errors: [409, 422],
      }),
    },
    async (request) => {
      const record = await loadCaseFor(request, 'edit');
      await service.updateObjectiveStatus(ctx, {
        actor: userOf(request),
        record,
        objectiveId: subId(request, 'objectiveId'),
        input: parseBody(ObjectiveStatusBody, request.body),
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/cases/:id/plan/actions',
    {
      config: STAFF,
      schema: op({ summary: 'Add an action to the plan', tags: ['plans'], params: CaseParams, body: ActionBody, response: { 201: Created }, errors: [422] }),
    },
    async (request, reply) => {
      const record = await loadCaseFor(request, 'edit');
      const id = await service.addPlanAction(ctx, { actor: userOf(request), record, input: parseBody(ActionBody, request.body) });
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/v1/cases/:id/plan/actions/:actionId',
    {
      config: STAFF,
      schema: op({
        summary: 'Update an action',
        tags: ['plans'],
        params: IdParams('id', 'actionId'),
        body: ActionUpdateBody,
        response: { 200: Ok },
        errors: [409, 422],
      }),
    },
    async (request) => {
      const record = await loadCaseFor(request, 'edit');
      await service.updatePlanAction(ctx, {
        actor: userOf(request),
        record,
        actionId: subId(request, 'actionId'),
        input: parseBody(ActionUpdateBody, request.body),
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/cases/:id/plan/services',
    {
      config: STAFF,
      schema: op({
        summary: 'Record a service given by staff',
        tags: ['plans'],
        params: CaseParams,
        body: ServiceBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const record = await loadCaseFor(request, 'edit');
      const id = await service.recordStaffService(ctx, { actor: userOf(request), record, input: parseBody(ServiceBody, request.body) });
      return reply.code(201).send({ id });
    },
  );

  // Corrections (issue 21) through the API: the plan page's services, the same reason and version check.
  for (const c of [
    { kind: 'correct', schema: ServiceCorrectionBody, summary: 'Correct a service delivered, with a reason (the values before are kept)' },
    { kind: 'withdraw', schema: WithdrawBody, summary: 'Withdraw a service delivered, with a reason (it stays in the history)' },
  ] as const) {
    app.post(
      `/api/v1/cases/:id/plan/services/:serviceId/${c.kind}`,
      {
        config: STAFF,
        schema: op({ summary: c.summary, tags: ['plans'], params: IdParams('id', 'serviceId'), body: c.schema, response: { 200: Ok }, errors: [409, 422] }),
      },
      async (request) => {
        const record = await loadCaseFor(request, 'edit');
        const who = { kind: 'staff' as const, user: userOf(request), record };
        const serviceId = subId(request, 'serviceId');
        if (c.kind === 'correct') await correctService(ctx, { who, serviceId, input: parseBody(ServiceCorrectionBody, request.body) });
        else await withdrawService(ctx, { who, serviceId, input: parseBody(WithdrawBody, request.body) });
        return { ok: true as const };
      },
    );
  }

  app.get(
    '/api/v1/plans/overdue',
    {
      config: STAFF,
      schema: op({
        summary: 'Overdue plan actions of the cases the caller may see',
        tags: ['plans'],
        querystring: OverdueQuery,
        response: { 200: OverdueAnswer },
      }),
    },
    async (request) => ({ actions: await view.overdueActions(ctx, userOf(request), { mine: mineOf(request) }) }),
  );
}
