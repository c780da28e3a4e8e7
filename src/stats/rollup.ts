import { officeSummaries } from '../offices/offices.repository.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import * as repo from './rollup.repository.js';
import { type MonthCount, SOURCES, addMonths } from './rollup.sources.js';

/**
 * The dashboards' pre-counted figures. Every figure is a count of rows of one table (its population: cases opened,
 * cases closed, reports received, services delivered...) by office, month of a date column and category.
 * `dashboard_counts` keeps those counts per (month, office, figure, category); triggers mark every (office, month)
 * a change touches in `dashboard_dirty` (migration 20261128T100000), and `refreshCounts` recounts the marked buckets
 * from the tables themselves, so the counts are always the tables' own counts (never incremented and decremented,
 * which would drift). A dashboard then sums at most a few rows per office, month and category: its cost depends on
 * the number of offices and months shown, not on the number of cases.
 *
 * Periods are whole months (UTC): a dashboard that took any day as its bounds would let two overlapping periods be
 * subtracted to reveal one day's small counts.
 */

/** Consecutive runs of months, joined when at most `gap` months apart (a run is recounted in one pass). */
export function monthRuns(months: readonly string[], gap = 2): Array<[string, string]> {
  const sorted = [...new Set(months)].sort();
  const runs: Array<[string, string]> = [];
  for (const m of sorted) {
    const last = runs[runs.length - 1];
    if (last && addMonths(last[1], gap + 1) >= m) last[1] = m;
    else runs.push([m, m]);
  }
  return runs;
}

interface State {
  /** The refresh running in this process, if any. */
  running: Promise<number> | null;
  cube: Cube | null;
  loading: Promise<Cube> | null;
}

const states = new WeakMap<AppContext, State>();

function stateOf(ctx: AppContext): State {
  let s = states.get(ctx);
  if (!s) {
    s = { running: null, cube: null, loading: null };
    states.set(ctx, s);
  }
  return s;
}

/**
 * Recounts every marked bucket; returns how many (office, months) runs were recounted. Each run is claimed (its
 * marks deleted), recounted and logged in one transaction: a change committed meanwhile marks its bucket again (in
 * PostgreSQL its mark waits for this transaction) and is recounted by the next refresh, so nothing is missed.
 */
export function refreshCounts(ctx: AppContext): Promise<number> {
  // One refresh at a time in this process; a caller arriving meanwhile waits for it, then runs its own.
  const state = stateOf(ctx);
  const next = (state.running ?? Promise.resolve(0)).catch(() => 0).then(() => refreshOnce(ctx));
  const settled = next.finally(() => {
    if (state.running === settled) state.running = null;
  });
  state.running = settled;
  return next;
}

async function refreshOnce(ctx: AppContext): Promise<number> {
  const marks = await repo.dirtyMarks(ctx.db);
  if (marks.length === 0) return 0;
  const byOffice = new Map<string, string[]>();
  for (const m of marks) byOffice.set(m.office_id, [...(byOffice.get(m.office_id) ?? []), m.month]);
  let runs = 0;
  for (const [officeId, months] of byOffice) {
    for (const [lo, hi] of monthRuns(months)) {
      const run = { officeId, lo, hi };
      await inTransaction(ctx.db, async (tx) => {
        if (!(await repo.claimRun(tx, run))) return; // another process recounted it
        await repo.recount(tx, { dialect: ctx.database.dialect, sources: SOURCES, ...run });
        await repo.logRecount(tx, { ...run, at: new Date().toISOString() });
        runs++;
      });
    }
  }
  // The log is read back for a few minutes (see Cube.sync); older entries are of no use.
  await repo.pruneRecountLog(ctx.db, new Date(Date.now() - LOG_KEPT_MS).toISOString());
  return runs;
}

/** How far back each process re-reads the recount log: longer than any recount transaction takes to commit. */
const LOG_WINDOW_MS = 5 * 60_000;
const LOG_KEPT_MS = 24 * 3600_000;

/** A month as a number (months since year 0), for array indexes. */
function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** One category's counts by month, in a typed array from its first month on (about 4 bytes a month). */
class Series {
  base = -1;
  data = new Int32Array(0);

  set(mi: number, n: number): void {
    if (this.base < 0) {
      this.base = mi;
      this.data = new Int32Array(12);
    }
    if (mi < this.base) {
      const grown = new Int32Array(this.data.length + (this.base - mi));
      grown.set(this.data, this.base - mi);
      this.data = grown;
      this.base = mi;
    }
    const at = mi - this.base;
    if (at >= this.data.length) {
      const grown = new Int32Array(Math.max(at + 1, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[at] = n;
  }

  clear(lo: number, hi: number): void {
    if (this.base < 0) return;
    this.data.fill(0, Math.max(0, lo - this.base), Math.max(0, Math.min(this.data.length, hi - this.base + 1)));
  }

  sum(lo: number, hi: number): number {
    if (this.base < 0) return 0;
    let n = 0;
    const end = Math.min(this.data.length - 1, hi - this.base);
    for (let i = Math.max(0, lo - this.base); i <= end; i++) n += this.data[i] as number;
    return n;
  }
}

/**
 * This process's copy of `dashboard_counts`: office → figure → category → counts by month. Loaded on first use (the
 * server also starts loading it a few seconds after it starts), then kept current from the recount log (every
 * process's recounts, this one's included): a recounted run is read again from the table. A dashboard sums its months
 * here, so its cost does not depend on the number of cases. `version` moves whenever anything changes: the
 * dashboards' cache of protected figures is keyed by it.
 */
export class Cube {
  readonly offices = new Map<string, Map<string, Map<string, Series>>>();
  version = 0;
  private readonly applied = new Map<number, number>();
  private polledAt = 0;

  /** Sets one stored count: a row of dashboard_counts of the office. */
  set(officeId: string, row: { figure: string; key: string; month: string; n: number }): void {
    const { figure, key, month, n } = row;
    let figures = this.offices.get(officeId);
    if (!figures) {
      figures = new Map();
      this.offices.set(officeId, figures);
    }
    let keys = figures.get(figure);
    if (!keys) {
      keys = new Map();
      figures.set(figure, keys);
    }
    let series = keys.get(key);
    if (!series) {
      series = new Series();
      keys.set(key, series);
    }
    series.set(monthIndex(month), n);
  }

  /** Forgets an office's months lo..hi (before they are read again). */
  clear(officeId: string, lo: string, hi: string): void {
    const l = monthIndex(lo);
    const h = monthIndex(hi);
    for (const keys of this.offices.get(officeId)?.values() ?? []) for (const series of keys.values()) series.clear(l, h);
  }

  async reload(db: Executor, run: { officeId: string; lo: string; hi: string }): Promise<void> {
    const { officeId, lo, hi } = run;
    const rows = await repo.storedCounts(db, run);
    this.clear(officeId, lo, hi);
    for (const r of rows) this.set(officeId, { figure: r.figure, key: r.key, month: r.month, n: Number(r.n) });
    this.version++;
  }

  static async load(db: Executor): Promise<Cube> {
    const cube = new Cube();
    cube.polledAt = Date.now();
    // One office at a time: bounded memory whatever the size.
    for (const { id } of await officeSummaries(db)) await cube.reload(db, { officeId: id, lo: '0000-00', hi: '9999-99' });
    return cube;
  }

  /** Applies every recount logged since the last poll (re-reading a window, so a late commit is never missed). */
  async sync(db: Executor): Promise<void> {
    const now = Date.now();
    const since = new Date(this.polledAt - LOG_WINDOW_MS).toISOString();
    this.polledAt = now;
    const entries = await repo.recountsSince(db, since);
    for (const e of entries) {
      const seq = Number(e.seq);
      if (this.applied.has(seq)) continue;
      await this.reload(db, { officeId: e.office_id, lo: e.lo, hi: e.hi });
      this.applied.set(seq, Date.parse(e.at));
    }
    for (const [seq, at] of this.applied) if (at < now - 2 * LOG_WINDOW_MS) this.applied.delete(seq);
  }

  /** Sums months from..to (inclusive) per figure, office and category, for the offices given. */
  counts(officeIds: readonly string[], from: string, to: string): MonthCount[] {
    const lo = monthIndex(from);
    const hi = monthIndex(to);
    const out: MonthCount[] = [];
    for (const officeId of officeIds) {
      for (const [figure, keys] of this.offices.get(officeId) ?? []) {
        for (const [key, series] of keys) {
          const n = series.sum(lo, hi);
          if (n !== 0) out.push({ figure, office_id: officeId, key: key === '' ? null : key, n });
        }
      }
    }
    return out;
  }
}

/** Recounts what is marked, then returns this process's current copy of the counts. */
export async function currentCounts(ctx: AppContext): Promise<Cube> {
  await refreshCounts(ctx);
  const state = stateOf(ctx);
  if (!state.cube) {
    state.loading ??= Cube.load(ctx.db).finally(() => {
      state.loading = null;
    });
    state.cube = await state.loading;
  }
  await state.cube.sync(ctx.db);
  return state.cube;
}
