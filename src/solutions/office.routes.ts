import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { acceptHandover, declineHandover } from './handover.service.js';
import { officeView, surveyConfigView } from './office.service.js';
import { OfficePage } from './office.views.js';
import { pageEnv } from './page-shell.js';
import { configureSurvey } from './reintegration.service.js';
import { configureRiskThresholds, riskSettingsView } from './risk-settings.service.js';
import { RiskSettingsPage } from './risk-settings.views.js';
import { AcceptBody, configFormSchema, RiskSettingsBody } from './solutions.schema.js';
import { DIMENSIONS } from './survey.js';
import { ConfigPage } from './survey.views.js';

const WORK = { access: { permission: 'cases.work' } } as const;
const SUPERVISE = { access: { permission: 'cases.supervise' } } as const;

function handoverId(request: FastifyRequest): string {
  const { hid } = request.params as { hid?: unknown };
  if (!isId(hid)) throw new NotFoundError();
  return hid;
}

/** The office's list, the decisions on hand-overs to it, and its survey's configuration. */
export async function officeRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const officePage = async (request: FastifyRequest, problem?: FormProblem) =>
    OfficePage({
      layout: await staffLayout(request, request.t('solutions.office.title')),
      env: pageEnv(request, problem),
      view: await officeView(ctx, requireAuth(request).user),
    });
  app.get('/staff/solutions', { config: WORK }, async (request, reply) => reply.page(await officePage(request)));

  app.post('/staff/solutions/handovers/:hid/accept', { config: SUPERVISE }, async (request, reply) => {
    const hid = handoverId(request);
    return formAction(request, reply, {
      schema: AcceptBody,
      form: `accept-${hid}`,
      run: (v) => acceptHandover(ctx, requireAuth(request).user, { handoverId: hid, ownerId: v.ownerId }),
      rerender: (problem) => officePage(request, problem),
      done: (r) => ({ to: `/staff/cases/${r.caseId}/solution`, flash: 'solutions.flash.accepted' }),
    });
  });

  app.post('/staff/solutions/handovers/:hid/decline', { config: SUPERVISE }, async (request, reply) => {
    await declineHandover(ctx, requireAuth(request).user, handoverId(request));
    await setFlash(request, { kind: 'success', key: 'solutions.flash.declined' });
    return reply.redirect('/staff/solutions', 303);
  });

  const configPage = async (request: FastifyRequest, problem?: FormProblem) => {
    const current = await surveyConfigView(ctx, requireAuth(request).user, (request.query as { office?: unknown }).office);
    return ConfigPage({ layout: await staffLayout(request, request.t('solutions.config.title')), env: pageEnv(request, problem), current });
  };
  app.get('/staff/solutions/survey-config', { config: SUPERVISE }, async (request, reply) => reply.page(await configPage(request)));
  app.post('/staff/solutions/survey-config', { config: SUPERVISE }, async (request, reply) => {
    const user = requireAuth(request).user;
    const current = await surveyConfigView(ctx, user, (request.query as { office?: unknown }).office);
    return formAction(request, reply, {
      schema: configFormSchema(current.config),
      form: 'config',
      run: (value) => {
        const v = value as Record<string, number | undefined>;
        return configureSurvey(ctx, user, {
          officeId: current.officeId,
          weights: {
            items: Object.fromEntries(current.config.items.map((i) => [i.id, v[`w_${i.id}`]])),
            dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, v[`w_${d}`]])),
            bands: { low: v.bandLow, high: v.bandHigh },
          },
        });
      },
      rerender: (problem) => configPage(request, problem),
      done: () => ({ to: `/staff/solutions/survey-config?office=${current.officeId}`, flash: 'solutions.flash.config' }),
    });
  });

  const riskPage = async (request: FastifyRequest, problem?: FormProblem) =>
    RiskSettingsPage({
      layout: await staffLayout(request, request.t('solutions.riskSettings.title')),
      env: pageEnv(request, problem),
      view: await riskSettingsView(ctx, requireAuth(request).user, (request.query as { office?: unknown }).office),
    });
  app.get('/staff/solutions/risk-thresholds', { config: SUPERVISE }, async (request, reply) => reply.page(await riskPage(request)));
  app.post('/staff/solutions/risk-thresholds', { config: SUPERVISE }, async (request, reply) => {
    const user = requireAuth(request).user;
    const { officeId } = await riskSettingsView(ctx, user, (request.query as { office?: unknown }).office);
    return formAction(request, reply, {
      schema: RiskSettingsBody,
      form: 'risk-settings',
      run: (v) => configureRiskThresholds(ctx, user, { officeId, thresholds: { mediumFrom: v.mediumFrom, highFrom: v.highFrom }, version: v.version }),
      rerender: (problem) => riskPage(request, problem),
      done: () => ({ to: `/staff/solutions/risk-thresholds?office=${officeId}`, flash: 'solutions.riskSettings.saved' }),
    });
  });
}
