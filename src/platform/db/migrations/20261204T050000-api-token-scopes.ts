import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * API token scopes (issue 19): `api_tokens.scopes` is a JSON list such as `["cases:read","stats:read"]`, checked on
 * top of the user's own permissions. NULL on the tokens made before scopes existed: they keep acting with every area
 * of the user's permissions, as they did when they were created.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('scopes', 'text').execute();
}
