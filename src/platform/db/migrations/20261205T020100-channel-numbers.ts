import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * The channel settings an administrator keeps: which office each of the organisation's gateway numbers (or
 * shortcodes) belongs to, so that an SMS or WhatsApp report sent to it goes to that office. These are the
 * organisation's own numbers, not reporters'.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('channel_numbers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
