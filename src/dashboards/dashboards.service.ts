import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { type Shown, protectTable } from '../stats/suppression.js';
import * as repo from './dashboards.repository.js';
import { refreshFacts } from './facts.js';

/**
 * Dashboards: grouped counts of an office's work, protected against small counts. Every figure is protected once, as
 * a table of offices × categories with its row, column and grand totals (complementary suppression), and every view
 * (one office, or all the offices a user may see) is a row or the total row of that one protected table, so no
 * combination of the views shown recovers a hidden cell. Hidden values never leave this module.
 *
 * Cache: computed figures are kept in memory (derived, aggregate data), keyed by (offices, period, threshold) and
 * tagged with the data version: the newest updated_at of every table counted (index-backed max, a few ms at a
 * million cases). A changed version recomputes; entries also expire after a minute (deletions do not move a max)
 * and `invalidateDashboards()` empties the cache explicitly.
 */

export type FigureKind = 'distribution' | 'flags';

export interface FigureDef {
  key: string;
  section: 'cases' | 'closed' | 'work' | 'reports' | 'times' | 'solutions';
  kind: FigureKind;
  /** Natural order of categories when they have one; others are sorted by code (never by a count). */
  order?: readonly string[];
  load(ctx: AppContext, scope: repo.Scope): Promise<repo.GroupCount[]>;
  /** Figures of the same population share their totals (every case opened in the period...): see linkTotals. */
  population?: 'opened' | 'closed' | 'reports';
  /** Merges raw keys (e.g. a JSON list of citizenships → its first code). */
  mapKey?: (key: string | null) => string | null;
}

const AGE_ORDER = ['0--8', '9--17', '18--20', '21--23', '24--26', '27--29', '30--38', '39--47', '48+'];
const DAY_ORDER = ['d0_1', 'd2_7', 'd8_30', 'd31_90', 'd91'];

function firstCitizenship(key: string | null): string | null {
  if (!key) return null;
  try {
    const list = JSON.parse(key) as unknown;
    return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : null;
  } catch {
    return null;
  }
}

export const FIGURES: readonly FigureDef[] = [
  { key: 'gender', population: 'opened', section: 'cases', kind: 'distribution', load: (c, s) => repo.casesOpenedBy(c.db, s, 'prs_gender') },
  {
    key: 'ageBand',
    population: 'opened',
    section: 'cases',
    kind: 'distribution',
    order: AGE_ORDER,
    load: (c, s) => repo.casesOpenedByFact(c.db, s, 'age_band'),
  },
  { key: 'children', population: 'opened', section: 'cases', kind: 'distribution', order: ['1', '0'], load: (c, s) => repo.casesOpenedBy(c.db, s, 'is_child') },
  {
    key: 'citizenship',
    population: 'opened',
    section: 'cases',
    kind: 'distribution',
    load: (c, s) => repo.casesOpenedBy(c.db, s, 'prs_citizenship'),
    mapKey: firstCitizenship,
  },
  {
    key: 'exploitationCountry',
    population: 'opened',
    section: 'cases',
    kind: 'distribution',
    load: (c, s) => repo.casesOpenedByFact(c.db, s, 'exploitation_country'),
  },
  { key: 'exploitation', section: 'cases', kind: 'flags', load: (c, s) => repo.casesOpenedByCode(c.db, s, 'exploitation') },
  { key: 'industry', population: 'opened', section: 'cases', kind: 'distribution', load: (c, s) => repo.casesOpenedByFact(c.db, s, 'labour_sector') },
  { key: 'control', section: 'cases', kind: 'flags', load: (c, s) => repo.casesOpenedByCode(c.db, s, 'control') },
  { key: 'recruitment', population: 'opened', section: 'cases', kind: 'distribution', load: (c, s) => repo.casesOpenedByFact(c.db, s, 'recruitment_method') },
  { key: 'caseSource', population: 'opened', section: 'cases', kind: 'distribution', load: (c, s) => repo.casesOpenedBy(c.db, s, 'source') },
  {
    key: 'closedChildren',
    population: 'closed',
    section: 'closed',
    kind: 'distribution',
    order: ['1', '0'],
    load: (c, s) => repo.casesClosedBy(c.db, s, 'is_child'),
  },
  { key: 'closedGender', population: 'closed', section: 'closed', kind: 'distribution', load: (c, s) => repo.casesClosedBy(c.db, s, 'prs_gender') },
  { key: 'services', section: 'work', kind: 'distribution', load: (c, s) => repo.servicesBy(c.db, s) },
  { key: 'referrals', section: 'work', kind: 'distribution', load: (c, s) => repo.referralsBy(c.db, s) },
  { key: 'reportSource', population: 'reports', section: 'reports', kind: 'distribution', load: (c, s) => repo.reportsBy(c.db, s, 'source') },
  { key: 'reportOutcome', population: 'reports', section: 'reports', kind: 'distribution', load: (c, s) => repo.reportsBy(c.db, s, 'outcome') },
  { key: 'reportToCase', section: 'times', kind: 'distribution', order: DAY_ORDER, load: (c, s) => repo.reportToCase(c.db, c.database.dialect, s) },
  {
    key: 'caseToAssistance',
    population: 'opened',
    section: 'times',
    kind: 'distribution',
    order: DAY_ORDER,
    load: (c, s) => repo.caseToAssistance(c.db, c.database.dialect, s),
  },
  { key: 'solutions', section: 'solutions', kind: 'distribution', load: (c, s) => repo.solutionsBy(c.db, s) },
  { key: 'reintegration', section: 'solutions', kind: 'distribution', load: (c, s) => repo.reintegrationBy(c.db, s) },
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

export function protectFigure(def: FigureDef, officeIds: readonly string[], rows: readonly repo.GroupCount[], threshold: number): ProtectedFigure {
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

const TTL_MS = 60_000;
const MAX_ENTRIES = 200;
const cache = new Map<string, { version: string; at: number; data: DashboardData }>();

export function invalidateDashboards(): void {
  cache.clear();
}

export interface DashboardQuery {
  office?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && Number(m[1]) >= 1990 && Number(m[1]) <= 2200;
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export interface ResolvedQuery {
  /** Offices the user may see, with code and name, in code order. */
  offices: Array<{ id: string; code: string; name: string; country: string }>;
  /** 'all' or one office id. */
  view: string;
  viewCode: string;
  from: string;
  /** Inclusive last day, as the user typed it. */
  to: string;
}

/** Checks the query against the user's offices: a bad period is a ValidationError, an office not theirs a 404. */
export async function resolveQuery(ctx: AppContext, user: AuthUser, q: DashboardQuery, today = new Date().toISOString().slice(0, 10)): Promise<ResolvedQuery> {
  const allowed = officesWith(user, 'stats.view');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  const offices = await repo.officeList(ctx.db, allowed);
  const to = q.to?.trim() || today;
  const from = q.from?.trim() || (validDate(to) ? addDays(to, -364) : '');
  const errors: Record<string, string> = {};
  if (!validDate(from)) errors.from = 'dashboards.errors.date';
  if (!validDate(to)) errors.to = 'dashboards.errors.date';
  if (!errors.from && !errors.to && from > to) errors.to = 'dashboards.errors.order';
  if (Object.keys(errors).length) throw new ValidationError(errors);
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
  const version = await repo.dataVersion(ctx.db);
  const officeIds = r.offices.map((o) => o.id);
  const key = `${officeIds.join(',')}|${r.from}|${r.to}|${threshold}`;
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && hit.version === version && now - hit.at < TTL_MS) return hit.data;
  const scope: repo.Scope = { offices: officeIds, from: r.from, to: addDays(r.to, 1) };
  const figures: ProtectedFigure[] = [];
  const profile = process.env.ABRI_DASHBOARD_PROFILE === '1';
  for (const def of FIGURES) {
    const t0 = performance.now();
    const rows = await def.load(ctx, scope);
    const t1 = performance.now();
    figures.push(protectFigure(def, officeIds, rows, threshold));
    if (profile) process.stderr.write(`${def.key}: query ${(t1 - t0).toFixed(0)} ms, protect ${(performance.now() - t1).toFixed(0)} ms\n`);
  }
  linkTotals(figures);
  const data: DashboardData = { officeIds, figures, computedAt: now };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { version, at: now, data });
  return data;
}

export function views(data: DashboardData, view: string): FigureView[] {
  return data.figures.map((f) => viewOf(f, view));
}
