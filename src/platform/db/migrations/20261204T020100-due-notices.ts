import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * The clock's marks for what fell due: a case follow-up reminder or a plan objective past its date is notified
 * once per date (a new date is a new notice). Ids and dates only.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('due_notices')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('due_notices_pk', ['subject_type', 'subject_id', 'due_on'])
    .execute();
}
