import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// Frozen: never edit a migration that has shipped; add a new one.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day, not today's DB type
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('office_id', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text')
    .addColumn('email_enc', 'text')
    .addColumn('body_enc', 'text')
    .addColumn('published_name', 'text')
    .addColumn('published_body', 'text')
    .addColumn('author_user_id', 'text')
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('triage_status', 'text')
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_item_status').on('comments').columns(['item_id', 'status']).execute();
  await db.schema.createIndex('comments_status').on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_flagged').on('comments').columns(['flagged', 'triage_status']).execute();
}
