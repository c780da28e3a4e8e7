import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { AssessmentBody } from './assessments.schema.js';
import { assessments, recordAssessment } from './assessments.service.js';
import { AssessmentsPage } from './assessments.views.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFrame } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import type { CaseRow } from './cases.table.js';

export async function assessmentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    AssessmentsPage(
      await caseFrame(request, record, 'assessments', request.t('cases.assessments.title')),
      { past: await assessments(ctx, record.id), closed: isClosedStatus(record.cas_status), today: new Date().toISOString().slice(0, 10) },
      problem,
    );

  app.get('/staff/cases/:id/assessments', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  app.post('/staff/cases/:id/assessments', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: AssessmentBody,
      run: (v) => recordAssessment(ctx, auth.user, record, v),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: `/staff/cases/${record.id}/assessments`, flash: 'cases.assessments.saved' }),
    });
  });
}
