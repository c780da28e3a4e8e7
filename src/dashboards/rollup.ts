import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { Dialect, Executor } from '../platform/db/database.js';

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

export interface FigureSource {
  /** FROM clause; the counted table is aliased `t`. */
  from: string;
  /** The office a row counts for; default `t.office_id`. */
  office?: string;
  /** The date that places a row in a month (ISO text). */
  date: string;
  /** The category (SQL over `t`), null when not recorded. */
  key: (dialect: Dialect) => string;
  /** Rows of the table that belong to the population. */
  where?: string;
}

function days(dialect: Dialect, later: string, earlier: string): string {
  return dialect === 'sqlite'
    ? `(julianday(substr(${later}, 1, 10)) - julianday(substr(${earlier}, 1, 10)))`
    : `(cast(substr(${later}, 1, 10) as date) - cast(substr(${earlier}, 1, 10) as date))`;
}

/** Days banded: 0-1, 2-7, 8-30, 31-90, more; null when the later date is not there yet. */
function dayBand(d: string): string {
  return `case when ${d} is null then null when ${d} <= 1 then 'd0_1' when ${d} <= 7 then 'd2_7' when ${d} <= 30 then 'd8_30' when ${d} <= 90 then 'd31_90' else 'd91' end`;
}

const opened = (column: string): FigureSource => ({ from: 'cases t', date: 't.opened_at', key: () => column });
const closed = (column: string): FigureSource => ({ from: 'cases t', date: 't.closed_at', key: () => column });
const fact = (column: string): FigureSource => ({ from: 'case_facts t', date: 't.opened_at', key: () => column });
const code = (dim: 'exploitation' | 'control'): FigureSource => ({ from: 'case_fact_codes t', date: 't.opened_at', key: () => 't.code', where: `t.dim = '${dim}'` });
/** Cases closed, by a coded fact: read from the case (its office and closing date), joined to its facts. */
const closedFact = (table: 'case_facts' | 'case_fact_codes', column: string, where?: string): FigureSource => ({
  from: `cases c join ${table} t on t.case_id = c.id`,
  office: 'c.office_id',
  date: 'c.closed_at',
  key: () => column,
  ...(where ? { where } : {}),
});

/** Every figure's population and category, by figure key (dashboards.service.ts FIGURES). */
export const SOURCES: Record<string, FigureSource> = {
  gender: opened('t.prs_gender'),
  ageBand: fact('t.age_band'),
  children: opened('cast(t.is_child as text)'),
  citizenship: opened('t.prs_citizenship'),
  exploitationCountry: fact('t.exploitation_country'),
  exploitation: code('exploitation'),
  industry: fact('t.labour_sector'),
  control: code('control'),
  recruitment: fact('t.recruitment_method'),
  caseSource: opened('t.source'),
  closedChildren: closed('cast(t.is_child as text)'),
  closedGender: closed('t.prs_gender'),
  closedAgeBand: closedFact('case_facts', 't.age_band'),
  closedExploitation: closedFact('case_fact_codes', 't.code', `t.dim = 'exploitation'`),
  closedReason: closed('t.cas_reason_for_case_closure'),
  services: { from: 'plan_services t', date: 't.delivered_on', key: () => 't.service' },
  referrals: { from: 'referrals t', date: 't.referral_date', key: () => 't.status', where: `t.direction = 'outgoing'` },
  reportSource: { from: 'reports t', date: 't.received_at', key: () => 't.reporter_role' },
  reportOutcome: {
    from: 'reports t',
    date: 't.received_at',
    key: () => `case when t.state = 'case_opened' then 'case_opened' when t.state = 'closed' then coalesce(t.closure_reason, 'closed') else 'open' end`,
  },
  // Cases opened from a report: days from the report's receipt to the case.
  reportToCase: { from: 'cases t join reports r on r.id = t.report_id', date: 't.opened_at', key: (d) => dayBand(days(d, 't.opened_at', 'r.received_at')) },
  // Cases opened: days from the case to the first service delivered (null: none yet).
  caseToAssistance: {
    from: 'cases t',
    date: 't.opened_at',
    key: (d) => dayBand(days(d, '(select min(s.delivered_on) from plan_services s where s.case_id = t.id)', 't.opened_at')),
  },
  solutions: { from: 'case_solutions t', date: 't.decided_at', key: () => 't.decision', where: 't.decision is not null' },
  // Reintegration surveys: kind and band of the composite score (0-1).
  reintegration: {
    from: 'reintegration_surveys t',
    date: 't.taken_on',
    key: () =>
      `t.kind || ':' || case when t.composite is null then 'none' when t.composite < 0.34 then 'low' when t.composite < 0.67 then 'medium' else 'high' end`,
  },
};

/** 'YYYY-MM' plus n months. */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

/** Recounts one office's months lo..hi (inclusive) of every figure. */
async function recount(db: Executor, dialect: Dialect, officeId: string, lo: string, hi: string): Promise<void> {
  const end = addMonths(hi, 1);
  await db.deleteFrom('dashboard_counts').where('office_id', '=', officeId).where('month', '>=', lo).where('month', '<=', hi).execute();
  for (const [figure, s] of Object.entries(SOURCES)) {
    const month = `substr(${s.date}, 1, 7)`;
    const key = `coalesce(${s.key(dialect)}, '')`;
    await sql`insert into dashboard_counts (month, office_id, figure, key, n)
      select m, cast(${officeId} as text), cast(${figure} as text), k, count(*) from (
        select ${sql.raw(month)} as m, ${sql.raw(key)} as k from ${sql.raw(s.from)}
        where ${sql.raw(s.office ?? 't.office_id')} = ${officeId} and ${sql.raw(s.date)} >= ${lo} and ${sql.raw(s.date)} < ${end}${sql.raw(s.where ? ` and ${s.where}` : '')}
      ) x group by m, k`.execute(db);
  }
}

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
  const marks = await ctx.db.selectFrom('dashboard_dirty').select(['office_id', 'month']).execute();
  if (marks.length === 0) return 0;
  const byOffice = new Map<string, string[]>();
  for (const m of marks) byOffice.set(m.office_id, [...(byOffice.get(m.office_id) ?? []), m.month]);
  let runs = 0;
  for (const [officeId, months] of byOffice) {
    for (const [lo, hi] of monthRuns(months)) {
      await ctx.db.transaction().execute(async (tx) => {
        const claimed = await tx.deleteFrom('dashboard_dirty').where('office_id', '=', officeId).where('month', '>=', lo).where('month', '<=', hi).executeTakeFirst();
        if (Number(claimed.numDeletedRows) === 0) return; // another process recounted it
        await recount(tx, ctx.database.dialect, officeId, lo, hi);
        await tx.insertInto('dashboard_recounts').values({ office_id: officeId, lo, hi, at: new Date().toISOString() }).execute();
        runs++;
      });
    }
  }
  // The log is read back for a few minutes (see Cube.sync); older entries are of no use.
  await ctx.db
    .deleteFrom('dashboard_recounts')
    .where('at', '<', new Date(Date.now() - LOG_KEPT_MS).toISOString())
    .execute();
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

  set(officeId: string, figure: string, key: string, month: string, n: number): void {
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

  async reload(db: Executor, officeId: string, lo: string, hi: string): Promise<void> {
    const rows = await db
      .selectFrom('dashboard_counts')
      .select(['figure', 'key', 'month', 'n'])
      .where('office_id', '=', officeId)
      .where('month', '>=', lo)
      .where('month', '<=', hi)
      .execute();
    this.clear(officeId, lo, hi);
    for (const r of rows) this.set(officeId, r.figure, r.key, r.month, Number(r.n));
    this.version++;
  }

  static async load(db: Executor): Promise<Cube> {
    const cube = new Cube();
    cube.polledAt = Date.now();
    // One office at a time: bounded memory whatever the size.
    for (const { id } of await db.selectFrom('offices').select('id').execute()) await cube.reload(db, id, '0000-00', '9999-99');
    return cube;
  }

  /** Applies every recount logged since the last poll (re-reading a window, so a late commit is never missed). */
  async sync(db: Executor): Promise<void> {
    const now = Date.now();
    const since = new Date(this.polledAt - LOG_WINDOW_MS).toISOString();
    this.polledAt = now;
    const entries = await db.selectFrom('dashboard_recounts').select(['seq', 'office_id', 'lo', 'hi', 'at']).where('at', '>=', since).orderBy('seq').execute();
    for (const e of entries) {
      const seq = Number(e.seq);
      if (this.applied.has(seq)) continue;
      await this.reload(db, e.office_id, e.lo, e.hi);
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

export interface MonthCount {
  figure: string;
  office_id: string;
  key: string | null;
  n: number;
}

/** Counts of every figure for months from..to (inclusive), per office and category. */
export async function countsFor(db: Executor, offices: readonly string[] | 'all', from: string, to: string): Promise<MonthCount[]> {
  if (offices !== 'all' && offices.length === 0) return [];
  const inOffices: RawBuilder<unknown> = offices === 'all' ? sql`` : sql` and office_id in (${sql.join(offices.map((o) => sql`${o}`))})`;
  const r = await sql<{ figure: string; office_id: string; key: string; n: number | string }>`
    select figure, office_id, key, sum(n) as n from dashboard_counts
    where month >= ${from} and month <= ${to}${inOffices}
    group by figure, office_id, key`.execute(db);
  return r.rows.map((x) => ({ figure: x.figure, office_id: x.office_id, key: x.key === '' ? null : x.key, n: Number(x.n) }));
}
