import type { FastifyInstance } from 'fastify';
import { RuleError } from '../platform/http/errors.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { renderPage } from '../platform/views/render.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS } from './case-http.js';
import { caseBundle, summaryParts, toHtcds } from './export.service.js';
import { ExportPage } from './export.views.js';
import { summaryBlocks, summaryPdf } from './export-pdf.js';

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/cases/:id/export', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, { actor: auth.user, record, format: 'html' });
    const parts = await summaryParts(ctx, { actor: auth.user, record, sections: app.caseSummary });
    const title = request.t('cases.export.title', { number: record.case_number });
    return reply.page(
      ExportPage({
        layout: await staffLayout(request, title),
        b,
        printedAt: new Date().toISOString(),
        parts: parts.map((p) => p.section.view(request.t, p.model)),
      }),
    );
  });

  app.get('/staff/cases/:id/export.pdf', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, { actor: auth.user, record, format: 'pdf' });
    const parts = await summaryParts(ctx, { actor: auth.user, record, sections: app.caseSummary });
    const title = request.t('cases.export.title', { number: record.case_number });
    const page = ExportPage({
      layout: await staffLayout(request, title),
      b,
      printedAt: new Date().toISOString(),
      parts: parts.map((p) => p.section.view(request.t, p.model)),
    });
    const pdf = await summaryPdf(summaryBlocks(renderPage(page)), title, { dir: request.t.dir, lang: request.t.locale });
    if (!pdf) throw new RuleError('PDF_SCRIPT', 'caseStory.summary.pdfUnavailable');
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${record.case_number}.pdf"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(pdf));
  });

  app.get('/staff/cases/:id/export.json', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request);
    const b = await caseBundle(ctx, { actor: auth.user, record, format: 'json' });
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${record.case_number}.json"`)
      .header('cache-control', 'no-store')
      .send(
        JSON.stringify(
          {
            ...toHtcds(b),
            ...Object.fromEntries(
              (await summaryParts(ctx, { actor: auth.user, record, sections: app.caseSummary })).flatMap((p) =>
                p.section.json ? [[`abri_${p.section.key}`, p.section.json(p.model)]] : [],
              ),
            ),
          },
          null,
          2,
        ),
      );
  });
}
