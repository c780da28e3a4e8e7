import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Security hardening (issue 15).
 * - `audit_events.mac`, `access_log.mac`: how a row's hash was made. 0 = plain SHA-256 (every row written before
 *   this migration, verified as before), 1 = HMAC-SHA-256 under the audit key, which is derived from Abri's key
 *   store and is not in the database. The anchor file records, per chain, the last row of plain SHA-256, so a row
 *   after it claiming 0 is a downgrade and is reported.
 * - `api_tokens.known_clients`: keyed fingerprints of the clients a token was used from (JSON list, at most 10),
 *   to audit use from a new client; no address is stored. `revoked_reason` says why a token stopped working.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('mac', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('access_log').addColumn('mac', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('api_tokens').addColumn('known_clients', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('api_tokens').addColumn('revoked_reason', 'text').execute();
  await db.schema.createIndex('api_tokens_user').ifNotExists().on('api_tokens').columns(['user_id', 'revoked_at']).execute();
}
