import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Who takes a case opened from triage when the triage operator chooses nobody: an office setting beside its time
 * limits. `none` leaves the case for a supervisor to assign; `round_robin` gives it to the office's case worker who
 * was given a case least recently; `fewest_open` to the one with the fewest open cases.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .alterTable('office_clocks')
    .addColumn('case_assignment', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
}
