import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { CaseBestInterestsAssessmentTable, CaseBestInterestsDeterminationTable, CaseFamilyAssessmentTable, CaseGuardianTable } from './cases.table.js';

/* Every query on a child's safeguards: guardians, best-interests assessments and determinations, family assessments. */

export async function hasActiveGuardian(db: Executor, caseId: string): Promise<boolean> {
  return (await db.selectFrom('case_guardians').select('id').where('case_id', '=', caseId).where('ended_on', 'is', null).executeTakeFirst()) !== undefined;
}

/** The latest reviewed determination about a durable solution: a later rejection withdraws an approval. */
export function latestDurableSolutionDetermination(db: Executor, caseId: string) {
  return db
    .selectFrom('case_best_interests_determinations')
    .select(['status'])
    .where('case_id', '=', caseId)
    .where('question', '=', 'durable_solution')
    .where('status', 'in', ['approved', 'rejected'])
    .orderBy('reviewed_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function hasFamilyAssessment(db: Executor, caseId: string): Promise<boolean> {
  return (await db.selectFrom('case_family_assessments').select('id').where('case_id', '=', caseId).executeTakeFirst()) !== undefined;
}

export async function insertGuardian(db: Executor, row: Insertable<CaseGuardianTable>): Promise<void> {
  await db.insertInto('case_guardians').values(row).execute();
}

/** Ends a guardian's appointment at this version: 'ended', 'missing' (no such guardian on the case) or 'stale'. */
export async function endGuardianRow(db: Executor, opts: { caseId: string; guardianId: string; version: number }): Promise<'ended' | 'missing' | 'stale'> {
  const r = await db
    .updateTable('case_guardians')
    .set({ ended_on: nowIso().slice(0, 10), version: opts.version + 1 })
    .where('id', '=', opts.guardianId)
    .where('case_id', '=', opts.caseId)
    .where('version', '=', opts.version)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return 'ended';
  const exists = await db.selectFrom('case_guardians').select('id').where('id', '=', opts.guardianId).where('case_id', '=', opts.caseId).executeTakeFirst();
  return exists ? 'stale' : 'missing';
}

export async function insertBestInterestsAssessment(db: Executor, row: Insertable<CaseBestInterestsAssessmentTable>): Promise<void> {
  await db.insertInto('case_best_interests_assessments').values(row).execute();
}

export async function insertDetermination(db: Executor, row: Insertable<CaseBestInterestsDeterminationTable>): Promise<void> {
  await db.insertInto('case_best_interests_determinations').values(row).execute();
}

export function findDetermination(db: Executor, caseId: string, determinationId: string) {
  return db.selectFrom('case_best_interests_determinations').selectAll().where('id', '=', determinationId).where('case_id', '=', caseId).executeTakeFirst();
}

/** Records a review at this version; false when someone reviewed or changed it first. */
export async function reviewDeterminationRow(
  db: Executor,
  opts: { determinationId: string; version: number; status: 'approved' | 'rejected'; reviewerId: string },
): Promise<boolean> {
  const r = await db
    .updateTable('case_best_interests_determinations')
    .set({ status: opts.status, reviewed_by: opts.reviewerId, reviewed_at: nowIso(), version: opts.version + 1 })
    .where('id', '=', opts.determinationId)
    .where('version', '=', opts.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countSubmittedDeterminations(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('case_best_interests_determinations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertFamilyAssessment(db: Executor, row: Insertable<CaseFamilyAssessmentTable>): Promise<void> {
  await db.insertInto('case_family_assessments').values(row).execute();
}

/** Every safeguard record of a case, sealed, newest first. */
export async function childRecordRows(db: Executor, caseId: string) {
  const guardians = await db.selectFrom('case_guardians').selectAll().where('case_id', '=', caseId).orderBy('appointed_on', 'desc').execute();
  const bias = await db
    .selectFrom('case_best_interests_assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('assessed_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const bids = await db.selectFrom('case_best_interests_determinations').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').execute();
  const families = await db.selectFrom('case_family_assessments').selectAll().where('case_id', '=', caseId).orderBy('assessed_on', 'desc').execute();
  return { guardians, bias, bids, families };
}
