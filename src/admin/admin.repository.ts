import type { Executor } from '../platform/db/database.js';
import type { NewOffice, NewOrganisation } from '../platform/platform.table.js';

export function listOffices(db: Executor) {
  return db.selectFrom('offices').selectAll().orderBy('code').execute();
}

export function findOffice(db: Executor, id: string) {
  return db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOfficeByCode(db: Executor, code: string) {
  return db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertOffice(db: Executor, office: NewOffice): Promise<void> {
  await db.insertInto('offices').values(office).execute();
}

/** Updates only when the version matches; returns false when someone saved first. */
export async function updateOffice(
  db: Executor,
  id: string,
  version: number,
  set: { name: string; country: string; languages: string; time_zone: string; updated_at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('offices')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listOrganisations(db: Executor) {
  return db.selectFrom('organisations').selectAll().orderBy('org_name').execute();
}

export function findOrganisation(db: Executor, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganisation(db: Executor, org: NewOrganisation): Promise<void> {
  await db.insertInto('organisations').values(org).execute();
}

export async function updateOrganisation(db: Executor, id: string, version: number, set: Partial<NewOrganisation>): Promise<boolean> {
  const r = await db
    .updateTable('organisations')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

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
