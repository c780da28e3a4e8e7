import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Corrections (issue 21, point 6): a service delivered and a case note can be corrected or withdrawn, with a reason.
 * The row stays; a withdrawn one is marked (when, by whom) and leaves the lists and the totals. Each correction and
 * withdrawal keeps a row in `record_corrections`: the names of the fields changed, the values before it and the
 * reason, both sealed under the office's key like the originals; `version` guards concurrent edits.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  for (const table of ['plan_services', 'case_notes']) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable(table).addColumn('corrected_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('withdrawn_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('withdrawn_by', 'text').execute();
  }
  await db.schema
    .createTable('record_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('previous_enc', 'text')
    .addColumn('reason_enc', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('record_corrections_subject').on('record_corrections').columns(['subject_id', 'created_at']).execute();
  await db.schema.createIndex('record_corrections_case').on('record_corrections').column('case_id').execute();
  // A withdrawal (or its undoing) changes the dashboards' counts: mark the service's month and its case's opening
  // month for recount, as the rollup's own triggers do for the columns they watch (20261128T100000).
  const mark = (r: string) =>
    `insert into dashboard_dirty (office_id, month) select o, substr(d, 1, 7) from (select ${r}.office_id as o, ${r}.delivered_on as d union all select c.office_id as o, c.opened_at as d from cases c where c.id = ${r}.case_id) b where o is not null and d is not null on conflict do nothing`;
  if (dialect === 'sqlite') {
    await sql
      .raw(`create trigger plan_services_dash_withdrawn after update of withdrawn_at on plan_services begin ${mark('old')}; ${mark('new')}; end`)
      .execute(db);
  } else {
    await sql
      .raw(`create function plan_services_dash_withdrawn_mark() returns trigger language plpgsql as $$
begin
  ${mark('new')};
  return null;
end $$`)
      .execute(db);
    await sql
      .raw(
        `create trigger plan_services_dash_withdrawn after update of withdrawn_at on plan_services for each row execute function plan_services_dash_withdrawn_mark()`,
      )
      .execute(db);
  }
}
