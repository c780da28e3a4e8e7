import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

// Frozen: never edit a migration that has shipped; add a new one. Column lists are copied here on purpose.
const TEXT = [
  'year_label', 'datasource', 'gender', 'age_band', 'majority_status', 'majority_at_exploit', 'majority_entry', 'citizenship',
  'exploitation_country', 'citizenship_region', 'exploitation_region', 'traffick_months', 'recruiter_relationship', 'ip_gender',
  'ip_age_band', 'ip_citizen_region', 'ip_relation', 'ip_pay_money',
];
const INT = [
  'year_from', 'year_to',
  'means_debt_bondage', 'means_takes_earnings', 'means_restricts_financial_access', 'means_threats', 'means_psychological_abuse',
  'means_physical_abuse', 'means_sexual_abuse', 'means_false_promises', 'means_psychoactive_substances', 'means_restricts_movement',
  'means_restricts_medical_care', 'means_excessive_working_hours', 'means_uses_children', 'means_threat_of_law_enforcement',
  'means_withholds_necessities', 'means_withholds_documents', 'means_other', 'means_not_specified',
  'm24_debt_bondage_earnings', 'm24_threats', 'm24_abuse_psy_phy_sex', 'm24_false_promises', 'm24_drugs_alcohol',
  'm24_deny_basic_needs', 'm24_excessive_work_hours', 'm24_withhold_docs',
  'is_forced_labour', 'is_sexual_exploit', 'is_other_exploit', 'is_sex_and_labour', 'is_forced_marriage', 'is_forced_military',
  'is_organ_removal', 'is_slavery_and_practices',
  'labour_agriculture', 'labour_aquafarming', 'labour_begging', 'labour_construction', 'labour_domestic_work', 'labour_hospitality',
  'labour_illicit_activities', 'labour_manufacturing', 'labour_mining_or_drilling', 'labour_peddling', 'labour_transportation',
  'labour_other', 'labour_not_specified',
  'sex_prostitution', 'sex_pornography', 'sex_remote_interactive_services', 'sex_private_sexual_services', 'sex_other',
  'is_abduction',
  'recruiter_intimate_partner', 'recruiter_friend', 'recruiter_family', 'recruiter_other', 'recruiter_unknown',
  'ip_exploiter', 'ip_recruiter_broker', 'ip_transaction_process', 'ip_control_abuse_kidnap',
];

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day, not today's DB type
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('ctdc_datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_imported', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.references('users.id'))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  let records = db.schema
    .createTable('ctdc_records')
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('ctdc_datasets.id').onDelete('cascade'))
    .addColumn('line_no', 'integer', (c) => c.notNull());
  for (const name of TEXT) records = records.addColumn(name, 'text');
  for (const name of INT) records = records.addColumn(name, 'integer');
  await records.addPrimaryKeyConstraint('ctdc_records_pk', ['dataset_id', 'line_no']).execute();
}
