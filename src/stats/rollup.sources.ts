import type { Dialect } from '../platform/db/database.js';

/**
 * What each dashboard figure counts: its population (a table), the date that places a row in a month, and its
 * category, as SQL over the counted table (aliased `t`). rollup.repository.ts recounts from these.
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

/** Every figure's population and category, by figure key (dashboards.figures.ts FIGURES). */
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
  // A withdrawn service (issue 21) counts nowhere.
  services: { from: 'plan_services t', date: 't.delivered_on', key: () => 't.service', where: 't.withdrawn_at is null' },
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
    key: (d) => dayBand(days(d, '(select min(s.delivered_on) from plan_services s where s.case_id = t.id and s.withdrawn_at is null)', 't.opened_at')),
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

export interface MonthCount {
  figure: string;
  office_id: string;
  key: string | null;
  n: number;
}
