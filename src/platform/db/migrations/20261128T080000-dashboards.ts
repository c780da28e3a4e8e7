import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Dashboards: coded, non-identifying facts of each case (age band, exploitation, means of control, recruitment,
 * sector, country of exploitation), kept in the clear so figures are counted by grouped SQL without decrypting.
 * The facts are derived from the encrypted context by the dashboards module (a migration has no keys): it fills
 * them for every case whose `updated_at` is newer than its fact row, which is also the backfill of existing cases.
 * Indexes for the grouped queries and the cheap "has anything changed" check (max(updated_at)).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('case_facts')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text')
    .addColumn('recruitment_method', 'text')
    .addColumn('relationship', 'text')
    .addColumn('labour_sector', 'text')
    .addColumn('exploitation_country', 'text')
    .addColumn('months_exploited', 'integer')
    .addColumn('exploitation_codes', 'text')
    .addColumn('control_codes', 'text')
    .addColumn('source_updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_facts_source').on('case_facts').column('source_updated_at').execute();
  // Covering indexes: the grouped counts read the index only, never the rows.
  await db.schema
    .createIndex('case_facts_office_opened')
    .on('case_facts')
    .columns(['office_id', 'opened_at', 'age_band', 'labour_sector', 'exploitation_country', 'recruitment_method', 'relationship'])
    .execute();
  await db.schema
    .createTable('case_fact_codes')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    /** exploitation | control */
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_fact_codes_office').on('case_fact_codes').columns(['office_id', 'opened_at', 'dim', 'code']).execute();
  await db.schema.createIndex('case_fact_codes_case').on('case_fact_codes').column('case_id').execute();

  await db.schema.createIndex('cases_updated').on('cases').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('cases_dash_opened').on('cases').columns(['office_id', 'opened_at', 'prs_gender', 'is_child', 'source', 'prs_citizenship']).execute();
  await db.schema.createIndex('cases_dash_closed').on('cases').columns(['office_id', 'closed_at', 'prs_gender', 'is_child']).execute();
  await db.schema.createIndex('reports_dash_received').on('reports').columns(['office_id', 'received_at', 'reporter_role', 'state', 'closure_reason']).execute();
  await db.schema.createIndex('reports_updated').on('reports').column('updated_at').execute();
  await db.schema.createIndex('plan_services_dash_delivered').on('plan_services').columns(['office_id', 'delivered_on', 'service']).execute();
  await db.schema.createIndex('plan_services_case_delivered').on('plan_services').columns(['case_id', 'delivered_on']).execute();
  await db.schema.createIndex('plan_services_created').on('plan_services').column('created_at').execute();
  await db.schema.createIndex('referrals_office_date').on('referrals').columns(['office_id', 'referral_date']).execute();
  await db.schema.createIndex('referrals_updated').on('referrals').column('updated_at').execute();
  await db.schema.createIndex('case_solutions_updated').on('case_solutions').column('updated_at').execute();
  await db.schema.createIndex('reintegration_surveys_created').on('reintegration_surveys').column('created_at').execute();
}
