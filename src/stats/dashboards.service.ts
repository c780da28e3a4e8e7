import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { type DashboardData, FIGURES, type FigureView, type GroupCount, linkTotals, protectFigure, viewOf } from './dashboards.figures.js';
import { refreshFacts } from './facts.js';
import { type Cube, currentCounts } from './rollup.js';
import { addMonths } from './rollup.sources.js';
import { type FigureBlock, listReferenceDatasets, referenceFigures } from './stats.service.js';
import type { CtdcDataset } from './stats.table.js';

/**
 * Dashboards: grouped counts of an office's work, protected against small counts (dashboards.figures.ts), for the
 * offices and period a user asks for and may see. Hidden values never leave these two modules.
 *
 * Counts come from the pre-counted figures (rollup.ts), summed over the months of the period. Protected figures are
 * kept in memory (derived, aggregate data), keyed by (offices, period, threshold) and tagged with the version of the
 * counts they came from: any recount (a change in any counted table, a deletion included) makes them stale.
 * `invalidateDashboards()` empties this cache explicitly.
 */

const MAX_ENTRIES = 200;
const cache = new Map<string, { cube: Cube; version: number; data: DashboardData }>();

export function invalidateDashboards(): void {
  cache.clear();
}

export interface DashboardQuery {
  office?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The day the default period ends (YYYY-MM-DD); today unless said. */
  today?: string | undefined;
}

/** A month as YYYY-MM; a date (YYYY-MM-DD) stands for its month. Null when neither or out of range. */
export function parseMonth(v: string): string | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(v);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1990 || year > 2200 || month < 1 || month > 12) return null;
  if (m[3] !== undefined) {
    const d = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return null;
  }
  return `${m[1]}-${m[2]}`;
}

export interface ResolvedQuery {
  /** Offices the user may see, with code and name, in code order. */
  offices: Array<{ id: string; code: string; name: string; country: string }>;
  /** 'all' or one office id. */
  view: string;
  viewCode: string;
  /** First and last month of the period (YYYY-MM, both included). */
  from: string;
  to: string;
}

/**
 * Checks the query against the user's offices: a bad period is a ValidationError, an office not theirs a 404.
 * Periods are whole months (see rollup.ts); the default is the last twelve months, this one included.
 */
export async function resolveQuery(ctx: AppContext, user: AuthUser, q: DashboardQuery): Promise<ResolvedQuery> {
  const today = q.today ?? new Date().toISOString().slice(0, 10);
  const allowed = officesWith(user, 'stats.view');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  const offices = await officeSummaries(ctx.db, { ids: allowed });
  const toRaw = q.to?.trim() || today;
  const to = parseMonth(toRaw);
  const fromRaw = q.from?.trim();
  const from = fromRaw ? parseMonth(fromRaw) : to ? addMonths(to, -11) : null;
  const errors: Record<string, string> = {};
  if (!from) errors.from = 'dashboards.errors.month';
  if (!to) errors.to = 'dashboards.errors.month';
  if (from && to && from > to) errors.to = 'dashboards.errors.order';
  if (!from || !to || Object.keys(errors).length) throw new ValidationError(errors);
  const code = q.office?.trim() || 'all';
  let view = 'all';
  let viewCode = 'all';
  if (code !== 'all') {
    const office = offices.find((o) => o.code === code);
    if (!office) throw new NotFoundError();
    view = office.id;
    viewCode = office.code;
  }
  return { offices, view, viewCode, from, to };
}

/** The protected figures of every office the user may see, for the period (cached, see above). */
export async function dashboardData(ctx: AppContext, r: ResolvedQuery): Promise<DashboardData> {
  const threshold = ctx.config.smallCountThreshold;
  await refreshFacts(ctx);
  const cube = await currentCounts(ctx);
  const officeIds = r.offices.map((o) => o.id);
  const key = `${officeIds.join(',')}|${r.from}|${r.to}|${threshold}`;
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && hit.cube === cube && hit.version === cube.version) return hit.data;
  const profile = process.env.ABRI_DASHBOARD_PROFILE === '1';
  const t0 = performance.now();
  const counts = cube.counts(officeIds, r.from, r.to);
  const t1 = performance.now();
  const byFigure = new Map<string, GroupCount[]>();
  for (const c of counts) {
    const list = byFigure.get(c.figure);
    if (list) list.push(c);
    else byFigure.set(c.figure, [c]);
  }
  const figures = FIGURES.map((def) => protectFigure({ def, officeIds, rows: byFigure.get(def.key) ?? [], threshold }));
  linkTotals(figures);
  if (profile) process.stderr.write(`dashboard: ${counts.length} sums of counts in ${(t1 - t0).toFixed(0)} ms, protected in ${(performance.now() - t1).toFixed(0)} ms\n`);
  const data: DashboardData = { officeIds, figures, computedAt: now };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { cube, version: cube.version, data });
  return data;
}

export function views(data: DashboardData, view: string): FigureView[] {
  return data.figures.map((f) => viewOf(f, view));
}

/** The CTDC reference block shown beside an office figure. */
const REFERENCE_FOR: Record<string, string> = {
  gender: 'gender',
  ageBand: 'ageBand',
  citizenship: 'citizenship',
  exploitationCountry: 'exploitationCountry',
  exploitation: 'exploitation',
  control: 'means',
  industry: 'labour',
};

/** What the dashboard page shows: the resolved query, the protected views, and the chosen reference data set. */
export interface DashboardPageModel {
  query: ResolvedQuery;
  figures: FigureView[];
  datasets: CtdcDataset[];
  reference: { dataset: CtdcDataset; blocks: Map<string, FigureBlock> } | undefined;
}

/** The dashboard of the query, beside the figures of a reference data set when one is chosen (`ref`). */
export async function dashboardPage(ctx: AppContext, user: AuthUser, q: DashboardQuery & { ref?: string | undefined }): Promise<DashboardPageModel> {
  const query = await resolveQuery(ctx, user, q);
  const figures = views(await dashboardData(ctx, query), query.view);
  const datasets = await listReferenceDatasets(ctx, user);
  const dataset = q.ref ? datasets.find((d) => d.id === q.ref) : undefined;
  if (!dataset) return { query, figures, datasets, reference: undefined };
  const { blocks } = await referenceFigures(ctx, user, { datasetId: dataset.id, threshold: ctx.config.smallCountThreshold });
  const byFigure = new Map<string, FigureBlock>();
  for (const f of figures) {
    const block = blocks.find((b) => b.key === REFERENCE_FOR[f.key]);
    if (block) byFigure.set(f.key, block);
  }
  return { query, figures, datasets, reference: { dataset, blocks: byFigure } };
}

/** The protected views of the query, for the downloads. */
export async function dashboardFigures(ctx: AppContext, user: AuthUser, q: DashboardQuery): Promise<{ query: ResolvedQuery; figures: FigureView[] }> {
  const query = await resolveQuery(ctx, user, q);
  return { query, figures: views(await dashboardData(ctx, query), query.view) };
}
