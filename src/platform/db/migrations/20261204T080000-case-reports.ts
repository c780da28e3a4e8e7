import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * The reports a case was opened from or attached to (issue 21, "one story from report to case"): one row per
 * report and case. Cases opened together from one report (a report about several people) share the report and
 * so read as a group. The report's reference is copied (it names no one: office code, year, number) so that the
 * case page shows it without reading the reports feature's tables.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('case_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('report_reference', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_reports_case_report', ['case_id', 'report_id'])
    .execute();
  await db.schema.createIndex('case_reports_report').on('case_reports').column('report_id').execute();
}
