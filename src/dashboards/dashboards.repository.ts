import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from '../platform/db/database.js';

/**
 * Grouped counts for the dashboards: one SQL query per figure, grouped by office and category, so the database does
 * the counting (indexes: cases(office_id, opened_at | closed_at), case_facts(office_id, opened_at), ...). Rows carry
 * counts only: no id, number or name ever leaves these queries.
 */

export interface Scope {
  /** Office ids, or 'all' for a user whose role covers every office. */
  offices: readonly string[] | 'all';
  /** Inclusive start and exclusive end, as ISO dates (YYYY-MM-DD). */
  from: string;
  to: string;
}

export interface GroupCount {
  office_id: string;
  key: string | null;
  n: number;
}

function inOffices(column: string, scope: Scope): RawBuilder<SqlBool> {
  if (scope.offices === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.offices.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(scope.offices.map((o) => sql`${o}`))})`;
}

function inPeriod(column: string, scope: Scope): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} >= ${scope.from} and ${sql.ref(column)} < ${scope.to}`;
}

async function grouped(db: Executor, query: RawBuilder<unknown>): Promise<GroupCount[]> {
  const r = await query.execute(db);
  return (r.rows as Array<{ office_id: string; key: string | number | null; n: number | string }>).map((x) => ({
    office_id: x.office_id,
    key: x.key === null || x.key === undefined ? null : String(x.key),
    n: Number(x.n),
  }));
}

/** Cases opened in the period, by a clear column of cases. */
export function casesOpenedBy(db: Executor, scope: Scope, column: 'prs_gender' | 'prs_citizenship' | 'is_child' | 'source'): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, ${sql.ref(column)} as key, count(*) as n from cases where ${inOffices('office_id', scope)} and ${inPeriod('opened_at', scope)} group by office_id, ${sql.ref(column)}`,
  );
}

/** Cases closed in the period, by a clear column. */
export function casesClosedBy(db: Executor, scope: Scope, column: 'prs_gender' | 'is_child' | 'cas_reason_for_case_closure'): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, ${sql.ref(column)} as key, count(*) as n from cases where ${inOffices('office_id', scope)} and ${inPeriod('closed_at', scope)} group by office_id, ${sql.ref(column)}`,
  );
}

/** Cases opened in the period, by a coded fact (cases without facts yet count as "not recorded"). */
export function casesOpenedByFact(
  db: Executor,
  scope: Scope,
  column: 'age_band' | 'recruitment_method' | 'relationship' | 'labour_sector' | 'exploitation_country',
): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, ${sql.ref(column)} as key, count(*) as n from case_facts where ${inOffices('office_id', scope)} and ${inPeriod('opened_at', scope)} group by office_id, ${sql.ref(column)}`,
  );
}

/** Multi-valued facts (exploitation types, means of control): one count per code, a case counts once per code. */
export function casesOpenedByCode(db: Executor, scope: Scope, dim: 'exploitation' | 'control'): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, code as key, count(*) as n from case_fact_codes where ${inOffices('office_id', scope)} and ${inPeriod('opened_at', scope)} and dim = ${dim} group by office_id, code`,
  );
}

export function reportsBy(db: Executor, scope: Scope, what: 'source' | 'outcome'): Promise<GroupCount[]> {
  const key =
    what === 'source'
      ? sql`reporter_role`
      : sql`case when state = 'case_opened' then 'case_opened' when state = 'closed' then coalesce(closure_reason, 'closed') else 'open' end`;
  return grouped(
    db,
    sql`select office_id, ${key} as key, count(*) as n from reports where ${inOffices('office_id', scope)} and ${inPeriod('received_at', scope)} group by office_id, ${key}`,
  );
}

export function servicesBy(db: Executor, scope: Scope): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, service as key, count(*) as n from plan_services where ${inOffices('office_id', scope)} and ${inPeriod('delivered_on', scope)} group by office_id, service`,
  );
}

export function referralsBy(db: Executor, scope: Scope): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, status as key, count(*) as n from referrals where direction = 'outgoing' and ${inOffices('office_id', scope)} and ${inPeriod('referral_date', scope)} group by office_id, status`,
  );
}

export function solutionsBy(db: Executor, scope: Scope): Promise<GroupCount[]> {
  return grouped(
    db,
    sql`select office_id, decision as key, count(*) as n from case_solutions where decision is not null and ${inOffices('office_id', scope)} and ${inPeriod('decided_at', scope)} group by office_id, decision`,
  );
}

/** Reintegration surveys taken in the period, by kind and band of the composite score (0-1). */
export function reintegrationBy(db: Executor, scope: Scope): Promise<GroupCount[]> {
  const band = sql`kind || ':' || case when composite is null then 'none' when composite < 0.34 then 'low' when composite < 0.67 then 'medium' else 'high' end`;
  return grouped(
    db,
    sql`select office_id, ${band} as key, count(*) as n from reintegration_surveys where ${inOffices('office_id', scope)} and ${inPeriod('taken_on', scope)} group by office_id, ${band}`,
  );
}

function days(dialect: Dialect, later: Expression<unknown> | RawBuilder<unknown>, earlier: Expression<unknown> | RawBuilder<unknown>): RawBuilder<number> {
  return dialect === 'sqlite'
    ? sql<number>`(julianday(substr(${later}, 1, 10)) - julianday(substr(${earlier}, 1, 10)))`
    : sql<number>`(cast(substr(${later}, 1, 10) as date) - cast(substr(${earlier}, 1, 10) as date))`;
}

function dayBand(d: RawBuilder<number>): RawBuilder<string> {
  return sql<string>`case when ${d} is null then null when ${d} <= 1 then 'd0_1' when ${d} <= 7 then 'd2_7' when ${d} <= 30 then 'd8_30' when ${d} <= 90 then 'd31_90' else 'd91' end`;
}

/** Cases opened in the period from a report: days from the report's receipt to the case, banded. */
export function reportToCase(db: Executor, dialect: Dialect, scope: Scope): Promise<GroupCount[]> {
  const band = dayBand(days(dialect, sql.ref('c.opened_at'), sql.ref('r.received_at')));
  return grouped(
    db,
    sql`select c.office_id as office_id, ${band} as key, count(*) as n from cases c join reports r on r.id = c.report_id where ${inOffices('c.office_id', scope)} and ${inPeriod('c.opened_at', scope)} group by c.office_id, ${band}`,
  );
}

/** Cases opened in the period: days from the case to the first service delivered, banded (null: none yet). */
export function caseToAssistance(db: Executor, dialect: Dialect, scope: Scope): Promise<GroupCount[]> {
  const first = sql`(select min(s.delivered_on) from plan_services s where s.case_id = c.id)`;
  const band = dayBand(days(dialect, first, sql.ref('c.opened_at')));
  return grouped(
    db,
    sql`select c.office_id as office_id, ${band} as key, count(*) as n from cases c where ${inOffices('c.office_id', scope)} and ${inPeriod('c.opened_at', scope)} group by c.office_id, ${band}`,
  );
}

/**
 * The data version of the dashboards: the newest change of every table they count (index-backed max, cheap at any
 * size) and the number of facts rows' newest source; a new version makes cached figures stale.
 */
export async function dataVersion(db: Executor): Promise<string> {
  const r = await sql<Record<string, string | null>>`select
    (select max(updated_at) from cases) as a,
    (select max(updated_at) from reports) as b,
    (select max(created_at) from plan_services) as c,
    (select max(updated_at) from referrals) as d,
    (select max(updated_at) from case_solutions) as e,
    (select max(created_at) from reintegration_surveys) as f,
    (select max(source_updated_at) from case_facts) as g`.execute(db);
  const row = r.rows[0] ?? {};
  return Object.values(row)
    .map((v) => v ?? '-')
    .join('|');
}

export async function officeList(db: Executor, ids: readonly string[] | 'all'): Promise<Array<{ id: string; code: string; name: string; country: string }>> {
  let q = db.selectFrom('offices').select(['id', 'code', 'name', 'country']).orderBy('code');
  if (ids !== 'all') {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return q.execute();
}
