import type { FastifyInstance } from 'fastify';
import { requireAuth, staffLayout } from '../../platform/http/plumbing.js';
import { exportCsv, reportLines } from './case-export.js';
import type { CtdcExport } from './export.js';
import { exportableOffices, exportOf, parseExportQuery } from './export.service.js';
import { ExportPage } from './export.views.js';

const EXCHANGE = { access: { permission: 'ctdc.exchange' } } as const;

/** The CTDC export of an office: the page with its report, the file, and the report as text. */
export async function ctdcExportPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/dashboards/ctdc-export', { config: EXCHANGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const offices = await exportableOffices(ctx, auth.user);
    const p = parseExportQuery(request.query);
    const submitted = p.office !== '';
    if (submitted && !offices.some((o) => o.code === p.office)) p.errors.office = 'dashboards.export.errors.office';
    const ok = submitted && Object.keys(p.errors).length === 0;
    const result: CtdcExport | undefined = ok ? await exportOf(ctx, auth.user, p) : undefined;
    const layout = await staffLayout(request, request.t('dashboards.export.title'));
    return reply.page(ExportPage({ layout, offices, request: p, submitted, result }), submitted && !ok ? 400 : 200);
  });

  app.get('/staff/dashboards/ctdc-export.csv', { config: EXCHANGE }, async (request, reply) => {
    const p = parseExportQuery(request.query);
    const e = await exportOf(ctx, requireAuth(request).user, p);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ctdc-${p.office.replace(/[^A-Za-z0-9-]/g, '_')}-${p.format}-k${p.k}.csv"`)
      .header('cache-control', 'no-store')
      .send(exportCsv(e));
  });

  app.get('/staff/dashboards/ctdc-export-report.txt', { config: EXCHANGE }, async (request, reply) => {
    const e = await exportOf(ctx, requireAuth(request).user, parseExportQuery(request.query));
    return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(reportLines(e).join('\n'));
  });
}
