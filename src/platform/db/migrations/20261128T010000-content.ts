import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// Frozen: never edit a migration that has shipped; add a new one.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day, not today's DB type
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  // A page or news article, independent of language: its translations hang off it.
  await db.schema
    .createTable('content_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('source_locale', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived_at', 'text')
    .addColumn('successor_id', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('content_translations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_revision', 'integer')
    .addColumn('published_title', 'text')
    .addColumn('published_summary', 'text')
    .addColumn('published_body', 'text')
    .addColumn('first_published_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('source_revision', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('content_translations_item_locale', ['item_id', 'locale'])
    .addUniqueConstraint('content_translations_locale_slug', ['locale', 'slug'])
    .execute();

  await db.schema
    .createTable('content_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('translation_id', 'text', (c) => c.notNull().references('content_translations.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('content_revisions_translation_revision', ['translation_id', 'revision'])
    .execute();
}
