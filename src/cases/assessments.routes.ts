import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormProblem } from '../platform/http/form-action.js';
import { AssessmentBody } from './assessments.schema.js';
import { assessments, recordAssessment } from './assessments.service.js';
import { AssessmentsPage } from './assessments.views.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import type { CaseRow } from './cases.table.js';

export async function assessmentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    AssessmentsPage(
      await caseFrame(request, { record, tab: 'assessments', title: request.t('cases.assessments.title') }),
      { past: await assessments(ctx, record.id), closed: isClosedStatus(record.cas_status), today: new Date().toISOString().slice(0, 10) },
      problem,
    );

  app.get('/staff/cases/:id/assessments', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  caseFormRoute(app, {
    url: '/staff/cases/:id/assessments',
    schema: AssessmentBody,
    run: ({ user, record }, v) => recordAssessment(ctx, { actor: user, record, v }),
    page,
    done: (record) => ({ to: `/staff/cases/${record.id}/assessments`, flash: 'cases.assessments.saved' }),
  });
}
