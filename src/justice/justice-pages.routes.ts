import { Type } from '@sinclair/typebox';
import { CaseParams, EXAMPLE_ID, Id, Obj, op } from '../platform/http/api-schema.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { Layout } from '../platform/views/layout.js';
import { justiceFigures } from './figures.service.js';
import * as view from './justice-view.service.js';
import { DueView, FiguresView, KindsView } from './justice-pages.views.js';
import { KindBody } from './justice.schema.js';
import * as service from './justice.service.js';
import { JUSTICE, justiceCase } from './justice.routes.js';

const SUPERVISE = { access: { permission: 'cases.supervise' } } as const;
const STATS = { access: { permission: 'stats.view' } } as const;

async function officeParam(request: FastifyRequest) {
  const offices = await service.configurableOffices(request.server.ctx, requireAuth(request).user);
  const wanted = (request.params as { officeId?: string }).officeId;
  if (wanted !== undefined && !isId(wanted)) throw new NotFoundError();
  const office = wanted ? offices.find((o) => o.id === wanted) : offices[0];
  if (!office) throw new NotFoundError();
  return { offices, office };
}

async function kindsPage(request: FastifyRequest, problem?: FormProblem) {
  const t = request.t;
  const auth = requireAuth(request);
  const { offices, office } = await officeParam(request);
  const kinds = await view.kindViews(request.server.ctx, office.id);
  const children = KindsView({ t, csrf: auth.session?.csrf_secret ?? '', model: { offices, officeId: office.id, kinds }, problem });
  return Layout({ ...(await staffLayout(request, t('justice.kindsPage.title'))), children });
}

/** The OpenAPI descriptions of the justice API (the answers are the pages' view models, as JSON). */
const API_CASE = op({
  summary: "A case's legal status, cooperation decision, proceedings, compensation and non-punishment (this office's part)",
  tags: ['justice'],
  params: CaseParams,
  response: {
    200: Obj(
      {
        caseId: Id,
        statuses: Type.Array(Type.Object({}, { additionalProperties: true })),
        proceedings: Type.Array(Type.Object({}, { additionalProperties: true })),
      },
      { caseId: EXAMPLE_ID, cooperation: null, statuses: [], disclosures: [], proceedings: [], compensation: [], nonPunishment: [] },
      "The case's justice records, sealed fields opened for this user",
    ),
  },
});
const API_DUE = op({
  summary: 'Reflection periods and permits ending soon, and hearings in the next 60 days, in the offices of the caller',
  tags: ['justice'],
  response: { 200: Obj({}, { statuses: [], hearings: [] }, 'What is due') },
});
const API_FIGURES = op({
  summary: 'Justice figures (reflection periods, permits, proceedings, testimony, compensation), small counts suppressed',
  tags: ['justice'],
  response: { 200: Obj({}, { reflection: {}, permits: {}, proceedings: {} }, 'The figures, as on the justice figures page') },
});

export async function justicePagesRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/justice/due', { config: JUSTICE }, async (request, reply) => {
    const t = request.t;
    const model = await view.dueList(ctx, requireAuth(request).user);
    return reply.page(Layout({ ...(await staffLayout(request, t('justice.due.title'))), children: DueView({ t, model }) }));
  });

  app.get('/staff/justice/figures', { config: STATS }, async (request, reply) => {
    const t = request.t;
    const model = await justiceFigures(ctx, requireAuth(request).user);
    return reply.page(Layout({ ...(await staffLayout(request, t('justice.figures.title'))), children: FiguresView({ t, model }) }));
  });

  app.get('/staff/justice/kinds', { config: SUPERVISE }, async (request, reply) => reply.page(await kindsPage(request)));
  app.get('/staff/justice/kinds/:officeId', { config: SUPERVISE }, async (request, reply) => reply.page(await kindsPage(request)));

  app.post('/staff/justice/kinds/:officeId', { config: SUPERVISE }, async (request, reply) => {
    const { office } = await officeParam(request);
    return formAction(request, reply, {
      schema: KindBody,
      run: (body) => service.addKind(ctx, { actor: requireAuth(request).user, officeId: office.id, input: body }),
      rerender: (problem) => kindsPage(request, problem),
      done: () => ({ to: `/staff/justice/kinds/${office.id}`, flash: 'justice.flash.kindAdded' }),
    });
  });

  app.post('/staff/justice/kinds/:officeId/:kindId/retire', { config: SUPERVISE }, async (request, reply) => {
    const { office } = await officeParam(request);
    const kindId = (request.params as { kindId?: string }).kindId;
    if (!isId(kindId)) throw new NotFoundError();
    await service.retireKind(ctx, { actor: requireAuth(request).user, officeId: office.id, kindId });
    return reply.redirect(`/staff/justice/kinds/${office.id}`, 303);
  });

  // JSON API: the same services and policies as the pages.
  app.get('/api/v1/cases/:id/justice', { config: JUSTICE, schema: API_CASE }, async (request) => {
    const record = await justiceCase(request, 'read');
    const user = requireAuth(request).user;
    const [legal, proceedings, redress] = await Promise.all([
      view.legalPage(ctx, user, record),
      view.proceedingsPage(ctx, record),
      view.redressPage(ctx, record),
    ]);
    return {
      caseId: record.id,
      cooperation: legal.profile,
      statuses: legal.statuses,
      disclosures: legal.disclosures,
      proceedings: proceedings.links,
      compensation: redress.compensation,
      nonPunishment: redress.nonPunishment,
    };
  });

  app.get('/api/v1/justice/due', { config: JUSTICE, schema: API_DUE }, async (request) => view.dueList(ctx, requireAuth(request).user));
  app.get('/api/v1/justice/figures', { config: STATS, schema: API_FIGURES }, async (request) => justiceFigures(ctx, requireAuth(request).user));
}
