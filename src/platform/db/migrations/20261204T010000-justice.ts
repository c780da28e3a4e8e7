import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Justice and protection (issue 18): legal status on a case (reflection period, residence permits, protection
 * statuses, removal or detention risk, the decision to cooperate or not), proceedings shared by several cases,
 * their hearings and protection measures, compensation claims, non-punishment requests, and what was shared with
 * police, prosecutors or courts. The kinds of status are configuration per office; the defaults (office_id null)
 * are seeded here.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  const base = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'));

  await db.schema
    .createTable('justice_status_kinds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('default_days', 'integer')
    .addColumn('warn_days', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_status_kinds_office').on('justice_status_kinds').columns(['office_id', 'code']).execute();
  const now = new Date().toISOString();
  // The defaults every office starts with: CoE Convention art. 13 (reflection, at least 30 days), art. 14 (renewable
  // residence permit), Directive 2004/81/EC (permit for victims who cooperate), international and humanitarian
  // protection, and the United States' Continued Presence and T visa. Offices add their own kinds.
  const defaults: Array<[string, string, number | null, number]> = [
    ['reflection_period', 'reflection', 30, 7],
    ['recovery_period_extended', 'reflection', 90, 14],
    ['residence_victim', 'permit', 365, 60],
    ['residence_cooperation', 'permit', 180, 45],
    ['international_protection', 'permit', null, 60],
    ['humanitarian_residence', 'permit', 365, 60],
    ['continued_presence', 'permit', 730, 90],
    ['t_visa', 'permit', 1460, 120],
  ];
  for (const [i, [code, category, days, warn]] of defaults.entries()) {
    await db
      .insertInto('justice_status_kinds')
      .values({
        id: `00000000-0000-7000-8018-${String(i + 1).padStart(12, '0')}`,
        office_id: null,
        code,
        category,
        label: null,
        default_days: days,
        warn_days: warn,
        active: 1,
        created_at: now,
      })
      .execute();
  }

  await db.schema
    .createTable('justice_profiles')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id').onDelete('cascade'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('cooperation', 'text', (c) => c.notNull())
    .addColumn('cooperation_on', 'text')
    .addColumn('risk', 'text', (c) => c.notNull())
    .addColumn('risk_action_enc', 'text')
    .addColumn('risk_reviewed_on', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await base('justice_statuses')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind_code', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applied_on', 'text')
    .addColumn('start_on', 'text')
    .addColumn('end_on', 'text')
    .addColumn('granted_by_enc', 'text')
    .addColumn('reference_enc', 'text')
    .addColumn('renewal_enc', 'text')
    .addColumn('warn_days', 'integer', (c) => c.notNull())
    .addColumn('warned_at', 'text')
    .addColumn('ended_notice_at', 'text')
    .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_statuses_case').on('justice_statuses').column('case_id').execute();
  await db.schema.createIndex('justice_statuses_due').on('justice_statuses').columns(['status', 'end_on']).execute();

  await base('justice_proceedings')
    .addColumn('share_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('court', 'text')
    .addColumn('reference_enc', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('complaint_on', 'text')
    .addColumn('investigation_on', 'text')
    .addColumn('indictment_on', 'text')
    .addColumn('trial_on', 'text')
    .addColumn('verdict_on', 'text')
    .addColumn('appeal_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('justice_proceedings_share_code').on('justice_proceedings').column('share_code').unique().execute();

  await base('justice_case_proceedings')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('justice_proceedings.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('testified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('legal_referral_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_case_proceedings_pair').on('justice_case_proceedings').columns(['case_id', 'proceeding_id']).unique().execute();
  await db.schema.createIndex('justice_case_proceedings_proceeding').on('justice_case_proceedings').columns(['proceeding_id', 'office_id']).execute();

  await base('justice_hearings')
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('justice_proceedings.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_hearings_proceeding').on('justice_hearings').columns(['proceeding_id', 'office_id', 'held_on']).execute();

  await base('justice_hearing_people')
    .addColumn('hearing_id', 'text', (c) => c.notNull().references('justice_hearings.id').onDelete('cascade'))
    .addColumn('link_id', 'text', (c) => c.notNull().references('justice_case_proceedings.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('must_attend', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('support_person_enc', 'text')
    .addColumn('interpreter', 'text')
    .addColumn('guardian_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_hearing_people_pair').on('justice_hearing_people').columns(['hearing_id', 'link_id']).unique().execute();

  await base('justice_measures')
    .addColumn('link_id', 'text', (c) => c.notNull().references('justice_case_proceedings.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('by_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_measures_link').on('justice_measures').column('link_id').execute();

  await base('justice_compensation')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('proceeding_id', 'text', (c) => c.references('justice_proceedings.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('claimed_minor', 'bigint', (c) => c.notNull())
    .addColumn('awarded_minor', 'bigint')
    .addColumn('received_minor', 'bigint')
    .addColumn('claimed_on', 'text', (c) => c.notNull())
    .addColumn('awarded_on', 'text')
    .addColumn('received_on', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_compensation_case').on('justice_compensation').column('case_id').execute();

  await base('justice_non_punishment')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('offence', 'text', (c) => c.notNull())
    .addColumn('details_enc', 'text')
    .addColumn('request_kind', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_non_punishment_case').on('justice_non_punishment').column('case_id').execute();

  await base('justice_disclosures')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('proceeding_id', 'text', (c) => c.references('justice_proceedings.id').onDelete('set null'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('shared_on', 'text', (c) => c.notNull())
    .addColumn('what_enc', 'text', (c) => c.notNull())
    .addColumn('consent_overridden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('justice_disclosures_case').on('justice_disclosures').column('case_id').execute();
}
