import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';

/** Users with their roles, limited in SQL to the offices the administrator manages. */
export async function listUsers(db: Executor, scope: string[] | 'all') {
  let q = db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name', 'users.active', 'users.totp_enabled_at', 'users.last_sign_in_at', 'users.locked_until']);
  if (scope !== 'all') {
    if (scope.length === 0) return [];
    q = q.where('users.id', 'in', db.selectFrom('memberships').select('memberships.user_id').where('memberships.office_id', 'in', scope));
  }
  const users = await q.orderBy('users.display_name').execute();
  if (users.length === 0) return [];
  const memberships = await db
    .selectFrom('memberships')
    .leftJoin('offices', 'offices.id', 'memberships.office_id')
    .leftJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['memberships.user_id', 'memberships.role', 'offices.code as office_code', 'organisations.org_name'])
    .where(
      'memberships.user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  return users.map((u) => ({ ...u, memberships: memberships.filter((m) => m.user_id === u.id) }));
}

/** The fields an administrator edits on a user; false when the user changed since `expectedVersion` was read. */
export async function updateUserDetails(
  db: Executor,
  id: string,
  change: { displayName: string; email: string; locale: string; timeZone: string; organisationId: string | null; version: number; expectedVersion: number },
): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({
      display_name: change.displayName,
      email: change.email,
      locale: change.locale,
      time_zone: change.timeZone,
      organisation_id: change.organisationId,
      version: change.version,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('version', '=', change.expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setUserActive(db: Executor, id: string, active: boolean): Promise<void> {
  await db.updateTable('users').set({ active: active ? 1 : 0, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** Clears the password, the second factor, the lockout and the recovery codes. */
export async function clearCredentials(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: null, totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null, failed_logins: 0, locked_until: null, updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
}
