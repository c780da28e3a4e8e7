import { officeCaseStaff } from '../platform/auth/auth.repository.js';
import type { Executor } from '../platform/db/database.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { scopedCases, syncNextDue } from '../cases/index.js';
import type { PlanActionTable, PlanObjectiveTable, PlanServiceTable } from './plans.table.js';
import type { Insertable, Updateable } from 'kysely';

export function objectivesOf(db: Executor, caseId: string) {
  return db.selectFrom('plan_objectives').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export function actionsOf(db: Executor, caseId: string) {
  return db.selectFrom('plan_actions').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export function servicesOf(db: Executor, caseId: string) {
  return db.selectFrom('plan_services').selectAll().where('case_id', '=', caseId).orderBy('delivered_on', 'desc').orderBy('id', 'desc').execute();
}

export function servicesOfReferral(db: Executor, referralId: string) {
  return db.selectFrom('plan_services').selectAll().where('referral_id', '=', referralId).orderBy('delivered_on', 'desc').orderBy('id', 'desc').execute();
}

export function findObjective(db: Executor, caseId: string, id: string) {
  return db.selectFrom('plan_objectives').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export function findAction(db: Executor, caseId: string, id: string) {
  return db.selectFrom('plan_actions').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function insertObjective(db: Executor, row: Insertable<PlanObjectiveTable>): Promise<void> {
  await db.insertInto('plan_objectives').values(row).execute();
}

export async function insertAction(db: Executor, row: Insertable<PlanActionTable>): Promise<void> {
  await db.insertInto('plan_actions').values(row).execute();
  // The case's next due date counts plan actions too: kept in step by every write of an action, here.
  await syncNextDue(db, row.case_id);
}

export async function insertService(db: Executor, row: Insertable<PlanServiceTable>): Promise<void> {
  await db.insertInto('plan_services').values(row).execute();
}

/** Updates when the version still matches; false when someone else saved first. */
export async function updateObjective(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: Updateable<PlanObjectiveTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('plan_objectives')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateAction(db: Executor, { id, version, set }: { id: string; version: number; set: Updateable<PlanActionTable> }): Promise<boolean> {
  const r = await db
    .updateTable('plan_actions')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  const owner = await db.selectFrom('plan_actions').select('case_id').where('id', '=', id).executeTakeFirst();
  if (owner) await syncNextDue(db, owner.case_id);
  return true;
}

/** Staff of an office who can own plan actions (case workers and supervisors). */
export function officeStaff(db: Executor, officeId: string) {
  return officeCaseStaff(db, officeId);
}

/** Open actions due before `today` in the cases the user may read (same scope as the case lists), oldest first. */
export function overdueActionsFor(db: Executor, { user, today, opts = {} }: { user: AuthUser; today: string; opts?: { mine?: boolean; limit?: number } }) {
  let q = scopedCases(db, user)
    .innerJoin('plan_actions', 'plan_actions.case_id', 'cases.id')
    .select([
      'plan_actions.id',
      'plan_actions.case_id',
      'plan_actions.office_id',
      'plan_actions.action_type',
      'plan_actions.owner_id',
      'plan_actions.due_date',
      'plan_actions.reminded_at',
      'cases.case_number',
    ])
    .where('plan_actions.status', '=', 'open')
    .where('plan_actions.due_date', '<', today);
  if (opts.mine) q = q.where('plan_actions.owner_id', '=', user.id);
  return q
    .orderBy('plan_actions.due_date')
    .orderBy('plan_actions.id')
    .limit(opts.limit ?? 200)
    .execute();
}

/** Every open action overdue at `today` not yet reminded (all offices: the scheduled job's view). */
export function unremindedOverdue(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('plan_actions')
    .select(['id', 'office_id', 'case_id', 'owner_id', 'due_date'])
    .where('status', '=', 'open')
    .where('due_date', '<', today)
    .where('reminded_at', 'is', null)
    .orderBy('due_date')
    .limit(limit)
    .execute();
}

/** Display names of the given users, by id (the owners of plan actions). */
export async function userNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((u) => [u.id, u.display_name]));
}

/** Marks an overdue action as reminded, once: false when another pass reminded it first. */
export async function markReminded(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('plan_actions').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findService(db: Executor, caseId: string, serviceId: string) {
  return db.selectFrom('plan_services').selectAll().where('id', '=', serviceId).where('case_id', '=', caseId).executeTakeFirst();
}

/** Corrects or withdraws a service at the version read; false when someone changed it meanwhile. */
export async function updateService(db: Executor, { id, version, set }: { id: string; version: number; set: Updateable<PlanServiceTable> }): Promise<boolean> {
  const r = await db
    .updateTable('plan_services')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
