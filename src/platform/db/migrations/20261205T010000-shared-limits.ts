import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Throttles, sign-in lockouts and (with FILE_STORE=database) attachments shared by every Abri process on one
 * database (issue 16 point 4, issue 15's leftover): a client can no longer multiply a limit by the number of
 * processes. Keys are keyed hashes (HMAC under a key of Abri's key store), never an address or an identifier.
 * Times are milliseconds since the epoch (bigint), compared in the one statement that counts a hit.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('rate_counters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_counters_reset').on('rate_counters').column('reset_at').execute();
  await db.schema
    .createTable('client_lockouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('client_lockouts_last').on('client_lockouts').column('last_failure_at').execute();
  await db.schema
    .createTable('stored_files')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
