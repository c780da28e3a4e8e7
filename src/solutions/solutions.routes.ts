import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { closeAfterSolution, startFollowUp } from './closure.service.js';
import { chooseSolution } from './decision.service.js';
import { cancelHandover, requestHandover } from './handover.service.js';
import { casePage, pageEnv } from './page-shell.js';
import { ReintegrationBody } from './reintegration.views.js';
import { saveReintegrationPlan, takeSurvey } from './reintegration.service.js';
import { overrideHighRisk, recordArrival, saveRiskAssessment } from './return-risk.service.js';
import { reintegrationView, solutionView, surveyFor, surveyFormView } from './solution-view.service.js';
import { SolutionBody } from './solution.views.js';
import { RISK_FACTORS, type Risk } from './solutions.model.js';
import {
  ActionBody,
  ActionForm,
  ActionStatusBody,
  ArrivalBody,
  CloseBody,
  ConsentBody,
  DecisionBody,
  EmptyForm,
  HandoverBody,
  OverrideBody,
  PlanForm,
  RisksForm,
  surveyFormSchema,
} from './solutions.schema.js';
import { type OnCase, openSolutionCase, recordSolutionConsent } from './solutions.service.js';
import { addAction, setActionStatus } from './steps.service.js';
import { DIMENSIONS } from './survey.js';
import { SurveyForm } from './survey.views.js';

/** Case workers and supervisors (of the owning office, or of an office the case is shared with). */
export const STAFF = { access: { permission: 'cases.work' } } as const;

/** Opens the route's case for the signed-in user (access logged), or "not found". */
export function onCase(request: FastifyRequest): Promise<OnCase> {
  const via = `${request.method} ${request.routeOptions.url ?? ''}`;
  return openSolutionCase(request.server.ctx, { user: requireAuth(request).user, caseId: (request.params as { id?: unknown }).id, via });
}

/** The plan action's description: the step's name in the user's language, then their note. */
export function describeStep(request: FastifyRequest, v: { track: string; step: string; note?: string | undefined }): string {
  const label = `${request.t(`solutions.tracks.${v.track}`)}: ${request.t(`solutions.steps.${v.step}`)}`;
  return v.note ? `${label} — ${v.note}` : label;
}

function risksFromForm(value: Record<string, unknown>): Risk[] {
  const risks: Risk[] = [];
  for (const f of RISK_FACTORS) {
    const l = value[`l_${f}`];
    const i = value[`i_${f}`];
    if (typeof l === 'number' && typeof i === 'number') risks.push({ factor: f, likelihood: l, impact: i, mitigation: String(value[`m_${f}`] ?? '') });
  }
  return risks;
}

type Page = 'solution' | 'reintegration';

/** A case tab of this feature, from its presenter, with the problem of a refused form when there is one. */
async function renderPage(ctx: AppContext, request: FastifyRequest, opts: { page: Page; on: OnCase; problem?: FormProblem | undefined }) {
  const env = pageEnv(request, opts.problem);
  const body =
    opts.page === 'solution'
      ? SolutionBody({ env, view: await solutionView(ctx, opts.on) })
      : ReintegrationBody({ env, view: await reintegrationView(ctx, opts.on) });
  const title = request.t(opts.page === 'solution' ? 'solutions.title' : 'solutions.reintegrationTitle');
  return casePage(request, opts.on, { tab: opts.page, title, body });
}

/** One form of a case's solution pages: its path, its schema, the service it calls, the page it comes back to. */
interface CaseForm<S extends TObject> {
  path: string;
  form: string;
  schema: S;
  page: Page;
  flash: string;
  run: (ctx: AppContext, on: OnCase, value: Static<S>, request: FastifyRequest) => Promise<unknown>;
}
const caseForm = <S extends TObject>(f: CaseForm<S>) => f as unknown as CaseForm<TObject>;

const CASE_FORMS = [
  caseForm({
    path: 'solution/consent',
    form: 'consent',
    schema: ConsentBody,
    page: 'solution',
    flash: 'solutions.flash.consent',
    run: (ctx, on, v, request) => recordSolutionConsent(ctx, on, { purpose: v.purpose, given: v.given === 'yes', language: v.language ?? request.locale }),
  }),
  caseForm({
    path: 'solution/decision',
    form: 'decision',
    schema: DecisionBody,
    page: 'solution',
    flash: 'solutions.flash.decision',
    run: (ctx, on, v) =>
      chooseSolution(ctx, on, {
        options: v.options,
        wishes: v.wishes,
        decision: v.decision ?? null,
        targetOfficeId: v.targetOfficeId ?? null,
        version: v.version,
      }),
  }),
  caseForm({
    path: 'solution/risks',
    form: 'risks',
    schema: RisksForm,
    page: 'solution',
    flash: 'solutions.flash.risks',
    run: (ctx, on, v) => {
      const risks = risksFromForm(v as Record<string, unknown>);
      if (risks.length === 0) throw new ValidationError({ [`l_${RISK_FACTORS[0]}`]: 'solutions.errors.noRisks' });
      return saveRiskAssessment(ctx, on, { risks, version: v.version as number | undefined });
    },
  }),
  caseForm({
    path: 'solution/override',
    form: 'override',
    schema: OverrideBody,
    page: 'solution',
    flash: 'solutions.flash.override',
    run: (ctx, on, v) => overrideHighRisk(ctx, on, v.reason),
  }),
  caseForm({
    path: 'solution/actions',
    form: 'actions',
    schema: ActionForm,
    page: 'solution',
    flash: 'solutions.flash.action',
    run: (ctx, on, v, request) => {
      const [track, step] = v.step.includes(':') ? v.step.split(':', 2) : [v.track, v.step];
      const f = parseForm(ActionBody, { ...v, track, step });
      if (!f.ok) throw new ValidationError(f.errors);
      const b = f.value;
      return addAction(ctx, on, { track: b.track, step: b.step, dueOn: b.dueOn ?? null, ownerId: b.ownerId ?? null, description: describeStep(request, b) });
    },
  }),
  caseForm({
    path: 'solution/actions/:actionId',
    form: 'actions',
    schema: ActionStatusBody,
    page: 'solution',
    flash: 'solutions.flash.action',
    run: (ctx, on, v, request) => {
      const { actionId } = request.params as { actionId?: unknown };
      if (!isId(actionId)) throw new NotFoundError();
      return setActionStatus(ctx, on, { actionId, status: v.status, version: v.version });
    },
  }),
  caseForm({
    path: 'solution/handover',
    form: 'handover',
    schema: HandoverBody,
    page: 'solution',
    flash: 'solutions.flash.handover',
    run: (ctx, on, v) => requestHandover(ctx, on, v),
  }),
  caseForm({
    path: 'solution/handover/:handoverId/cancel',
    form: 'handover',
    schema: EmptyForm,
    page: 'solution',
    flash: 'solutions.flash.handoverCancelled',
    run: (ctx, on, _v, request) => {
      const { handoverId } = request.params as { handoverId?: unknown };
      if (!isId(handoverId)) throw new NotFoundError();
      return cancelHandover(ctx, on, handoverId);
    },
  }),
  caseForm({
    path: 'solution/arrival',
    form: 'arrival',
    schema: ArrivalBody,
    page: 'solution',
    flash: 'solutions.flash.arrival',
    run: (ctx, on, v) => recordArrival(ctx, on, v.arrivedOn),
  }),
  caseForm({
    path: 'solution/followup',
    form: 'close',
    schema: EmptyForm,
    page: 'solution',
    flash: 'solutions.flash.followup',
    run: (ctx, on) => startFollowUp(ctx, on),
  }),
  caseForm({
    path: 'solution/close',
    form: 'close',
    schema: CloseBody,
    page: 'solution',
    flash: 'solutions.flash.closed',
    run: (ctx, on, v) => closeAfterSolution(ctx, on, v.reason),
  }),
  caseForm({
    path: 'reintegration/plan',
    form: 'plan',
    schema: PlanForm,
    page: 'reintegration',
    flash: 'solutions.flash.plan',
    run: (ctx, on, v) => {
      const services = DIMENSIONS.flatMap((d) => (v[`services_${d}`] as string[]).map((organisationId) => ({ organisationId, dimension: d })));
      return saveReintegrationPlan(ctx, on, { economic: v.economic, social: v.social, psychosocial: v.psychosocial, services, version: v.version });
    },
  }),
];

/** The case's solution and reintegration pages and their forms (every change through its service, via formAction). */
export async function solutionPagesRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  for (const page of ['solution', 'reintegration'] as const) {
    app.get(`/staff/cases/:id/${page}`, { config: STAFF }, async (request, reply) =>
      reply.page((await renderPage(ctx, request, { page, on: await onCase(request) })) as never),
    );
  }

  for (const f of CASE_FORMS) {
    app.post(`/staff/cases/:id/${f.path}`, { config: STAFF }, async (request, reply) => {
      const on = await onCase(request);
      return formAction(request, reply, {
        schema: f.schema,
        form: f.form,
        run: (value) => f.run(ctx, on, value, request),
        rerender: (problem) => renderPage(ctx, request, { page: f.page, on, problem }),
        done: () => ({ to: `/staff/cases/${on.record.id}/${f.page}`, flash: f.flash }),
      });
    });
  }

  const surveyPage = async (request: FastifyRequest, on: OnCase, opts: { kind: string; problem?: FormProblem }) =>
    casePage(request, on, {
      tab: 'reintegration',
      title: request.t('solutions.survey.title'),
      body: SurveyForm({
        env: pageEnv(request, opts.problem),
        form: await surveyFormView(ctx, on),
        kind: opts.kind,
        today: new Date().toISOString().slice(0, 10),
      }),
    });
  app.get('/staff/cases/:id/reintegration/survey', { config: STAFF }, async (request, reply) => {
    const kind = (request.query as { kind?: unknown }).kind === 'followup' ? 'followup' : 'baseline';
    return reply.page((await surveyPage(request, await onCase(request), { kind })) as never);
  });
  app.post('/staff/cases/:id/reintegration/survey', { config: STAFF }, async (request, reply) => {
    const on = await onCase(request);
    const form = await surveyFor(ctx, on);
    return formAction(request, reply, {
      schema: surveyFormSchema(form.config),
      form: 'survey',
      run: (v: Record<string, unknown>) => {
        const answers: Record<string, number> = {};
        for (const item of form.config.items) if (typeof v[`a_${item.id}`] === 'number') answers[item.id] = v[`a_${item.id}`] as number;
        return takeSurvey(ctx, on, { kind: v.kind as 'baseline' | 'followup', takenOn: v.takenOn as string, answers });
      },
      rerender: (problem) => surveyPage(request, on, { kind: 'baseline', problem }),
      done: () => ({ to: `/staff/cases/${on.record.id}/reintegration`, flash: 'solutions.flash.survey' }),
    });
  });
}
