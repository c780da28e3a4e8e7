import type { Executor } from '../platform/db/database.js';

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
