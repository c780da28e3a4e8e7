import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ShareScope } from './solutions.policy.js';

export function findSolution(db: Executor, caseId: string) {
  return db.selectFrom('case_solutions').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export function findAssessment(db: Executor, caseId: string) {
  return db.selectFrom('return_risk_assessments').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export function listActions(db: Executor, officeId: string, caseId: string) {
  return db.selectFrom('solution_actions').selectAll().where('office_id', '=', officeId).where('case_id', '=', caseId).orderBy('due_on').orderBy('created_at').execute();
}

export function listHandovers(db: Executor, caseId: string) {
  return db.selectFrom('case_handovers').selectAll().where('case_id', '=', caseId).orderBy('requested_at', 'desc').execute();
}

export function findPlan(db: Executor, officeId: string, caseId: string) {
  return db.selectFrom('reintegration_plans').selectAll().where('office_id', '=', officeId).where('case_id', '=', caseId).executeTakeFirst();
}

export function listSurveys(db: Executor, officeId: string, caseId: string) {
  return db.selectFrom('reintegration_surveys').selectAll().where('office_id', '=', officeId).where('case_id', '=', caseId).orderBy('taken_on').orderBy('created_at').execute();
}

/** The scopes an office set holds on a case right now (not revoked, not expired), in SQL. */
export async function activeShareScopes(db: Executor, caseId: string, officeIds: string[] | 'all'): Promise<ShareScope[]> {
  if (officeIds !== 'all' && officeIds.length === 0) return [];
  const now = nowIso();
  let q = db
    .selectFrom('case_shares')
    .select('scope')
    .where('case_id', '=', caseId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]));
  if (officeIds !== 'all') q = q.where('office_id', 'in', officeIds);
  return (await q.execute()).map((r) => r.scope as ShareScope);
}

/** Cases shared with the user's offices (for their list), scope applied in SQL. */
export function sharedWithOffices(db: Executor, officeIds: string[]) {
  const now = nowIso();
  return db
    .selectFrom('case_shares')
    .innerJoin('cases', 'cases.id', 'case_shares.case_id')
    .select(['cases.id as case_id', 'cases.case_number', 'case_shares.scope', 'case_shares.until', 'case_shares.office_id'])
    .where('case_shares.office_id', 'in', officeIds)
    .where('case_shares.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('case_shares.until', 'is', null), eb('case_shares.until', '>', now)]))
    .orderBy('case_shares.created_at', 'desc')
    .limit(200)
    .execute();
}

export function incomingHandovers(db: Executor, officeIds: string[]) {
  return db
    .selectFrom('case_handovers')
    .innerJoin('cases', 'cases.id', 'case_handovers.case_id')
    .innerJoin('offices', 'offices.id', 'case_handovers.office_id')
    .select(['case_handovers.id', 'case_handovers.case_id', 'case_handovers.requested_at', 'case_handovers.to_office_id', 'cases.case_number', 'cases.is_child', 'offices.name as from_office'])
    .where('case_handovers.to_office_id', 'in', officeIds)
    .where('case_handovers.status', '=', 'pending')
    .orderBy('case_handovers.requested_at')
    .limit(200)
    .execute();
}

/** Staff who can own a case in an office (case workers and supervisors). */
export function caseWorkersOf(db: Executor, officeId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.display_name'])
    .where('memberships.office_id', '=', officeId)
    .where('memberships.role', 'in', ['case_worker', 'supervisor'])
    .distinct()
    .orderBy('users.display_name')
    .execute();
}

export function officesList(db: Executor) {
  return db.selectFrom('offices').select(['id', 'name', 'code', 'country']).orderBy('name').execute();
}
