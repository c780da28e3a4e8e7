import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Durable-solution steps become actions of the assistance plan: solution_steps links a plan action to its
 * track and step. The first version's solution_actions table stays (its rows are not lost) but is no longer written.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('solution_steps')
    .addColumn('id', 'text', (c) => c.primaryKey().references('plan_actions.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('track', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('solution_steps_case').on('solution_steps').columns(['office_id', 'case_id']).execute();
}
