import type { Executor } from '../platform/db/database.js';
import type { NotificationRow, OfficeClockRow, OutboxRow, PreferenceRow } from './notifications.table.js';

/*
 * Every query of the notifications feature: the in-app list, preferences, the outbox, and who is to be told
 * (people by role in an office, a partner organisation's users, the national inbox's operators).
 */

/** Active users holding one of the roles in the office, or everywhere (a membership without an office). */
export async function officeRoleHolders(db: Executor, officeId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .distinct()
    .where('users.active', '=', 1)
    .where('memberships.role', 'in', [...roles])
    .where((eb) => eb.or([eb('memberships.office_id', '=', officeId), eb('memberships.office_id', 'is', null)]))
    .execute();
  return rows.map((r) => r.id);
}

/** Those of the given users who are active and hold one of the roles in the office (or everywhere). */
export async function officeRoleHoldersAmong(
  db: Executor,
  { userIds, officeId, roles }: { userIds: readonly string[]; officeId: string; roles: readonly string[] },
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .distinct()
    .where('users.id', 'in', [...userIds])
    .where('users.active', '=', 1)
    .where('memberships.role', 'in', [...roles])
    .where((eb) => eb.or([eb('memberships.office_id', '=', officeId), eb('memberships.office_id', 'is', null)]))
    .execute();
  return rows.map((r) => r.id);
}

/** Active users holding one of the roles without an office (roles held everywhere). */
export async function globalRoleHolders(db: Executor, roles: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .distinct()
    .where('users.active', '=', 1)
    .where('memberships.role', 'in', [...roles])
    .where('memberships.office_id', 'is', null)
    .where('memberships.role', '<>', 'partner')
    .execute();
  return rows.map((r) => r.id);
}

/** The active operators an administrator gave the national inbox to. */
export async function inboxOperators(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('report_inbox_operators')
    .innerJoin('users', 'users.id', 'report_inbox_operators.user_id')
    .select('users.id')
    .where('users.active', '=', 1)
    .execute();
  return rows.map((r) => r.id);
}

/** The active users acting for a partner organisation. */
export async function partnerUsers(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .distinct()
    .where('users.active', '=', 1)
    .where('memberships.role', '=', 'partner')
    .where('memberships.organisation_id', '=', organisationId)
    .execute();
  return rows.map((r) => r.id);
}

export async function activeUserIds(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...ids])
    .where('active', '=', 1)
    .execute();
  return rows.map((r) => r.id);
}

export async function preferencesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, PreferenceRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}

export async function savePreferences(db: Executor, userId: string, set: { muted: string; delivery: string; updated_at: string }): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...set, last_digest_on: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ muted: set.muted, delivery: set.delivery, updated_at: set.updated_at }))
    .execute();
}

export async function insertNotifications(db: Executor, rows: Array<Omit<NotificationRow, 'read_at'>>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(rows.map((r) => ({ ...r, read_at: null })))
    .execute();
}

/** Whether the user already has an immediate mail waiting its first try: a new notification rides with it. */
export async function hasFreshImmediate(db: Executor, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('notification_outbox')
    .select('id')
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .where('kind', '=', 'immediate')
    .where('attempts', '=', 0)
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertOutbox(db: Executor, row: Pick<OutboxRow, 'id' | 'user_id' | 'kind' | 'items' | 'next_attempt_at' | 'created_at'>): Promise<void> {
  await db
    .insertInto('notification_outbox')
    .values({ ...row, status: 'pending', attempts: 0, last_error: null, sent_at: null })
    .execute();
}

export function dueOutbox(db: Executor, now: string, limit: number) {
  return db
    .selectFrom('notification_outbox')
    .innerJoin('users', 'users.id', 'notification_outbox.user_id')
    .select([
      'notification_outbox.id',
      'notification_outbox.user_id',
      'notification_outbox.kind',
      'notification_outbox.items',
      'notification_outbox.attempts',
      'users.email',
      'users.locale',
      'users.active',
    ])
    .where('notification_outbox.status', '=', 'pending')
    .where('notification_outbox.next_attempt_at', '<=', now)
    .orderBy('notification_outbox.next_attempt_at')
    .orderBy('notification_outbox.id')
    .limit(limit)
    .execute();
}

/** Moves a pending outbox row on (sent, retried later, failed, cancelled); false when another worker moved it first. */
export async function settleOutbox(
  db: Executor,
  { id, attempts, set }: { id: string; attempts: number; set: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_error' | 'sent_at'>> },
): Promise<boolean> {
  const r = await db
    .updateTable('notification_outbox')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function outboxCounts(db: Executor) {
  return db
    .selectFrom('notification_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
}

export function listNotifications(db: Executor, userId: string, limit: number) {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findNotification(db: Executor, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function markRead(db: Executor, { userId, ids, at }: { userId: string; ids: readonly string[] | 'all'; at: string }): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', [...ids]);
  }
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/** People with notifications waiting for the digest, with their time zone and when they last had one. */
export function digestCandidates(db: Executor) {
  return db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .leftJoin('notification_preferences', 'notification_preferences.user_id', 'notifications.user_id')
    .select(['notifications.user_id', 'users.time_zone', 'notification_preferences.last_digest_on', (eb) => eb.fn.countAll<number>().as('n')])
    .where('notifications.mail_state', '=', 'digest')
    .groupBy(['notifications.user_id', 'users.time_zone', 'notification_preferences.last_digest_on'])
    .execute();
}

/** Marks the user's waiting digest notifications as digested; returns how many (0 when another pass took them). */
export async function takeDigest(db: Executor, userId: string): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ mail_state: 'digested' })
    .where('user_id', '=', userId)
    .where('mail_state', '=', 'digest')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function setLastDigest(db: Executor, { userId, day, at }: { userId: string; day: string; at: string }): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, delivery: 'digest', last_digest_on: day, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_digest_on: day }))
    .execute();
}

export async function escalatedAmong(db: Executor, reportIds: readonly string[]): Promise<Map<string, string>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('report_escalations')
    .select(['report_id', 'escalated_at'])
    .where('report_id', 'in', [...reportIds])
    .execute();
  return new Map(rows.map((r) => [r.report_id, r.escalated_at]));
}

export function officeClocks(db: Executor): Promise<OfficeClockRow[]> {
  return db.selectFrom('office_clocks').selectAll().execute();
}

/** Deletes settled outbox rows and read notifications older than the given times; returns how many rows went. */
export async function purgeOld(db: Executor, opts: { outboxBefore: string; readBefore: string; unreadBefore: string }): Promise<number> {
  const a = await db.deleteFrom('notification_outbox').where('status', '<>', 'pending').where('created_at', '<', opts.outboxBefore).executeTakeFirst();
  const b = await db
    .deleteFrom('notifications')
    .where((eb) => eb.or([eb.and([eb('read_at', 'is not', null), eb('created_at', '<', opts.readBefore)]), eb('created_at', '<', opts.unreadBefore)]))
    .where('mail_state', '<>', 'digest')
    .executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}

/** A person who no longer wants the digest: what waited for it stays in the app only. */
export async function dropDigest(db: Executor, userId: string): Promise<void> {
  await db.updateTable('notifications').set({ mail_state: 'none' }).where('user_id', '=', userId).where('mail_state', '=', 'digest').execute();
}
