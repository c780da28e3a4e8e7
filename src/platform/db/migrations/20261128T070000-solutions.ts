import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('case_solutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id').onDelete('cascade'))
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('wishes_enc', 'text')
    .addColumn('decision', 'text')
    .addColumn('target_office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('return_status', 'text', (c) => c.notNull())
    .addColumn('override_reason_enc', 'text')
    .addColumn('override_by', 'text')
    .addColumn('override_at', 'text')
    .addColumn('arrived_on', 'text')
    .addColumn('plan_reminded_at', 'text')
    .addColumn('followup_status', 'text')
    .addColumn('closure_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_solutions_office').on('case_solutions').columns(['office_id', 'arrived_on']).execute();

  await db.schema
    .createTable('return_risk_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id').onDelete('cascade'))
    .addColumn('partner_office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('risks_enc', 'text')
    .addColumn('overall', 'text', (c) => c.notNull())
    .addColumn('destination_signed_by', 'text')
    .addColumn('destination_signed_at', 'text')
    .addColumn('origin_signed_by', 'text')
    .addColumn('origin_signed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('solution_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('track', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('done_on', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note_enc', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('solution_actions_case').on('solution_actions').columns(['office_id', 'case_id']).execute();

  await db.schema
    .createTable('case_handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('to_office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('keep_scopes', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('case_handovers_to').on('case_handovers').columns(['to_office_id', 'status']).execute();
  await db.schema.createIndex('case_handovers_case').on('case_handovers').column('case_id').execute();

  await db.schema
    .createTable('case_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('case_shares_office').on('case_shares').columns(['office_id', 'case_id']).execute();

  await db.schema
    .createTable('reintegration_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id').onDelete('cascade'))
    .addColumn('objectives_enc', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('survey_configs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_configs_office_version', ['office_id', 'version'])
    .execute();

  await db.schema
    .createTable('reintegration_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('taken_on', 'text', (c) => c.notNull())
    .addColumn('config_id', 'text', (c) => c.notNull().references('survey_configs.id'))
    .addColumn('config_version', 'integer', (c) => c.notNull())
    .addColumn('weights_used', 'text', (c) => c.notNull())
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .addColumn('economic', 'real')
    .addColumn('social', 'real')
    .addColumn('psychosocial', 'real')
    .addColumn('composite', 'real')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reintegration_surveys_case').on('reintegration_surveys').columns(['office_id', 'case_id', 'taken_on']).execute();
}
