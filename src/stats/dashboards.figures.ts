import { type Shown, protectTable } from './suppression.js';
import { firstCitizenship } from './ctdc/case-export.js';

/**
 * The dashboards' figures and their protection. Every figure is protected once, as a table of offices × categories
 * with its row, column and grand totals (complementary suppression), and every view (one office, or all the offices
 * a user may see) is a row or the total row of that one protected table, so no combination of the views shown
 * recovers a hidden cell. Hidden values never leave this module and the service: callers get null in their place.
 */

/** A figure's count in one office and category. */
export interface GroupCount {
  office_id: string;
  key: string | null;
  n: number;
}


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

export interface ProtectedFigure {
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

export function protectFigure(input: { def: FigureDef; officeIds: readonly string[]; rows: readonly GroupCount[]; threshold: number }): ProtectedFigure {
  const { def, officeIds, rows, threshold } = input;
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

