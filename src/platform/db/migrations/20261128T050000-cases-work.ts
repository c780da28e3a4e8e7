import type { Kysely } from 'kysely';
import type { MigrationDialect } from '../migration.js';

/**
 * Case work: the trafficking context and status decision on the case, perpetrators, children's safeguards
 * (guardians, best-interests assessments and determinations, family assessments), screenings, assessments,
 * notes, encrypted attachments and follow-up reminders.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>, _dialect: MigrationDialect): Promise<void> {
  const addToCases: Array<[string, string]> = [
    ['context_enc', 'text'],
    ['referral_enc', 'text'],
    ['vic_trafficking_status', 'text'],
    ['vic_status_decision_org', 'text'],
    ['vic_status_decided_by', 'text'],
    ['vic_status_decided_at', 'text'],
    ['risk_level', 'text'],
    ['next_due_on', 'text'],
    ['closure_note_enc', 'text'],
  ];
  for (const [name, type] of addToCases) {
    await db.schema.alterTable('cases').addColumn(name, type as 'text').execute();
  }
  await db.schema.createIndex('cases_office_due').on('cases').columns(['office_id', 'next_due_on']).execute();
  await db.schema.createIndex('cases_owner_status').on('cases').columns(['owner_id', 'cas_status', 'opened_at']).execute();
  await db.schema.createIndex('cases_number').on('cases').column('case_number').execute();

  const caseChild = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'));

  await caseChild('case_perpetrators')
    .addColumn('per_role_in_process', 'text', (c) => c.notNull())
    .addColumn('details_enc', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_guardians')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details_enc', 'text', (c) => c.notNull())
    .addColumn('appointed_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_best_interests_assessments')
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('child_heard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary_enc', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_best_interests_determinations')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('panel', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('rationale_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_family_assessments')
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('family_agrees', 'text', (c) => c.notNull())
    .addColumn('family_able', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_screenings')
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('list_version', 'text', (c) => c.notNull())
    .addColumn('is_child', 'integer', (c) => c.notNull())
    .addColumn('elements', 'text', (c) => c.notNull())
    .addColumn('indicators', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('screened_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_assessments')
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('safety', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('factors', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('assessed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_notes')
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_attachments')
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await caseChild('case_reminders')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('text_enc', 'text')
    .addColumn('assigned_to', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  for (const t of [
    'case_perpetrators',
    'case_guardians',
    'case_best_interests_assessments',
    'case_best_interests_determinations',
    'case_family_assessments',
    'case_screenings',
    'case_assessments',
    'case_notes',
    'case_attachments',
    'case_reminders',
  ]) {
    await db.schema.createIndex(`${t}_case`).on(t).column('case_id').execute();
  }
  await db.schema.createIndex('case_reminders_open').on('case_reminders').columns(['office_id', 'done_at', 'due_on']).execute();
}
