import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * OpenRosa intake (ODK Collect, KoboCollect, Enketo): devices enrolled as app users of one office with a revocable
 * token, each office's form key pair (the private half sealed), every submission received, and the instance ids
 * already taken (a duplicate becomes a conflict row, never a second case).
 */
// Frozen: never edit a migration that has shipped; add a new one.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day, not today's DB type
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('odk_app_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('encrypted', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('odk_app_users_office').on('odk_app_users').columns(['office_id', 'revoked_at']).execute();

  await db.schema
    .createTable('odk_office_keys')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('odk_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('app_user_id', 'text', (c) => c.notNull().references('odk_app_users.id'))
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('form_version', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('encrypted', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conflict_reason', 'text')
    .addColumn('payload_enc', 'text')
    .addColumn('content_mac', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('report_id', 'text', (c) => c.references('reports.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema.createIndex('odk_submissions_office_status').on('odk_submissions').columns(['office_id', 'status', 'received_at']).execute();
  await db.schema.createIndex('odk_submissions_instance').on('odk_submissions').columns(['form_id', 'instance_id']).execute();

  await db.schema
    .createTable('odk_instances')
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('odk_submissions.id'))
    .addPrimaryKeyConstraint('odk_instances_pk', ['form_id', 'instance_id'])
    .execute();
}
