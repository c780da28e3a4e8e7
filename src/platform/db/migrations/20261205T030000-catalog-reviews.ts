import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/** Editors' reviews of the message catalogs, one row per language and namespace (the translation status page). */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('catalog_reviews')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('reviewed', 'draft')`))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_reviews_pk', ['locale', 'namespace'])
    .execute();
}
