import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Issue 17, what was left of the channels:
 * - `channel_deliveries`: gateways retry a webhook they think failed; the gateway's own message id (Twilio
 *   MessageSid, Vonage message_uuid, Africa's Talking id), as a keyed hash under a unique constraint, makes a second
 *   delivery of one message create nothing. Rows are forgotten after a week.
 * - `channel_outbox` also carries mail to reporters who wrote by e-mail: `kind` says what is sent (a staff
 *   `message`, or the `receipt` code), `payload_enc` holds the sealed receipt code until it is sent (then emptied).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('channel_deliveries')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_deliveries_created').on('channel_deliveries').columns(['created_at']).execute();

  await db.schema
    .alterTable('channel_outbox')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('message'))
    .execute();
  await db.schema.alterTable('channel_outbox').addColumn('payload_enc', 'text').execute();
}
