import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFrame } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import { can } from './cases.policy.js';
import { CloseBody, ReopenBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { closeCase, openItems, reopenCase } from './closure.service.js';
import { ClosurePage, HistoryPage } from './closure.views.js';
import { caseHistory } from './history.service.js';

/** The case's history, and closing or reopening it. */
export async function closureRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/history', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request);
    return reply.page(HistoryPage(await caseFrame(request, record, 'history', request.t('cases.history.title')), await caseHistory(ctx, record.id)));
  });

  const closePage = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) => {
    const closed = isClosedStatus(record.cas_status);
    const title = closed ? request.t('cases.closure.reopenTitle') : request.t('cases.closure.title');
    const vm = { record, closed, canReopen: can(requireAuth(request).user, 'reopen', record), open: closed ? [] : await openItems(ctx.db, record) };
    return ClosurePage(await caseFrame(request, record, 'close', title), vm, problem);
  };

  app.get('/staff/cases/:id/close', { config: CASE_ACCESS }, async (request, reply) => reply.page(await closePage(request, await loadCaseFor(request))));
  app.post('/staff/cases/:id/close', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'close');
    return formAction(request, reply, {
      schema: CloseBody,
      run: (v) => closeCase(ctx, auth.user, record, v),
      rerender: (p) => closePage(request, record, p),
      done: () => ({ to: `/staff/cases/${record.id}`, flash: 'cases.closure.closed' }),
    });
  });
  app.post('/staff/cases/:id/reopen', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'reopen');
    return formAction(request, reply, {
      schema: ReopenBody,
      run: (v) => reopenCase(ctx, auth.user, record, v),
      rerender: (p) => closePage(request, record, p),
      done: () => ({ to: `/staff/cases/${record.id}`, flash: 'cases.closure.reopened' }),
    });
  });
}
