import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// Frozen: never edit a migration that has shipped; add a new one.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day, not today's DB type
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('partner_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('for_adults', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('for_children', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('for_women', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('for_men', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('capacity_total', 'integer')
    .addColumn('capacity_free', 'integer')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_services_need').on('partner_services').columns(['country', 'service', 'active']).execute();
  await db.schema.createIndex('partner_services_org').on('partner_services').column('organisation_id').execute();

  await db.schema
    .createTable('partner_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('reference', 'text')
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_agreements_org').on('partner_agreements').columns(['organisation_id', 'expires_on']).execute();

  await db.schema
    .createTable('trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('curriculum', 'text', (c) => c.notNull())
    .addColumn('trainers', 'text', (c) => c.notNull())
    .addColumn('test_max_score', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trainings_office').on('trainings').columns(['office_id', 'created_at']).execute();

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('training_id', 'text', (c) => c.notNull().references('trainings.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_sessions_training').on('training_sessions').column('training_id').execute();

  await db.schema
    .createTable('training_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('training_id', 'text', (c) => c.notNull().references('trainings.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('organisation_name', 'text')
    .addColumn('institution_type', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text')
    .addColumn('pre_score', 'integer')
    .addColumn('post_score', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_participants_training').on('training_participants').column('training_id').execute();
  await db.schema.createIndex('training_participants_org').on('training_participants').column('organisation_id').execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id').onDelete('cascade'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('training_participants.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['session_id', 'participant_id'])
    .execute();
  await db.schema.createIndex('training_attendance_participant').on('training_attendance').column('participant_id').execute();

  await db.schema
    .createTable('library_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('library_documents_topic').on('library_documents').columns(['topic', 'language']).execute();
}
