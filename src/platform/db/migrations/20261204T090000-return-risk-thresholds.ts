import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * The return-risk matrix's thresholds become an office setting: from which likelihood × impact score a risk is
 * medium, and from which it is high (and blocks a return). An office without a row keeps the built-in 3 and 6.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('return_risk_settings')
    .addColumn('office_id', 'text', (c) => c.primaryKey())
    .addColumn('medium_from', 'integer', (c) => c.notNull())
    .addColumn('high_from', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
