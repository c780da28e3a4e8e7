import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormProblem } from '../../platform/http/form-action.js';
import { requireAuth } from '../../platform/http/plumbing.js';
import { loadCaseFor } from '../case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame } from '../case-http.js';
import { ScreeningBody, StatusDecisionBody } from '../cases.schema.js';
import type { CaseRow } from '../cases.table.js';
import { decideStatus } from '../record.service.js';
import { recordScreening, screeningModel } from './screening.service.js';
import { ScreeningPage } from './screening.views.js';

export async function screeningRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ScreeningPage(
      await caseFrame(request, { record, tab: 'screening', title: request.t('cases.screening.title') }),
      await screeningModel(ctx, requireAuth(request).user, record),
      problem,
    );

  app.get('/staff/cases/:id/screening', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  caseFormRoute(app, {
    url: '/staff/cases/:id/screening',
    schema: ScreeningBody,
    run: ({ user, record }, v) =>
      recordScreening(ctx, {
        actor: user,
        record,
        input: {
          exploitation: v.exploitation,
          acts: v.acts,
          means: v.means,
          purposes: v.purposes,
          indicators: v.indicators,
          notes: v.notes,
          overrideReason: v.overrideReason,
        },
      }),
    page,
    done: (record) => ({ to: `/staff/cases/${record.id}/screening`, flash: 'cases.screening.saved' }),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/status',
    action: 'decide',
    schema: StatusDecisionBody,
    form: 'status',
    run: ({ user, record }, v) =>
      decideStatus(ctx, { actor: user, record, status: v.status, decisionOrg: v.decisionOrg, version: v.version, reason: v.reason }),
    page: (request, record, p) => page(request, record, { ...p, form: 'status' }),
    done: (record) => ({ to: `/staff/cases/${record.id}/screening`, flash: 'cases.screening.decisionSaved' }),
  });
}
