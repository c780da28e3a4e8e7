import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('cas_status', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text')
    .addColumn('prs_gender', 'text')
    .addColumn('prs_citizenship', 'text')
    .addColumn('age_status', 'text', (c) => c.notNull())
    .addColumn('is_child', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('identity_enc', 'text')
    .addColumn('contact_enc', 'text')
    .addColumn('health_enc', 'text')
    .addColumn('testimony_enc', 'text')
    .addColumn('cas_reason_for_case_closure', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cases_office_number', ['office_id', 'case_number'])
    .execute();
  await db.schema.createIndex('cases_office_status').on('cases').columns(['office_id', 'cas_status', 'stage']).execute();
  await db.schema.createIndex('cases_office_owner').on('cases').columns(['office_id', 'owner_id', 'cas_status']).execute();
  await db.schema.createIndex('cases_office_opened').on('cases').columns(['office_id', 'opened_at']).execute();
  await db.schema.createIndex('cases_report').on('cases').column('report_id').execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('given', 'integer', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('language', 'text')
    .addColumn('interpreter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('explained', 'text')
    .addColumn('child_assent', 'integer')
    .addColumn('guardian_consent', 'integer')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_case_purpose').on('consents').columns(['case_id', 'purpose']).execute();

  await db.schema
    .createTable('case_lookups')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_lookups_token').on('case_lookups').columns(['kind', 'token']).execute();
  await db.schema.createIndex('case_lookups_case').on('case_lookups').column('case_id').execute();
}
