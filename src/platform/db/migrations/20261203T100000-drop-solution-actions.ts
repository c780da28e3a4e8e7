import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * solution_actions, from the first version of durable solutions, has not been read or written since steps became
 * assistance-plan actions (20261128T070100-solution-steps). Dropping it removes sealed notes that no screen, export
 * or retention job reaches any more.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema.dropIndex('solution_actions_case').ifExists().execute();
  await db.schema.dropTable('solution_actions').ifExists().execute();
}
