import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Every way a report arrives (issue 17): a report records its channel (web, hotline, walk_in, sms, whatsapp, email,
 * partner, field); reports that came through a gateway or a mailbox keep the address to answer on, only sealed
 * (`reply_to_enc`, with the office key) and as a keyed hash (`reply_to_hash`) that joins later messages; both go
 * with the report when it is purged. Conversations still being built by SMS or WhatsApp, and staff messages waiting
 * to be sent through a gateway, have their own tables (channels feature).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('web'))
    .execute();
  await db.schema.alterTable('reports').addColumn('reply_to_enc', 'text').execute();
  await db.schema.alterTable('reports').addColumn('reply_to_hash', 'text').execute();
  await db.schema.createIndex('reports_channel').on('reports').columns(['channel', 'received_at']).execute();
  await db.schema.createIndex('reports_reply_to_hash').on('reports').columns(['reply_to_hash']).execute();

  await db.schema
    .createTable('channel_conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('medium', 'text', (c) => c.notNull())
    .addColumn('sender_hash', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_conversations_sender').on('channel_conversations').columns(['gateway', 'medium', 'sender_hash']).unique().execute();
  await db.schema.createIndex('channel_conversations_updated').on('channel_conversations').columns(['updated_at']).execute();

  await db.schema
    .createTable('channel_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_outbox_due').on('channel_outbox').columns(['status', 'next_attempt_at']).execute();
}
