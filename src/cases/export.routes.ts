import type { FastifyInstance } from 'fastify';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS } from './case-http.js';
import { caseBundle, summaryParts, toHtcds } from './export.service.js';
import { ExportPage } from './export.views.js';

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/export', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, auth.user, record, 'html');
    const parts = await summaryParts(ctx, auth.user, record, app.caseSummary);
    const title = request.t('cases.export.title', { number: record.case_number });
    return reply.page(
      ExportPage(
        await staffLayout(request, title),
        b,
        new Date().toISOString(),
        parts.map((p) => p.section.view(request.t, p.model)),
      ),
    );
  });

  app.get('/staff/cases/:id/export.json', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, auth.user, record, 'json');
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${record.case_number}.json"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(toHtcds(b), null, 2));
  });
}
