import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * The case list people work from:
 * - case_name_tokens: keyed blind-index tokens of the prefixes and phonetic keys of a person's name words (partial,
 *   accent-insensitive and phonetic search without decrypting; docs/NAME-SEARCH.md). Filled when a case's identity is
 *   saved; cases opened before this migration are indexed by `abri reindex-names` (or on their next edit).
 * - case_list_views: a user's saved filters (no person-search field is ever saved: names stay out of plain columns).
 * - next_due_on now counts open plan actions as well as reminders: recomputed here for every case that has either.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('case_name_tokens')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_name_tokens_token').on('case_name_tokens').columns(['token', 'office_id', 'case_id']).execute();
  await db.schema.createIndex('case_name_tokens_case').on('case_name_tokens').column('case_id').execute();

  await db.schema
    .createTable('case_list_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_list_views_user').on('case_list_views').columns(['user_id', 'name']).unique().execute();

  // One notion of "due": the earliest open plan action or open reminder of each case.
  await sql`
    UPDATE cases SET next_due_on = (
      SELECT MIN(d) FROM (
        SELECT due_date AS d FROM plan_actions WHERE plan_actions.case_id = cases.id AND status = 'open' AND due_date IS NOT NULL
        UNION ALL
        SELECT due_on AS d FROM case_reminders WHERE case_reminders.case_id = cases.id AND done_at IS NULL
      ) AS due
    )
    WHERE EXISTS (SELECT 1 FROM plan_actions WHERE plan_actions.case_id = cases.id AND status = 'open' AND due_date IS NOT NULL)
       OR EXISTS (SELECT 1 FROM case_reminders WHERE case_reminders.case_id = cases.id AND done_at IS NULL)
  `.execute(db);
}
