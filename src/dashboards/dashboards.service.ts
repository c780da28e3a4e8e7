import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { type Shown, protectTable } from '../stats/suppression.js';
import { firstCitizenship } from './ctdc.js';
import * as repo from './dashboards.repository.js';
import { refreshFacts } from './facts.js';
import { type Cube, addMonths, currentCounts } from './rollup.js';

/** A figure's count in one office and category. */
export interface GroupCount {
  office_id: string;
  key: string | null;
  n: number;
}

/**
 * Dashboards: grouped counts of an office's work, protected against small counts. Every figure is protected once, as
 * a table of offices × categories with its row, column and grand totals (complementary suppression), and every view
 * (one office, or all the offices a user may see) is a row or the total row of that one protected table, so no
 * combination of the views shown recovers a hidden cell. Hidden values never leave this module.
 *
 * Counts come from the pre-counted figures (rollup.ts), summed over the months of the period. Protected figures are
 * kept in memory (derived, aggregate data), keyed by (offices, period, threshold) and tagged with the version of the
 * counts they came from: any recount (a change in any counted table, a deletion included) makes them stale.
 * `invalidateDashboards()` empties this cache explicitly.
 */

export type FigureKind = 'distribution' | 'flags';

export interface FigureDef {
  key: string;
  section: 'cases' | 'closed' | 'work' | 'reports' | 'times' | 'solutions';
  kind: FigureKind;
  /** Natural order of categories when they have one; others are sorted by code (never by a count). */
  order?: readonly string[];
  /** Figures of the same population share their totals (every case opened in the period...): see linkTotals. */
  population?: 'opened' | 'closed' | 'reports';
  /** Merges raw keys (e.g. a JSON list of citizenships → its first code). */
  mapKey?: (key: string | null) => string | null;
}

const AGE_ORDER = ['0--8', '9--17', '18--20', '21--23', '24--26', '27--29', '30--38', '39--47', '48+'];
const DAY_ORDER = ['d0_1', 'd2_7', 'd8_30', 'd31_90', 'd91'];

export const FIGURES: readonly FigureDef[] = [
  { key: 'gender', population: 'opened', section: 'cases', kind: 'distribution' },
  { key: 'ageBand', population: 'opened', section: 'cases', kind: 'distribution', order: AGE_ORDER },
  { key: 'children', population: 'opened', section: 'cases', kind: 'distribution', order: ['1', '0'] },
  { key: 'citizenship', population: 'opened', section: 'cases', kind: 'distribution', mapKey: firstCitizenship },
  { key: 'exploitationCountry', population: 'opened', section: 'cases', kind: 'distribution' },
  { key: 'exploitation', section: 'cases', kind: 'flags' },
  { key: 'industry', population: 'opened', section: 'cases', kind: 'distribution' },
  { key: 'control', section: 'cases', kind: 'flags' },
  { key: 'recruitment', population: 'opened', section: 'cases', kind: 'distribution' },
  { key: 'caseSource', population: 'opened', section: 'cases', kind: 'distribution' },
  { key: 'closedChildren', population: 'closed', section: 'closed', kind: 'distribution', order: ['1', '0'] },
  { key: 'closedGender', population: 'closed', section: 'closed', kind: 'distribution' },
  { key: 'closedAgeBand', population: 'closed', section: 'closed', kind: 'distribution', order: AGE_ORDER },
  { key: 'closedExploitation', section: 'closed', kind: 'flags' },
  { key: 'closedReason', population: 'closed', section: 'closed', kind: 'distribution' },
  { key: 'services', section: 'work', kind: 'distribution' },
  { key: 'referrals', section: 'work', kind: 'distribution' },
  { key: 'reportSource', population: 'reports', section: 'reports', kind: 'distribution' },
  { key: 'reportOutcome', population: 'reports', section: 'reports', kind: 'distribution' },
  { key: 'reportToCase', section: 'times', kind: 'distribution', order: DAY_ORDER },
  { key: 'caseToAssistance', population: 'opened', section: 'times', kind: 'distribution', order: DAY_ORDER },
  { key: 'solutions', section: 'solutions', kind: 'distribution' },
  { key: 'reintegration', section: 'solutions', kind: 'distribution' },
];

/** One view of a figure: categories in a fixed order with protected counts; `total` for distributions only. */
export interface FigureView {
  key: string;
  section: FigureDef['section'];
  kind: FigureKind;
  rows: Array<{ category: string | null; value: Shown }>;
  total: Shown;
}

interface ProtectedFigure {
  def: FigureDef;
  categories: Array<string | null>;
  officeIds: string[];
  cells: Shown[][];
  rowTotals: Shown[];
  columnTotals: Shown[];
  total: Shown;
}

export interface DashboardData {
  officeIds: string[];
  figures: ProtectedFigure[];
  computedAt: number;
}

function orderCategories(def: FigureDef, keys: Iterable<string | null>): Array<string | null> {
  const list = [...new Set(keys)];
  const known = list.filter((k): k is string => k !== null);
  const rank = (k: string) => {
    const i = def.order?.indexOf(k) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  known.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  // Categories of a natural order are all shown, even when nobody is in them (a zero is a small count too).
  for (const k of def.order ?? [])
    if (!known.includes(k) && def.kind === 'distribution' && def.key !== 'children' && def.key !== 'closedChildren') known.splice(rank(k), 0, k);
  known.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return list.includes(null) ? [...known, null] : known;
}

export function protectFigure(def: FigureDef, officeIds: readonly string[], rows: readonly GroupCount[], threshold: number): ProtectedFigure {
  const mapped = rows.map((r) => ({ ...r, key: def.mapKey ? def.mapKey(r.key) : r.key }));
  const categories = orderCategories(
    def,
    mapped.map((r) => r.key),
  );
  const officeIndex = new Map(officeIds.map((id, i) => [id, i]));
  const catIndex = new Map(categories.map((c, i) => [c, i]));
  const matrix = officeIds.map(() => categories.map(() => 0));
  for (const r of mapped) {
    const i = officeIndex.get(r.office_id);
    const j = catIndex.get(r.key);
    if (i === undefined || j === undefined) continue;
    (matrix[i] as number[])[j] = ((matrix[i] as number[])[j] as number) + r.n;
  }
  if (categories.length === 0)
    return { def, categories, officeIds: [...officeIds], cells: matrix.map(() => []), rowTotals: officeIds.map(() => 0), columnTotals: [], total: 0 };
  const p = protectTable(matrix, { threshold });
  return { def, categories, officeIds: [...officeIds], cells: p.cells, rowTotals: p.rowTotals, columnTotals: p.columnTotals, total: p.total };
}

/**
 * Figures of one population publish the same totals (cases opened per office and overall). A total one figure had to
 * hide must not be published by another, or the first figure's hidden cells could be worked out from it: a total
 * hidden in any figure of a population is hidden in all of them (hiding more never reveals anything).
 */
export function linkTotals(figures: ProtectedFigure[]): void {
  const groups = new Map<string, ProtectedFigure[]>();
  for (const f of figures) if (f.def.population) groups.set(f.def.population, [...(groups.get(f.def.population) ?? []), f]);
  for (const group of groups.values()) {
    const rows = (group[0] as ProtectedFigure).rowTotals.length;
    for (let i = 0; i < rows; i++) {
      if (group.some((f) => f.categories.length > 0 && f.rowTotals[i] === null)) for (const f of group) f.rowTotals[i] = null;
    }
    if (group.some((f) => f.categories.length > 0 && f.total === null)) for (const f of group) f.total = null;
  }
}

/** The view of one office (its row) or of all offices in scope (the total row). */
export function viewOf(f: ProtectedFigure, officeId: string | 'all'): FigureView {
  const i = officeId === 'all' ? -1 : f.officeIds.indexOf(officeId);
  const cells = i < 0 ? f.columnTotals : (f.cells[i] ?? []);
  const total = i < 0 ? f.total : (f.rowTotals[i] ?? null);
  return {
    key: f.def.key,
    section: f.def.section,
    kind: f.def.kind,
    rows: f.categories.map((category, j) => ({ category, value: cells[j] ?? null })),
    // A case has several exploitation types or means: flags do not add up to a total.
    total: f.def.kind === 'flags' ? null : total,
  };
}

const MAX_ENTRIES = 200;
const cache = new Map<string, { cube: Cube; version: number; data: DashboardData }>();

export function invalidateDashboards(): void {
  cache.clear();
}

export interface DashboardQuery {
  office?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
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
export async function resolveQuery(ctx: AppContext, user: AuthUser, q: DashboardQuery, today = new Date().toISOString().slice(0, 10)): Promise<ResolvedQuery> {
  const allowed = officesWith(user, 'stats.view');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  const offices = await repo.officeList(ctx.db, allowed);
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
  const figures = FIGURES.map((def) => protectFigure(def, officeIds, byFigure.get(def.key) ?? [], threshold));
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
