import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { type DashboardQuery, dashboardFigures, dashboardPage, resolveQuery } from './dashboards.service.js';
import { dashboardFileName, figureSheet } from './dashboards.sheets.js';
import { DashboardPage, DashboardRefusedPage } from './dashboards.views.js';
import { type CellValue, sendCsv, sendXlsx } from './downloads.js';
import { can } from './stats.policy.js';

const VIEW = { access: { permission: 'stats.view' } } as const;

function query(request: FastifyRequest): DashboardQuery & { ref?: string | undefined } {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v.slice(0, 40) : undefined);
  return { office: s(q.office), from: s(q.from), to: s(q.to), ref: typeof q.ref === 'string' ? q.ref : undefined };
}

/** The office dashboards and their downloads (GET only: a dashboard changes nothing). */
export async function dashboardsPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const threshold = () => ctx.config.smallCountThreshold;

  app.get('/staff/dashboards', { config: VIEW }, async (request, reply) => {
    const auth = requireAuth(request);
    const q = query(request);
    const layout = await staffLayout(request, request.t('dashboards.title'));
    try {
      const model = await dashboardPage(ctx, auth.user, q);
      return reply.page(DashboardPage({ layout, model, threshold: threshold(), mayExport: can(auth.user, 'exchange') }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const { offices } = await resolveQuery(ctx, auth.user, { office: 'all' });
      const viewCode = offices.some((o) => o.code === q.office) ? (q.office as string) : 'all';
      return reply.page(DashboardRefusedPage({ layout, query: { offices, viewCode, from: q.from ?? '', to: q.to ?? '' }, errors: e.fields }), 400);
    }
  });

  app.get('/staff/dashboards/figures/:file', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const m = /^([A-Za-z]+)\.csv$/.exec((request.params as { file: string }).file);
    if (!m) throw new NotFoundError();
    const { query: r, figures } = await dashboardFigures(ctx, requireAuth(request).user, query(request));
    const f = figures.find((x) => x.key === m[1]);
    if (!f) throw new NotFoundError();
    return sendCsv(reply, {
      fileName: dashboardFileName(r, `${f.key}.csv`),
      header: [t(`dashboards.figures.${f.key}`), t('dashboards.count')],
      rows: figureSheet(t, f, threshold()),
    });
  });

  app.get('/staff/dashboards/figures.csv', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const { query: r, figures } = await dashboardFigures(ctx, requireAuth(request).user, query(request));
    const rows: CellValue[][] = figures.flatMap((f) => figureSheet(t, f, threshold()).map((row) => [t(`dashboards.figures.${f.key}`), ...row]));
    return sendCsv(reply, { fileName: dashboardFileName(r, 'figures.csv'), header: [t('dashboards.figure'), t('dashboards.category'), t('dashboards.count')], rows });
  });

  app.get('/staff/dashboards/figures.xlsx', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const { query: r, figures } = await dashboardFigures(ctx, requireAuth(request).user, query(request));
    return sendXlsx(
      reply,
      dashboardFileName(r, 'figures.xlsx'),
      figures.map((f) => ({
        name: t(`dashboards.figures.${f.key}`),
        header: [t(`dashboards.figures.${f.key}`), t('dashboards.count')],
        rows: figureSheet(t, f, threshold()),
        notes: [t('dashboards.hiddenNote', { threshold: threshold() }), `${r.from} – ${r.to}`],
      })),
    );
  });
}
