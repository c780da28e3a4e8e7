import type { Kysely } from 'kysely';

/**
 * A referral between people (issue 21, point 6): the named contact on each side (a staff member of the office, a
 * user of the partner organisation), the day an answer is due, and a thread of short messages between the case
 * worker and the partner. A message's text is sealed under the office's key like every other free text of a case;
 * the rows carry the case and the office so that a hand-over re-seals and moves them with the case.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').addColumn('staff_contact_id', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('partner_contact_id', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('respond_by', 'text').execute();
  await db.schema
    .createTable('referral_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referral_messages_referral').on('referral_messages').columns(['referral_id', 'created_at']).execute();
  await db.schema.createIndex('referral_messages_case').on('referral_messages').column('case_id').execute();
}
