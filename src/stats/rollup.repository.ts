import { type RawBuilder, sql } from 'kysely';
import type { Dialect, Executor } from '../platform/db/database.js';
import { type FigureSource, type MonthCount, addMonths } from './rollup.sources.js';

/**
 * Every query on the dashboards' pre-counted figures: dashboard_counts (the counts), dashboard_dirty (the buckets a
 * change marked, written by triggers) and dashboard_recounts (the log every process reads back). See rollup.ts.
 */

/** One office's months lo..hi (YYYY-MM, both included). */
export interface MonthRun {
  officeId: string;
  lo: string;
  hi: string;
}

/** Recounts one office's months lo..hi of every figure from the tables themselves. */
export async function recount(db: Executor, run: MonthRun & { dialect: Dialect; sources: Record<string, FigureSource> }): Promise<void> {
  const { officeId, lo, hi, dialect } = run;
  const end = addMonths(hi, 1);
  await db.deleteFrom('dashboard_counts').where('office_id', '=', officeId).where('month', '>=', lo).where('month', '<=', hi).execute();
  for (const [figure, s] of Object.entries(run.sources)) {
    const month = `substr(${s.date}, 1, 7)`;
    const key = `coalesce(${s.key(dialect)}, '')`;
    await sql`insert into dashboard_counts (month, office_id, figure, key, n)
      select m, cast(${officeId} as text), cast(${figure} as text), k, count(*) from (
        select ${sql.raw(month)} as m, ${sql.raw(key)} as k from ${sql.raw(s.from)}
        where ${sql.raw(s.office ?? 't.office_id')} = ${officeId} and ${sql.raw(s.date)} >= ${lo} and ${sql.raw(s.date)} < ${end}${sql.raw(s.where ? ` and ${s.where}` : '')}
      ) x group by m, k`.execute(db);
  }
}

export function dirtyMarks(db: Executor) {
  return db.selectFrom('dashboard_dirty').select(['office_id', 'month']).execute();
}

/** Deletes the marks of a run; false when another process claimed them first. */
export async function claimRun(db: Executor, run: MonthRun): Promise<boolean> {
  const claimed = await db
    .deleteFrom('dashboard_dirty')
    .where('office_id', '=', run.officeId)
    .where('month', '>=', run.lo)
    .where('month', '<=', run.hi)
    .executeTakeFirst();
  return Number(claimed.numDeletedRows) > 0;
}

export async function logRecount(db: Executor, run: MonthRun & { at: string }): Promise<void> {
  await db.insertInto('dashboard_recounts').values({ office_id: run.officeId, lo: run.lo, hi: run.hi, at: run.at }).execute();
}

export async function pruneRecountLog(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('dashboard_recounts').where('at', '<', before).execute();
}

export function recountsSince(db: Executor, since: string) {
  return db.selectFrom('dashboard_recounts').select(['seq', 'office_id', 'lo', 'hi', 'at']).where('at', '>=', since).orderBy('seq').execute();
}

/** The stored counts of a run, by figure, category and month. */
export function storedCounts(db: Executor, run: MonthRun) {
  return db
    .selectFrom('dashboard_counts')
    .select(['figure', 'key', 'month', 'n'])
    .where('office_id', '=', run.officeId)
    .where('month', '>=', run.lo)
    .where('month', '<=', run.hi)
    .execute();
}

/** Counts of every figure for months from..to (inclusive), per office and category, summed in the database. */
export async function countsFor(db: Executor, q: { offices: readonly string[] | 'all'; from: string; to: string }): Promise<MonthCount[]> {
  const { offices, from, to } = q;
  if (offices !== 'all' && offices.length === 0) return [];
  const inOffices: RawBuilder<unknown> = offices === 'all' ? sql`` : sql` and office_id in (${sql.join(offices.map((o) => sql`${o}`))})`;
  const r = await sql<{ figure: string; office_id: string; key: string; n: number | string }>`
    select figure, office_id, key, sum(n) as n from dashboard_counts
    where month >= ${from} and month <= ${to}${inOffices}
    group by figure, office_id, key`.execute(db);
  return r.rows.map((x) => ({ figure: x.figure, office_id: x.office_id, key: x.key === '' ? null : x.key, n: Number(x.n) }));
}
