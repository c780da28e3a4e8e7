import type { Static, TObject } from '@sinclair/typebox';
import { IdParams, op } from '../platform/http/api-schema.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { closeAfterSolution } from './closure.service.js';
import { chooseSolution } from './decision.service.js';
import { acceptHandover, requestHandover } from './handover.service.js';
import { saveReintegrationPlan, takeSurvey } from './reintegration.service.js';
import { overrideHighRisk, recordArrival, saveRiskAssessment } from './return-risk.service.js';
import { solutionJson, solutionView } from './solution-view.service.js';
import {
  AcceptBody,
  ActionBody,
  ActionStatusBody,
  ArrivalBody,
  CaseParams,
  CloseBody,
  ConsentBody,
  DecisionBody,
  HandoverBody,
  OverrideBody,
  PlanBody,
  RisksBody,
  SolutionAnswer,
  SolutionChange,
  SurveyBody,
} from './solutions.schema.js';
import { describeStep, onCase, STAFF } from './solutions.routes.js';
import { type OnCase, recordSolutionConsent } from './solutions.service.js';
import { addAction, setActionStatus } from './steps.service.js';

/** One change of a case's solution through the API: its path, summary, body schema and the service it calls. */
interface CaseCall<S extends TObject> {
  path: string;
  summary: string;
  body: S;
  /** The service's answer, or nothing: then the API says `{ ok: true }`. */
  run: (ctx: AppContext, on: OnCase, body: Static<S>, request: FastifyRequest) => Promise<unknown>;
}
const call = <S extends TObject>(c: CaseCall<S>) => c as unknown as CaseCall<TObject>;

const CASE_CALLS = [
  call({
    path: 'consent',
    summary: "Record the person's decision on return or transfer consent",
    body: ConsentBody,
    run: (ctx, on, b) => recordSolutionConsent(ctx, on, { purpose: b.purpose, given: b.given === 'yes', language: b.language ?? null }),
  }),
  call({
    path: 'decision',
    summary: 'Choose the durable solution',
    body: DecisionBody,
    run: async (ctx, on, b) => {
      await chooseSolution(ctx, on, b);
      return solutionJson(await solutionView(ctx, on));
    },
  }),
  call({
    path: 'risk-assessment',
    summary: 'Save and sign the joint pre-return risk assessment',
    body: RisksBody,
    run: (ctx, on, b) => saveRiskAssessment(ctx, on, b),
  }),
  call({
    path: 'override',
    summary: 'A supervisor records why a high-risk return goes on',
    body: OverrideBody,
    run: (ctx, on, b) => overrideHighRisk(ctx, on, b.reason),
  }),
  call({
    path: 'actions',
    summary: 'Add a step (return, integration, resettlement, follow-up)',
    body: ActionBody,
    run: async (ctx, on, b, request) => ({
      id: await addAction(ctx, on, { track: b.track, step: b.step, dueOn: b.dueOn ?? null, ownerId: b.ownerId ?? null, description: describeStep(request, b) }),
    }),
  }),
  call({
    path: 'handover',
    summary: 'Hand the case over to another office',
    body: HandoverBody,
    run: async (ctx, on, b) => ({ id: await requestHandover(ctx, on, b) }),
  }),
  call({
    path: 'arrival',
    summary: 'Record the arrival after a voluntary return',
    body: ArrivalBody,
    run: (ctx, on, b) => recordArrival(ctx, on, b.arrivedOn),
  }),
  call({ path: 'reintegration-plan', summary: 'Save the reintegration plan', body: PlanBody, run: (ctx, on, b) => saveReintegrationPlan(ctx, on, b) }),
  call({ path: 'surveys', summary: 'Take a reintegration sustainability survey', body: SurveyBody, run: (ctx, on, b) => takeSurvey(ctx, on, b) }),
  call({
    path: 'close',
    summary: 'Close the case after the solution, with a reason',
    body: CloseBody,
    run: (ctx, on, b) => closeAfterSolution(ctx, on, b.reason),
  }),
];

/** The JSON API of durable solutions: the same services, policies and presenter as the pages. */
export async function solutionsApiRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const schema = (summary: string, body?: TObject) =>
    op({
      summary,
      tags: ['solutions'],
      params: CaseParams,
      ...(body ? { body } : {}),
      response: { 200: body ? SolutionChange : SolutionAnswer },
      errors: body ? [409, 422] : [],
    });

  app.get('/api/v1/cases/:id/solution', { config: STAFF, schema: schema('The durable solution of a case, as far as the caller may see it') }, async (request) =>
    solutionJson(await solutionView(ctx, await onCase(request))),
  );
  for (const c of CASE_CALLS) {
    app.post(`/api/v1/cases/:id/solution/${c.path}`, { config: STAFF, schema: schema(c.summary, c.body) }, async (request) => {
      const on = await onCase(request);
      return (await c.run(ctx, on, parseBody(c.body, request.body), request)) ?? { ok: true };
    });
  }
  // A step's status, with its gates checked (the plan's own route refuses a step: issue 15).
  app.post(
    '/api/v1/cases/:id/solution/actions/:actionId',
    {
      config: STAFF,
      schema: op({
        summary: 'Mark a step done or cancelled, once its conditions are met',
        tags: ['solutions'],
        params: IdParams('id', 'actionId'),
        body: ActionStatusBody,
        response: { 200: SolutionChange },
        errors: [409, 422],
      }),
    },
    async (request) => {
      const { actionId } = request.params as { actionId?: unknown };
      if (!isId(actionId)) throw new NotFoundError();
      const on = await onCase(request);
      const b = parseBody(ActionStatusBody, request.body);
      await setActionStatus(ctx, on, { actionId, status: b.status, version: b.version });
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/handovers/:id/accept',
    {
      config: { access: { permission: 'cases.supervise' } },
      schema: op({
        summary: 'Accept a hand-over into the receiving office',
        tags: ['solutions'],
        params: CaseParams,
        body: AcceptBody,
        response: { 200: SolutionChange },
        errors: [409, 422],
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!isId(id)) throw new NotFoundError();
      const b = parseBody(AcceptBody, request.body);
      return acceptHandover(ctx, requireAuth(request).user, { handoverId: id, ownerId: b.ownerId });
    },
  );
}
