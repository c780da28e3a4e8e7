import type { Insertable, Updateable } from 'kysely';
import { scopedCases } from '../cases/index.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { LIVE_STATUSES } from './referrals.schema.js';
import type { ReferralTable } from './referrals.table.js';

export function findReferral(db: Executor, id: string) {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A case's referrals, newest first (the organisations' names come from the offices feature). */
export function referralsOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The live outgoing referrals of the partner's organisations: the scope of the partner portal, in SQL. */
export function liveReferralsFor(db: Executor, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('referrals')
    .select(['id', 'office_id', 'organisation_id', 'service', 'status', 'referral_date', 'respond_by', 'version'])
    .where('direction', '=', 'outgoing')
    .where('organisation_id', 'in', organisationIds)
    .where('status', 'in', LIVE_STATUSES)
    .orderBy('referral_date', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function insertReferral(db: Executor, row: Insertable<ReferralTable>): Promise<void> {
  await db.insertInto('referrals').values(row).execute();
}

/** Changes a referral only from the status and version the caller saw: no lost update, no double transition. */
export async function updateReferral(
  db: Executor,
  { id, version, fromStatus, set }: { id: string; version: number; fromStatus: string; set: Updateable<ReferralTable> },
): Promise<boolean> {
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

/** Marks a referral's follow-up as raised, once: false when another pass raised it first. */
export async function markFollowUpDue(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('referrals').set({ follow_up_at: at }).where('id', '=', id).where('follow_up_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The oldest case a user owns in an office, whole (the demo's case). */
export function firstCaseOwnedBy(db: Executor, officeId: string, ownerId: string) {
  return db.selectFrom('cases').selectAll().where('office_id', '=', officeId).where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').executeTakeFirst();
}

/** The case's owner (whom a partner's message also tells). */
export async function caseOwnerOf(db: Executor, caseId: string): Promise<string | null> {
  return (await db.selectFrom('cases').select('owner_id').where('id', '=', caseId).executeTakeFirst())?.owner_id ?? null;
}

export async function caseHasReferrals(db: Executor, caseId: string): Promise<boolean> {
  return (await db.selectFrom('referrals').select('id').where('case_id', '=', caseId).executeTakeFirst()) !== undefined;
}

/** Outgoing referrals still waiting for the partner's answer, in the cases the user may read (for "my work"). */
export async function waitingReferrals(db: Executor, user: AuthUser, opts: { mine: boolean; limit: number; today: string }) {
  const base = () => {
    let q = scopedCases(db, user)
      .innerJoin('referrals', 'referrals.case_id', 'cases.id')
      .where('referrals.direction', '=', 'outgoing')
      .where('referrals.status', '=', 'pending');
    if (opts.mine) q = q.where('cases.owner_id', '=', user.id);
    return q;
  };
  const [count, overdue, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base()
      .where('referrals.respond_by', '<', opts.today)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    base()
      .select([
        'referrals.id',
        'referrals.case_id',
        'cases.case_number',
        'referrals.organisation_id',
        'referrals.service',
        'referrals.referral_date',
        'referrals.respond_by',
      ])
      // Past their deadline first, then the soonest due; those without a deadline by age.
      .orderBy((eb) => eb.fn.coalesce('referrals.respond_by', 'referrals.referral_date'))
      .orderBy('referrals.referral_date')
      .orderBy('referrals.id')
      .limit(opts.limit)
      .execute(),
  ]);
  return { count: Number(count?.n ?? 0), overdue: Number(overdue?.n ?? 0), rows };
}
