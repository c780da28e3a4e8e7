import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('closure_reason', 'text')
    .addColumn('reporter_role', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('location_known', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('danger_now', 'text', (c) => c.notNull())
    .addColumn('recent_24h', 'text', (c) => c.notNull())
    .addColumn('children', 'text', (c) => c.notNull())
    .addColumn('people_count', 'text', (c) => c.notNull())
    .addColumn('recruitment_codes', 'text', (c) => c.notNull())
    .addColumn('control_codes', 'text', (c) => c.notNull())
    .addColumn('exploitation_codes', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('form_locale', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_reasons', 'text', (c) => c.notNull())
    .addColumn('priority_decision', 'text')
    .addColumn('priority_level', 'text')
    .addColumn('priority_note_enc', 'text')
    .addColumn('priority_decided_by', 'text')
    .addColumn('consents', 'text', (c) => c.notNull())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reports_office_reference', ['office_id', 'reference'])
    .execute();
  await db.schema.createIndex('reports_office_state').on('reports').columns(['office_id', 'state', 'received_at']).execute();
  await db.schema.createIndex('reports_state_closed').on('reports').columns(['state', 'closed_at']).execute();

  await db.schema
    .createTable('report_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_messages_report').on('report_messages').columns(['report_id', 'created_at']).execute();

  await db.schema
    .createTable('report_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('stripped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_files_report').on('report_files').column('report_id').execute();

  await db.schema
    .createTable('report_lookups')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_lookups_token').on('report_lookups').columns(['kind', 'token']).execute();
  await db.schema.createIndex('report_lookups_report').on('report_lookups').column('report_id').execute();

  await db.schema
    .createTable('report_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('related_report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('confirmed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_links_pair', ['report_id', 'related_report_id'])
    .execute();
}
