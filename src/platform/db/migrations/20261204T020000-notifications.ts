import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Notifications (issue 17, points 5 and 6): the in-app list, each person's preferences, the mail outbox written
 * in the same transaction as the change it announces, each office's time limits ("clocks"), and the marks the
 * clock job leaves (a report escalated, a pending referral reminded) so that each is raised once.
 * Nothing here holds personal data: an outbox row names a user, never an address or any content.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('office_id', 'text')
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('mail_state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_digest').on('notifications').columns(['mail_state', 'user_id']).execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('notification_outbox_due').on('notification_outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('muted', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('last_digest_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('office_clocks')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id').onDelete('cascade'))
    .addColumn('untriaged_hours', 'integer', (c) => c.notNull())
    .addColumn('urgent_hours', 'integer', (c) => c.notNull())
    .addColumn('referral_days', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_escalations')
    .addColumn('report_id', 'text', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('office_id', 'text')
    .addColumn('limit_hours', 'integer', (c) => c.notNull())
    .addColumn('escalated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('referral_reminders')
    .addColumn('referral_id', 'text', (c) => c.primaryKey().references('referrals.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text', (c) => c.notNull())
    .execute();
}
