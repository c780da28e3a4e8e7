import type { Insertable } from 'kysely';
import { officeCaseStaff } from '../platform/auth/auth.repository.js';
import type { Executor } from '../platform/db/database.js';
import type { ReferralMessageTable } from './referrals.table.js';

/*
 * The people of a referral and its message thread: who may be named as a contact on each side, their display
 * names, and the messages (sealed text, read in the order written).
 */

/** The office's staff who may be named as the referral's contact: its active case workers and supervisors. */
export function officeContacts(db: Executor, officeId: string) {
  return officeCaseStaff(db, officeId);
}

/** The partner organisation's active users, who may be named as its contact for a referral. */
export function organisationContacts(db: Executor, organisationId: string) {
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .where('memberships.organisation_id', '=', organisationId)
    .where('memberships.role', '=', 'partner')
    .where('users.active', '=', 1)
    .distinct()
    .orderBy('users.display_name')
    .execute();
}

/** Display names by user id (the contacts and the authors of messages). */
export async function displayNames(db: Executor, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((u) => [u.id, u.display_name]));
}

/** Names the partner's contact, once: the first to accept becomes it unless someone was named before. */
export async function setPartnerContactIfNone(db: Executor, referralId: string, userId: string): Promise<void> {
  await db.updateTable('referrals').set({ partner_contact_id: userId }).where('id', '=', referralId).where('partner_contact_id', 'is', null).execute();
}

export async function setPartnerContact(db: Executor, referralId: string, userId: string): Promise<void> {
  await db.updateTable('referrals').set({ partner_contact_id: userId }).where('id', '=', referralId).execute();
}

export async function insertMessage(db: Executor, row: Insertable<ReferralMessageTable>): Promise<void> {
  await db.insertInto('referral_messages').values(row).execute();
}

/** A referral's messages, oldest first (a thread is short: capped). */
export function messagesOf(db: Executor, referralId: string) {
  return db.selectFrom('referral_messages').selectAll().where('referral_id', '=', referralId).orderBy('created_at').orderBy('id').limit(500).execute();
}
