import type { Insertable, Updateable } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { officeCaseStaff } from '../platform/auth/auth.repository.js';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import { scopedCases } from '../cases/index.js';
import type { CaseSolutionTable, ReturnRiskAssessmentTable, SolutionStepTable } from './solutions.table.js';

/* The queries on a case's durable solution: its row, the joint risk assessment, its steps, and the people around it. */

export function findSolution(db: Executor, caseId: string) {
  return db.selectFrom('case_solutions').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertSolution(db: Executor, row: Insertable<CaseSolutionTable>): Promise<void> {
  await db.insertInto('case_solutions').values(row).execute();
}

/** Applies a change only to the version read; false when someone saved first. */
export async function updateSolutionChecked(
  db: Executor,
  opts: { id: string; version: number; patch: Omit<Updateable<CaseSolutionTable>, 'id' | 'version'> },
): Promise<boolean> {
  const r = await db
    .updateTable('case_solutions')
    .set({ ...opts.patch, version: opts.version + 1, updated_at: nowIso() })
    .where('id', '=', opts.id)
    .where('version', '=', opts.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Whether an office already has a durable solution (the demo seeds one once). */
export async function officeHasSolution(db: Executor, officeId: string): Promise<boolean> {
  return (await db.selectFrom('case_solutions').select('id').where('office_id', '=', officeId).executeTakeFirst()) !== undefined;
}

export function findAssessment(db: Executor, caseId: string) {
  return db.selectFrom('return_risk_assessments').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertAssessment(db: Executor, row: Insertable<ReturnRiskAssessmentTable>): Promise<void> {
  await db.insertInto('return_risk_assessments').values(row).execute();
}

export async function updateAssessmentChecked(
  db: Executor,
  opts: { id: string; version: number; patch: Omit<Updateable<ReturnRiskAssessmentTable>, 'id' | 'version'> },
): Promise<boolean> {
  const r = await db
    .updateTable('return_risk_assessments')
    .set({ ...opts.patch, version: opts.version + 1, updated_at: nowIso() })
    .where('id', '=', opts.id)
    .where('version', '=', opts.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertStep(db: Executor, row: Insertable<SolutionStepTable>): Promise<void> {
  await db.insertInto('solution_steps').values(row).execute();
}

export function findStep(db: Executor, opts: { id: string; caseId: string; officeId: string }) {
  return db
    .selectFrom('solution_steps')
    .select(['id', 'track', 'step'])
    .where('id', '=', opts.id)
    .where('case_id', '=', opts.caseId)
    .where('office_id', '=', opts.officeId)
    .executeTakeFirst();
}

/** The solution's steps with their plan action (description still sealed). */
export function listSteps(db: Executor, record: { id: string; office_id: string }) {
  return db
    .selectFrom('solution_steps')
    .innerJoin('plan_actions', 'plan_actions.id', 'solution_steps.id')
    .select([
      'solution_steps.id',
      'solution_steps.track',
      'solution_steps.step',
      'plan_actions.description_enc',
      'plan_actions.due_date',
      'plan_actions.status',
      'plan_actions.completed_at',
      'plan_actions.owner_id',
      'plan_actions.version',
    ])
    .where('solution_steps.office_id', '=', record.office_id)
    .where('solution_steps.case_id', '=', record.id)
    .orderBy('plan_actions.due_date')
    .orderBy('solution_steps.created_at')
    .execute();
}

/** Staff who can own a case in an office (case workers and supervisors). */
export function caseWorkersOf(db: Executor, officeId: string) {
  return officeCaseStaff(db, officeId);
}

export async function isCaseWorkerOf(db: Executor, userId: string, officeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.user_id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.office_id', '=', officeId)
    .where('memberships.role', 'in', ['case_worker', 'supervisor'])
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function userName(db: Executor, id: string | null): Promise<string> {
  if (!id) return '';
  return (await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? '';
}

/**
 * Cases the user works whose reintegration plan is late (arrived before `arrivedBefore` without a plan), with
 * the case scope applied in SQL.
 */
export function latePlans(db: Executor, user: AuthUser, arrivedBefore: string) {
  return scopedCases(db, user)
    .innerJoin('case_solutions', 'case_solutions.case_id', 'cases.id')
    .leftJoin('reintegration_plans', 'reintegration_plans.case_id', 'cases.id')
    .select(['cases.id', 'cases.case_number', 'case_solutions.arrived_on'])
    .where('case_solutions.arrived_on', 'is not', null)
    .where('case_solutions.arrived_on', '<', arrivedBefore)
    .where('reintegration_plans.id', 'is', null)
    .where('cases.cas_status', 'not in', ['Closed', 'ClosedReferred'])
    .orderBy('case_solutions.arrived_on')
    .limit(200)
    .execute();
}

/** Every office's solutions whose plan is late and not reminded yet (the reminder job). */
export function unremindedLatePlans(db: Executor, arrivedBefore: string) {
  return db
    .selectFrom('case_solutions')
    .leftJoin('reintegration_plans', 'reintegration_plans.case_id', 'case_solutions.case_id')
    .select(['case_solutions.id', 'case_solutions.case_id', 'case_solutions.office_id', 'case_solutions.arrived_on'])
    .where('case_solutions.arrived_on', 'is not', null)
    .where('case_solutions.arrived_on', '<', arrivedBefore)
    .where('case_solutions.plan_reminded_at', 'is', null)
    .where('reintegration_plans.id', 'is', null)
    .limit(500)
    .execute();
}

export async function markPlanReminded(db: Executor, solutionId: string): Promise<void> {
  await db.updateTable('case_solutions').set({ plan_reminded_at: nowIso() }).where('id', '=', solutionId).execute();
}

export function findRiskSettings(db: Executor, officeId: string) {
  return db.selectFrom('return_risk_settings').selectAll().where('office_id', '=', officeId).executeTakeFirst();
}

/** Sets an office's thresholds: inserts the first row, or updates the row of `version`; false when it is stale. */
export async function saveRiskSettings(
  db: Executor,
  row: { office_id: string; medium_from: number; high_from: number; updated_by: string; updated_at: string },
  version: number | undefined,
): Promise<boolean> {
  if (version === undefined) {
    const existing = await findRiskSettings(db, row.office_id);
    if (existing) return false;
    await db.insertInto('return_risk_settings').values(row).execute();
    return true;
  }
  const r = await db
    .updateTable('return_risk_settings')
    .set({ medium_from: row.medium_from, high_from: row.high_from, updated_by: row.updated_by, updated_at: row.updated_at, version: version + 1 })
    .where('office_id', '=', row.office_id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
