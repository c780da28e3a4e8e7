import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Indexes for the work lists, from the case benchmark (bench/cases.ts): ordered scans for a case worker's caseload and
 * an office's filtered list, and a covering index for the open caseload per case worker.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema.dropIndex('cases_owner_status').execute();
  await db.schema.createIndex('cases_office_owner_opened').on('cases').columns(['office_id', 'owner_id', 'opened_at']).execute();
  await db.schema.createIndex('cases_office_status_opened').on('cases').columns(['office_id', 'cas_status', 'opened_at']).execute();
  await db.schema.createIndex('cases_office_open_load').on('cases').columns(['office_id', 'cas_status', 'owner_id', 'next_due_on']).execute();
}
