import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFrame, idParam } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import { ConsentBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { consentOrganisations, consentsOf, recordConsentDecision, withdrawConsentDecision } from './consent.service.js';
import { ConsentPage } from './consent.views.js';

export async function consentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ConsentPage(
      await caseFrame(request, record, 'consent', request.t('cases.consent.title')),
      { rows: await consentsOf(ctx, record.id), organisations: await consentOrganisations(ctx), closed: isClosedStatus(record.cas_status) },
      problem,
    );

  app.get('/staff/cases/:id/consent', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  app.post('/staff/cases/:id/consent', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: ConsentBody,
      run: (v) => recordConsentDecision(ctx, auth.user, record, v),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: `/staff/cases/${record.id}/consent`, flash: 'cases.consent.saved' }),
    });
  });

  app.post('/staff/cases/:id/consent/:cid/withdraw', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    await withdrawConsentDecision(ctx, auth.user, record, idParam(request, 'cid'));
    await setFlash(request, 'success', 'cases.consent.withdrawnDone');
    return reply.redirect(`/staff/cases/${record.id}/consent`, 303);
  });
}
