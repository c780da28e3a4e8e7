import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';

/** Accounts waiting after failures, or with failures counted, in the administrator's scope. */
export function lockedAccounts(db: Executor, scope: string[] | 'all', threshold: number) {
  let q = db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'failed_logins', 'locked_until'])
    .where((eb) => eb.or([eb('locked_until', '>', nowIso()), eb('failed_logins', '>=', threshold)]));
  if (scope !== 'all') {
    if (scope.length === 0) return Promise.resolve([]);
    q = q.where('id', 'in', db.selectFrom('memberships').select('memberships.user_id').where('memberships.office_id', 'in', scope));
  }
  return q.orderBy('locked_until', 'desc').limit(500).execute();
}

export async function clearAccountLockout(db: Executor, userId: string): Promise<number> {
  const r = await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
