import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormProblem } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame } from './case-http.js';
import { isClosedStatus } from './case-values.js';
import { can } from './cases.policy.js';
import { CloseBody, ReopenBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import { closeCase, openItems, reopenCase } from './closure.service.js';
import { ClosurePage } from './closure.views.js';
import { HistoryPage } from './history.views.js';
import { caseHistory } from './history.service.js';

/** The case's history, and closing or reopening it. */
export async function closureRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/history', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request);
    return reply.page(
      HistoryPage(await caseFrame(request, { record, tab: 'history', title: request.t('cases.history.title') }), await caseHistory(ctx, record.id)),
    );
  });

  const closePage = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) => {
    const closed = isClosedStatus(record.cas_status);
    const title = closed ? request.t('cases.closure.reopenTitle') : request.t('cases.closure.title');
    const vm = { record, closed, canReopen: can(requireAuth(request).user, 'reopen', record), open: closed ? [] : await openItems(ctx.db, record) };
    return ClosurePage(await caseFrame(request, { record, tab: 'close', title }), vm, problem);
  };

  app.get('/staff/cases/:id/close', { config: CASE_ACCESS }, async (request, reply) => reply.page(await closePage(request, await loadCaseFor(request))));
  caseFormRoute(app, {
    url: '/staff/cases/:id/close',
    action: 'close',
    schema: CloseBody,
    run: ({ user, record }, v) => closeCase(ctx, { actor: user, record, input: v }),
    page: closePage,
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'cases.closure.closed' }),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/reopen',
    action: 'reopen',
    schema: ReopenBody,
    run: ({ user, record }, v) => reopenCase(ctx, { actor: user, record, input: v }),
    page: closePage,
    done: (record) => ({ to: `/staff/cases/${record.id}`, flash: 'cases.closure.reopened' }),
  });
}
