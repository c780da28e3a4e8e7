import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormProblem } from '../platform/http/form-action.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame, idParam } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import { ConsentBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { consentOrganisations, consentsOf, recordConsentDecision, withdrawConsentDecision } from './consent.service.js';
import { ConsentPage } from './consent.views.js';

export async function consentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ConsentPage(
      await caseFrame(request, { record, tab: 'consent', title: request.t('cases.consent.title') }),
      { rows: await consentsOf(ctx, record.id), organisations: await consentOrganisations(ctx), closed: isClosedStatus(record.cas_status) },
      problem,
    );

  app.get('/staff/cases/:id/consent', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  caseFormRoute(app, {
    url: '/staff/cases/:id/consent',
    schema: ConsentBody,
    run: ({ user, record }, v) => recordConsentDecision(ctx, { actor: user, record, v }),
    page,
    done: (record) => ({ to: `/staff/cases/${record.id}/consent`, flash: 'cases.consent.saved' }),
  });

  app.post('/staff/cases/:id/consent/:cid/withdraw', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    await withdrawConsentDecision(ctx, { actor: auth.user, record, consentId: idParam(request, 'cid') });
    await setFlash(request, { kind: 'success', key: 'cases.consent.withdrawnDone' });
    return reply.redirect(`/staff/cases/${record.id}/consent`, 303);
  });
}
