import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Dashboards: counts per office, month, figure and category (`dashboard_counts`), so a dashboard reads a few
 * thousand pre-counted rows instead of counting a million cases. The database itself marks what must be recounted:
 * a trigger on every table the dashboards count adds the (office, month) buckets a row enters or leaves to
 * `dashboard_dirty`, in the same transaction as the change (so no write path can forget it, a deletion included).
 * The dashboards module recounts the marked buckets before it reads and logs each recount in `dashboard_recounts`
 * (src/dashboards/rollup.ts).
 *
 * Every bucket that already holds data is marked here, so an existing installation gets its counts on first use.
 */

interface Mark {
  table: string;
  /** Columns whose change moves a row between buckets or categories (the update trigger watches only these). */
  columns: string[];
  /** (office, date) pairs of a row `r` (new or old): the buckets it counts in. */
  buckets: (r: string) => string[];
}

const MARKS: Mark[] = [
  {
    table: 'cases',
    columns: ['office_id', 'opened_at', 'closed_at', 'prs_gender', 'prs_citizenship', 'is_child', 'source', 'cas_reason_for_case_closure', 'report_id'],
    buckets: (r) => [`select ${r}.office_id as o, ${r}.opened_at as d`, `select ${r}.office_id as o, ${r}.closed_at as d`],
  },
  {
    table: 'case_facts',
    columns: [
      'office_id',
      'opened_at',
      'age_band',
      'recruitment_method',
      'relationship',
      'labour_sector',
      'exploitation_country',
      'exploitation_codes',
      'control_codes',
    ],
    // Facts also count in the month their case was closed (cases closed by age band, by type of exploitation).
    buckets: (r) => [`select ${r}.office_id as o, ${r}.opened_at as d`, `select c.office_id as o, c.closed_at as d from cases c where c.id = ${r}.case_id`],
  },
  {
    table: 'reports',
    columns: ['office_id', 'received_at', 'reporter_role', 'state', 'closure_reason'],
    buckets: (r) => [`select ${r}.office_id as o, ${r}.received_at as d`],
  },
  {
    table: 'plan_services',
    columns: ['office_id', 'delivered_on', 'service', 'case_id'],
    // A service also moves its case's "time to first assistance", counted in the month the case was opened.
    buckets: (r) => [`select ${r}.office_id as o, ${r}.delivered_on as d`, `select c.office_id as o, c.opened_at as d from cases c where c.id = ${r}.case_id`],
  },
  {
    table: 'referrals',
    columns: ['office_id', 'referral_date', 'status', 'direction'],
    buckets: (r) => [`select ${r}.office_id as o, ${r}.referral_date as d`],
  },
  {
    table: 'case_solutions',
    columns: ['office_id', 'decided_at', 'decision'],
    buckets: (r) => [`select ${r}.office_id as o, ${r}.decided_at as d`],
  },
  {
    table: 'reintegration_surveys',
    columns: ['office_id', 'taken_on', 'kind', 'composite'],
    buckets: (r) => [`select ${r}.office_id as o, ${r}.taken_on as d`],
  },
];

function markStatement(m: Mark, r: string): string {
  return `insert into dashboard_dirty (office_id, month) select o, substr(d, 1, 7) from (${m.buckets(r).join(' union all ')}) b where o is not null and d is not null on conflict do nothing`;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('dashboard_counts')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('figure', 'text', (c) => c.notNull())
    /** The category; '' when not recorded. */
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dashboard_counts_pk', ['office_id', 'month', 'figure', 'key'])
    .execute();
  await db.schema
    .createTable('dashboard_dirty')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dashboard_dirty_pk', ['office_id', 'month'])
    .execute();
  // Every recount, so each server process can bring its in-memory copy of the counts up to date (rollup.ts).
  await db.schema
    .createTable('dashboard_recounts')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('lo', 'text', (c) => c.notNull())
    .addColumn('hi', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboard_recounts_at').on('dashboard_recounts').column('at').execute();

  for (const m of MARKS) {
    const cols = m.columns.join(', ');
    if (dialect === 'sqlite') {
      await sql
        .raw(`create trigger ${m.table}_dash_insert after insert on ${m.table} begin ${markStatement(m, 'new')}; end`)
        .execute(db);
      await sql
        .raw(`create trigger ${m.table}_dash_update after update of ${cols} on ${m.table} begin ${markStatement(m, 'old')}; ${markStatement(m, 'new')}; end`)
        .execute(db);
      await sql
        .raw(`create trigger ${m.table}_dash_delete after delete on ${m.table} begin ${markStatement(m, 'old')}; end`)
        .execute(db);
    } else {
      await sql
        .raw(
          `create function ${m.table}_dash_mark() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then ${markStatement(m, 'old')}; end if;
  if tg_op <> 'DELETE' then ${markStatement(m, 'new')}; end if;
  return null;
end $$`,
        )
        .execute(db);
      await sql.raw(`create trigger ${m.table}_dash_insert after insert or delete on ${m.table} for each row execute function ${m.table}_dash_mark()`).execute(db);
      await sql.raw(`create trigger ${m.table}_dash_update after update of ${cols} on ${m.table} for each row execute function ${m.table}_dash_mark()`).execute(db);
    }
    // Everything already there is counted on first use (a service's case is marked by the case's own bucket).
    for (const b of m.buckets(m.table).filter((x) => !x.includes(' from ')))
      await sql
        .raw(
          `insert into dashboard_dirty (office_id, month) select distinct o, substr(d, 1, 7) from (${b} from ${m.table}) b where o is not null and d is not null on conflict do nothing`,
        )
        .execute(db);
  }
}
