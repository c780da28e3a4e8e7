import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CaseRow } from './cases.table.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS } from './case-http.js';
import { caseBundle, toHtcds } from './export.service.js';
import { ExportPage } from './export.views.js';

/** The other features' sections of the summary this user may see (each checks its own access). */
async function otherSections(request: FastifyRequest, record: CaseRow) {
  const user = requireAuth(request).user;
  const loaded = await Promise.all(
    request.server.caseSummarySections.map(async (section) => ({ section, data: await section.load(request.server.ctx, user, record) })),
  );
  return loaded.filter((x) => x.data !== null);
}

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/export', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, auth.user, record, 'html');
    const title = request.t('cases.export.title', { number: record.case_number });
    const extra = (await otherSections(request, record)).map(({ section, data }) => section.view(request.t, data));
    return reply.page(ExportPage(await staffLayout(request, title), b, new Date().toISOString(), extra));
  });

  app.get('/staff/cases/:id/export.json', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, auth.user, record, 'json');
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${record.case_number}.json"`)
      .header('cache-control', 'no-store')
      .send(
        JSON.stringify(
          {
            ...toHtcds(b),
            ...Object.fromEntries((await otherSections(request, record)).map(({ section, data }) => [`abri_${section.key}`, section.json(data)])),
          },
          null,
          2,
        ),
      );
  });
}
