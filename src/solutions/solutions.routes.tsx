import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { officesWith } from '../platform/auth/auth-user.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseBody, parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { inTransaction } from '../platform/db/database.js';
import { recordEvent } from '../platform/audit/audit.js';
import { configPage, officePage, type Problem, reintegrationPage, solutionPage, surveyPage } from './solutions.pages.js';
import { canConfigureSurvey, can, type SolutionAccess, workingOffices } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import {
  AcceptBody,
  ActionBody,
  ActionStatusBody,
  ArrivalBody,
  CloseBody,
  ConsentBody,
  configFormSchema,
  DecisionBody,
  HandoverBody,
  OverrideBody,
  PlanBody,
  PlanForm,
  RisksBody,
  RisksForm,
  SurveyBody,
  surveyFormSchema,
} from './solutions.schema.js';
import * as service from './solutions.service.js';
import { loadSolutionCase } from './solution-access.js';
import { currentSurveyConfig, DIMENSIONS, saveSurveyConfig, validConfig, type SurveyConfig } from './survey.js';
import type { CaseRow } from '../cases/cases.table.js';

/** Case workers and supervisors (of the owning office, or of an office the case is shared with). */
const STAFF = { access: { permission: 'cases.work' } } as const;

type Page = (request: FastifyRequest, record: CaseRow, access: SolutionAccess, problem?: Problem) => Promise<unknown>;

/**
 * Runs a form's action: field errors re-render the page (400), a refused rule re-renders it with the rule's
 * message and status; success redirects (303) to the page with a flash.
 */
async function runForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page,
  form: string,
  work: (loaded: { record: CaseRow; access: SolutionAccess }) => Promise<{ errors: Record<string, string>; raw: Record<string, unknown> } | undefined>,
  done: { to: string; flash: string },
) {
  const loaded = await loadSolutionCase(request);
  try {
    const invalid = await work(loaded);
    if (invalid) return reply.page((await page(request, loaded.record, loaded.access, { form, errors: invalid.errors, raw: invalid.raw })) as never, 400);
  } catch (e) {
    if (e instanceof ValidationError) return reply.page((await page(request, loaded.record, loaded.access, { form, errors: e.fields })) as never, 400);
    if (e instanceof AppError && e.status < 500 && e.status !== 404) {
      return reply.page(
        (await page(request, loaded.record, loaded.access, { form, message: e.messageKey, raw: (request.body ?? {}) as Record<string, unknown> })) as never,
        e.status,
      );
    }
    throw e;
  }
  await setFlash(request, 'success', done.flash);
  return reply.redirect(done.to, 303);
}

function risksFromForm(value: Record<string, unknown>): service.Risk[] {
  const risks: service.Risk[] = [];
  for (const f of service.RISK_FACTORS) {
    const l = value[`l_${f}`];
    const i = value[`i_${f}`];
    if (typeof l === 'number' && typeof i === 'number') risks.push({ factor: f, likelihood: l, impact: i, mitigation: String(value[`m_${f}`] ?? '') });
  }
  return risks;
}

/** JSON view of the solution, limited by the viewer's access. */
async function solutionJson(request: FastifyRequest, record: CaseRow, access: SolutionAccess) {
  const ctx = request.server.ctx;
  const solution = await repo.findSolution(ctx.db, record.id);
  const assessment = await repo.findAssessment(ctx.db, record.id);
  const owner = access.kind === 'owner';
  const outcome = owner || can(access, 'view-outcome');
  const surveys = outcome ? await repo.listSurveys(ctx.db, record.office_id, record.id) : [];
  const plan = outcome ? await repo.findPlan(ctx.db, record.office_id, record.id) : undefined;
  return {
    caseId: record.id,
    caseNumber: record.case_number,
    access: owner ? 'owner' : [...access.scopes],
    decision: solution?.decision ?? null,
    options: owner && solution ? JSON.parse(solution.options) : undefined,
    wishes: owner && solution ? await service.readWishes(ctx, solution) : undefined,
    targetOfficeId: solution?.target_office_id ?? null,
    returnStatus: solution?.return_status ?? 'none',
    arrivedOn: solution?.arrived_on ?? null,
    followupStatus: solution?.followup_status ?? null,
    closureReason: solution?.closure_reason ?? null,
    version: solution?.version ?? null,
    riskAssessment:
      assessment && (owner || can(access, 'view-risk'))
        ? {
            overall: assessment.overall,
            risks: await service.readRisks(ctx, assessment),
            destinationSignedAt: assessment.destination_signed_at,
            originSignedAt: assessment.origin_signed_at,
            version: assessment.version,
          }
        : assessment && outcome
          ? { overall: assessment.overall }
          : undefined,
    handovers: (await repo.listHandovers(ctx.db, record.id)).map((h) => ({
      id: h.id,
      toOfficeId: h.to_office_id,
      status: h.status,
      requestedAt: h.requested_at,
      decidedAt: h.decided_at,
    })),
    reintegrationPlan: plan
      ? {
          dueOn: solution?.arrived_on ? service.planDueOn(solution.arrived_on) : null,
          savedAt: plan.updated_at,
          ...(owner ? { objectives: await service.readObjectives(ctx, plan), services: JSON.parse(plan.services) } : {}),
        }
      : null,
    surveys: surveys.map((s) => ({
      id: s.id,
      kind: s.kind,
      takenOn: s.taken_on,
      configVersion: s.config_version,
      economic: s.economic,
      social: s.social,
      psychosocial: s.psychosocial,
      composite: s.composite,
    })),
  };
}

export async function solutionsRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  // --- Pages ---------------------------------------------------------------------------------------------
  app.get('/staff/cases/:id/solution', { config: STAFF }, async (request, reply) => {
    const { record, access } = await loadSolutionCase(request);
    return reply.page((await solutionPage(request, record, access)) as never);
  });
  app.get('/staff/cases/:id/reintegration', { config: STAFF }, async (request, reply) => {
    const { record, access } = await loadSolutionCase(request);
    if (access.kind === 'share' && !can(access, 'view-outcome')) throw new NotFoundError();
    return reply.page((await reintegrationPage(request, record, access)) as never);
  });

  const sol = (id: string) => `/staff/cases/${id}/solution`;
  const rein = (id: string) => `/staff/cases/${id}/reintegration`;

  app.post('/staff/cases/:id/solution/consent', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'consent',
      async ({ record, access }) => {
        const f = parseForm(ConsentBody, request.body);
        if (!f.ok) return f;
        await service.recordSolutionConsent(
          ctx,
          requireAuth(request).user,
          access,
          record,
          f.value.purpose,
          f.value.given === 'yes',
          f.value.language ?? request.locale,
        );
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.consent' },
    ),
  );

  app.post('/staff/cases/:id/solution/decision', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'decision',
      async ({ record, access }) => {
        const f = parseForm(DecisionBody, request.body);
        if (!f.ok) return f;
        await service.chooseSolution(ctx, requireAuth(request).user, access, record, {
          options: f.value.options,
          wishes: f.value.wishes,
          decision: f.value.decision ?? null,
          targetOfficeId: f.value.targetOfficeId ?? null,
          version: f.value.version,
        });
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.decision' },
    ),
  );

  app.post('/staff/cases/:id/solution/risks', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'risks',
      async ({ record, access }) => {
        const f = parseForm(RisksForm, request.body);
        if (!f.ok) return f;
        const risks = risksFromForm(f.value as Record<string, unknown>);
        if (risks.length === 0) return { errors: { [`l_${service.RISK_FACTORS[0]}`]: 'solutions.errors.noRisks' }, raw: f.value as Record<string, unknown> };
        await service.saveRiskAssessment(ctx, requireAuth(request).user, access, record, risks, f.value.version as number | undefined);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.risks' },
    ),
  );

  app.post('/staff/cases/:id/solution/override', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'override',
      async ({ record, access }) => {
        const f = parseForm(OverrideBody, request.body);
        if (!f.ok) return f;
        await service.overrideHighRisk(ctx, requireAuth(request).user, access, record, f.value.reason);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.override' },
    ),
  );

  app.post('/staff/cases/:id/solution/actions', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'actions',
      async ({ record, access }) => {
        const body = { ...((request.body ?? {}) as Record<string, unknown>) };
        if (typeof body.step === 'string' && body.step.includes(':')) [body.track, body.step] = body.step.split(':', 2);
        const f = parseForm(ActionBody, body);
        if (!f.ok) return f;
        await service.addAction(ctx, requireAuth(request).user, access, record, {
          track: f.value.track,
          step: f.value.step,
          dueOn: f.value.dueOn ?? null,
          ownerId: f.value.ownerId ?? null,
          description: describeStep(request, f.value),
        });
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.action' },
    ),
  );

  app.post('/staff/cases/:id/solution/actions/:actionId', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'actions',
      async ({ record, access }) => {
        const { actionId } = request.params as { actionId: string };
        if (!isId(actionId)) throw new NotFoundError();
        const f = parseForm(ActionStatusBody, request.body);
        if (!f.ok) return f;
        await service.setActionStatus(ctx, requireAuth(request).user, access, record, actionId, f.value.status, f.value.version);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.action' },
    ),
  );

  app.post('/staff/cases/:id/solution/handover', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'handover',
      async ({ record, access }) => {
        const f = parseForm(HandoverBody, request.body);
        if (!f.ok) return f;
        await service.requestHandover(ctx, requireAuth(request).user, access, record, f.value.toOfficeId, f.value.keep);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.handover' },
    ),
  );

  app.post('/staff/cases/:id/solution/arrival', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'arrival',
      async ({ record, access }) => {
        const f = parseForm(ArrivalBody, request.body);
        if (!f.ok) return f;
        await service.recordArrival(ctx, requireAuth(request).user, access, record, f.value.arrivedOn);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.arrival' },
    ),
  );

  app.post('/staff/cases/:id/solution/followup', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'close',
      async ({ record, access }) => {
        await service.startFollowUp(ctx, requireAuth(request).user, access, record);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.followup' },
    ),
  );

  app.post('/staff/cases/:id/solution/close', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      solutionPage,
      'close',
      async ({ record, access }) => {
        const f = parseForm(CloseBody, request.body);
        if (!f.ok) return f;
        await service.closeAfterSolution(ctx, requireAuth(request).user, access, record, f.value.reason);
        return undefined;
      },
      { to: sol(idOf(request)), flash: 'solutions.flash.closed' },
    ),
  );

  app.post('/staff/cases/:id/reintegration/plan', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      reintegrationPage,
      'plan',
      async ({ record, access }) => {
        const f = parseForm(PlanForm, request.body);
        if (!f.ok) return f;
        const services = DIMENSIONS.flatMap((d) => (f.value[`services_${d}`] as string[]).map((organisationId) => ({ organisationId, dimension: d })));
        await service.saveReintegrationPlan(ctx, requireAuth(request).user, access, record, {
          economic: f.value.economic,
          social: f.value.social,
          psychosocial: f.value.psychosocial,
          services,
          version: f.value.version,
        });
        return undefined;
      },
      { to: rein(idOf(request)), flash: 'solutions.flash.plan' },
    ),
  );

  app.get('/staff/cases/:id/reintegration/survey', { config: STAFF }, async (request, reply) => {
    const { record, access } = await loadSolutionCase(request);
    if (!can(access, 'edit')) throw new NotFoundError();
    const kind = (request.query as { kind?: unknown }).kind === 'followup' ? 'followup' : 'baseline';
    return reply.page((await surveyPage(request, record, access, kind)) as never);
  });

  const surveyPageFor: Page = (request, record, access, problem) => surveyPage(request, record, access, 'baseline', problem);
  app.post('/staff/cases/:id/reintegration/survey', { config: STAFF }, async (request, reply) =>
    runForm(
      request,
      reply,
      surveyPageFor,
      'survey',
      async ({ record, access }) => {
        const current = await currentSurveyConfig(ctx.db, record.office_id);
        const f = parseForm(surveyFormSchema(current.config), request.body);
        if (!f.ok) return f;
        const v = f.value as Record<string, unknown>;
        const answers: Record<string, number> = {};
        for (const item of current.config.items) if (typeof v[`a_${item.id}`] === 'number') answers[item.id] = v[`a_${item.id}`] as number;
        await service.takeSurvey(ctx, requireAuth(request).user, access, record, v.kind as 'baseline' | 'followup', v.takenOn as string, answers);
        return undefined;
      },
      { to: rein(idOf(request)), flash: 'solutions.flash.survey' },
    ),
  );

  // --- The office's list and hand-over decisions -------------------------------------------------------
  app.get('/staff/solutions', { config: { access: { permission: 'cases.work' } } }, async (request, reply) => {
    const auth = requireAuth(request);
    const work = workingOffices(auth.user);
    const offices = work === 'all' ? (await repo.officesList(ctx.db)).map((o) => o.id) : work;
    const sup = officesWith(auth.user, 'cases.supervise');
    const receiving = sup === 'all' ? offices : sup;
    const incoming = receiving.length ? await repo.incomingHandovers(ctx.db, receiving) : [];
    const shared = offices.length ? await repo.sharedWithOffices(ctx.db, offices) : [];
    const workers = new Map<string, Array<{ id: string; display_name: string }>>();
    for (const o of new Set(incoming.map((h) => h.to_office_id))) workers.set(o, await repo.caseWorkersOf(ctx.db, o));
    const cutoff = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const late = await repo.latePlans(ctx.db, auth.user, cutoff);
    const all = await repo.officesList(ctx.db);
    const configOffices = all.filter((o) => canConfigureSurvey(auth.user, o.id));
    return reply.page(await officePage(request, incoming, shared, workers, configOffices, late));
  });

  app.post('/staff/solutions/handovers/:hid/accept', { config: { access: { permission: 'cases.supervise' } } }, async (request, reply) => {
    const { hid } = request.params as { hid: string };
    if (!isId(hid)) throw new NotFoundError();
    const f = parseForm(AcceptBody, request.body);
    if (!f.ok) {
      await setFlash(request, 'error', 'solutions.errors.ownerNotInOffice');
      return reply.redirect('/staff/solutions', 303);
    }
    try {
      const r = await service.acceptHandover(ctx, requireAuth(request).user, hid, f.value.ownerId);
      await setFlash(request, 'success', 'solutions.flash.accepted');
      return reply.redirect(`/staff/cases/${r.caseId}/solution`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) {
        await setFlash(request, 'error', e.messageKey);
        return reply.redirect('/staff/solutions', 303);
      }
      throw e;
    }
  });

  app.post('/staff/solutions/handovers/:hid/decline', { config: { access: { permission: 'cases.supervise' } } }, async (request, reply) => {
    const { hid } = request.params as { hid: string };
    if (!isId(hid)) throw new NotFoundError();
    await service.declineHandover(ctx, requireAuth(request).user, hid);
    await setFlash(request, 'success', 'solutions.flash.declined');
    return reply.redirect('/staff/solutions', 303);
  });

  // --- Survey configuration (per office, versioned) ------------------------------------------------------
  const configOffice = (request: FastifyRequest): string => {
    const auth = requireAuth(request);
    const q = (request.query as { office?: unknown }).office;
    const sup = officesWith(auth.user, 'cases.supervise');
    const officeId = isId(q) ? q : sup === 'all' ? undefined : sup[0];
    if (!officeId || !canConfigureSurvey(auth.user, officeId)) throw new ForbiddenError();
    return officeId;
  };
  app.get('/staff/solutions/survey-config', { config: { access: { permission: 'cases.supervise' } } }, async (request, reply) => {
    const officeId = configOffice(request);
    return reply.page(await configPage(request, officeId, await currentSurveyConfig(ctx.db, officeId)));
  });
  app.post('/staff/solutions/survey-config', { config: { access: { permission: 'cases.supervise' } } }, async (request, reply) => {
    const officeId = configOffice(request);
    const current = await currentSurveyConfig(ctx.db, officeId);
    const f = parseForm(configFormSchema(current.config), request.body);
    if (!f.ok) return reply.page(await configPage(request, officeId, current, { form: 'config', errors: f.errors, raw: f.raw }), 400);
    const v = f.value as Record<string, number>;
    const next: SurveyConfig = {
      ...current.config,
      items: current.config.items.map((i) => ({ ...i, weight: v[`w_${i.id}`] ?? i.weight })),
      dimensionWeights: { economic: v.w_economic ?? 1, social: v.w_social ?? 1, psychosocial: v.w_psychosocial ?? 1 },
      bands: { low: v.bandLow ?? current.config.bands.low, high: v.bandHigh ?? current.config.bands.high },
    };
    if (!validConfig(next))
      return reply.page(
        await configPage(request, officeId, current, {
          form: 'config',
          message: 'solutions.errors.invalidConfig',
          raw: (request.body ?? {}) as Record<string, unknown>,
        }),
        422,
      );
    const auth = requireAuth(request);
    await inTransaction(ctx.db, async (tx) => {
      const saved = await saveSurveyConfig(tx, officeId, auth.user.id, next);
      await recordEvent(tx, {
        type: 'solution.survey_configured',
        officeId,
        actorId: auth.user.id,
        subjectType: 'survey_config',
        subjectId: saved.id,
        data: { version: saved.version },
      });
    });
    await setFlash(request, 'success', 'solutions.flash.config');
    return reply.redirect(`/staff/solutions/survey-config?office=${officeId}`, 303);
  });

  // --- JSON API: the same services and policies --------------------------------------------------------
  const api = (summary: string, body?: unknown) => ({
    config: STAFF,
    schema: { summary, tags: ['solutions'], params: Type.Object({ id: Type.String() }), ...(body ? { body } : {}) },
  });
  const user = (request: FastifyRequest) => requireAuth(request).user;

  app.get('/api/v1/cases/:id/solution', api('The durable solution of a case, as far as the caller may see it'), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    return solutionJson(request, record, access);
  });
  app.post('/api/v1/cases/:id/solution/consent', api("Record the person's decision on return or transfer consent", ConsentBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(ConsentBody, request.body);
    await service.recordSolutionConsent(ctx, user(request), access, record, b.purpose, b.given === 'yes', b.language ?? null);
    return { ok: true };
  });
  app.post('/api/v1/cases/:id/solution/decision', api('Choose the durable solution', DecisionBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(DecisionBody, request.body);
    await service.chooseSolution(ctx, user(request), access, record, {
      options: b.options,
      wishes: b.wishes,
      decision: b.decision ?? null,
      targetOfficeId: b.targetOfficeId ?? null,
      version: b.version,
    });
    return solutionJson(request, record, access);
  });
  app.post('/api/v1/cases/:id/solution/risk-assessment', api('Save and sign the joint pre-return risk assessment', RisksBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(RisksBody, request.body);
    const factors = new Set(b.risks.map((r) => r.factor));
    if (factors.size !== b.risks.length) throw new ValidationError({ risks: 'solutions.errors.duplicateFactor' });
    return service.saveRiskAssessment(ctx, user(request), access, record, b.risks, b.version);
  });
  app.post('/api/v1/cases/:id/solution/override', api('A supervisor records why a high-risk return goes on', OverrideBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(OverrideBody, request.body);
    await service.overrideHighRisk(ctx, user(request), access, record, b.reason);
    return { ok: true };
  });
  app.post('/api/v1/cases/:id/solution/actions', api('Add a step (return, integration, resettlement, follow-up)', ActionBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(ActionBody, request.body);
    const id = await service.addAction(ctx, user(request), access, record, {
      track: b.track,
      step: b.step,
      dueOn: b.dueOn ?? null,
      ownerId: b.ownerId ?? null,
      description: describeStep(request, b),
    });
    return { id };
  });
  app.post('/api/v1/cases/:id/solution/handover', api('Hand the case over to another office', HandoverBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(HandoverBody, request.body);
    return { id: await service.requestHandover(ctx, user(request), access, record, b.toOfficeId, b.keep) };
  });
  app.post(
    '/api/v1/handovers/:id/accept',
    {
      config: { access: { permission: 'cases.supervise' } },
      schema: { summary: 'Accept a hand-over into the receiving office', tags: ['solutions'], params: Type.Object({ id: Type.String() }), body: AcceptBody },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!isId(id)) throw new NotFoundError();
      const b = parseBody(AcceptBody, request.body);
      return service.acceptHandover(ctx, user(request), id, b.ownerId);
    },
  );
  app.post('/api/v1/cases/:id/solution/arrival', api('Record the arrival after a voluntary return', ArrivalBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(ArrivalBody, request.body);
    await service.recordArrival(ctx, user(request), access, record, b.arrivedOn);
    return { ok: true };
  });
  app.post('/api/v1/cases/:id/solution/reintegration-plan', api('Save the reintegration plan', PlanBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(PlanBody, request.body);
    await service.saveReintegrationPlan(ctx, user(request), access, record, {
      economic: b.economic,
      social: b.social,
      psychosocial: b.psychosocial,
      services: b.services ?? [],
      version: b.version,
    });
    return { ok: true };
  });
  app.post('/api/v1/cases/:id/solution/surveys', api('Take a reintegration sustainability survey', SurveyBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(SurveyBody, request.body);
    return service.takeSurvey(ctx, user(request), access, record, b.kind, b.takenOn, b.answers);
  });
  app.post('/api/v1/cases/:id/solution/close', api('Close the case after the solution, with a reason', CloseBody), async (request) => {
    const { record, access } = await loadSolutionCase(request);
    const b = parseBody(CloseBody, request.body);
    await service.closeAfterSolution(ctx, user(request), access, record, b.reason);
    return { ok: true };
  });
}

/** The plan action's description: the step's name in the user's language, then their note. */
function describeStep(request: FastifyRequest, v: { track: string; step: string; note?: string | undefined }): string {
  const label = `${request.t(`solutions.tracks.${v.track}`)}: ${request.t(`solutions.steps.${v.step}`)}`;
  return v.note ? `${label} — ${v.note}` : label;
}

function idOf(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}
