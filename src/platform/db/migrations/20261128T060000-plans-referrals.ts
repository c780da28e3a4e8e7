import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('plan_objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('spl_type', 'text', (c) => c.notNull())
    .addColumn('objective_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('spl_planned_end_date', 'text')
    .addColumn('spl_actual_end_date', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_objectives_case').on('plan_objectives').column('case_id').execute();

  await db.schema
    .createTable('plan_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) => c.references('plan_objectives.id'))
    .addColumn('action_type', 'text', (c) => c.notNull())
    .addColumn('description_enc', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_actions_case').on('plan_actions').column('case_id').execute();
  await db.schema.createIndex('plan_actions_due').on('plan_actions').columns(['status', 'due_date', 'office_id']).execute();
  await db.schema.createIndex('plan_actions_owner').on('plan_actions').columns(['owner_id', 'status', 'due_date']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details_enc', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('grant_fields', 'text', (c) => c.notNull())
    .addColumn('grant_enc', 'text')
    .addColumn('consent_overridden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('referral_date', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('follow_up_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referrals_case').on('referrals').column('case_id').execute();
  await db.schema.createIndex('referrals_org_status').on('referrals').columns(['organisation_id', 'status']).execute();
  await db.schema.createIndex('referrals_status_date').on('referrals').columns(['status', 'referral_date']).execute();

  await db.schema
    .createTable('plan_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.references('plan_actions.id'))
    .addColumn('referral_id', 'text', (c) => c.references('referrals.id'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('delivered_on', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_services_case').on('plan_services').column('case_id').execute();
  await db.schema.createIndex('plan_services_referral').on('plan_services').column('referral_id').execute();
}
