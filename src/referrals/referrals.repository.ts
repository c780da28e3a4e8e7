import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { LIVE_STATUSES } from './referrals.schema.js';
import type { ReferralTable } from './referrals.table.js';

export function findReferral(db: Executor, id: string) {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function referralsOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('referrals')
    .innerJoin('organisations', 'organisations.id', 'referrals.organisation_id')
    .selectAll('referrals')
    .select('organisations.org_name')
    .where('referrals.case_id', '=', caseId)
    .orderBy('referrals.created_at', 'desc')
    .orderBy('referrals.id', 'desc')
    .execute();
}

/** The live outgoing referrals of the partner's organisations: the scope of the partner portal, in SQL. */
export function liveReferralsFor(db: Executor, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('referrals')
    .innerJoin('organisations', 'organisations.id', 'referrals.organisation_id')
    .innerJoin('offices', 'offices.id', 'referrals.office_id')
    .select([
      'referrals.id',
      'referrals.organisation_id',
      'referrals.service',
      'referrals.status',
      'referrals.referral_date',
      'referrals.version',
      'organisations.org_name',
      'offices.name as office_name',
    ])
    .where('referrals.direction', '=', 'outgoing')
    .where('referrals.organisation_id', 'in', organisationIds)
    .where('referrals.status', 'in', LIVE_STATUSES)
    .orderBy('referrals.referral_date', 'desc')
    .orderBy('referrals.id', 'desc')
    .limit(500)
    .execute();
}

export async function insertReferral(db: Executor, row: Insertable<ReferralTable>): Promise<void> {
  await db.insertInto('referrals').values(row).execute();
}

/** Changes a referral only from the status and version the caller saw: no lost update, no double transition. */
export async function updateReferral(db: Executor, id: string, version: number, fromStatus: string, set: Updateable<ReferralTable>): Promise<boolean> {
  const r = await db
    .updateTable('referrals')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending outgoing referrals made before `before` without a follow-up reminder yet. */
export function unansweredReferrals(db: Executor, before: string, limit: number) {
  return db
    .selectFrom('referrals')
    .select(['id', 'office_id', 'case_id', 'organisation_id'])
    .where('direction', '=', 'outgoing')
    .where('status', '=', 'pending')
    .where('referral_date', '<', before)
    .where('follow_up_at', 'is', null)
    .orderBy('referral_date')
    .limit(limit)
    .execute();
}
