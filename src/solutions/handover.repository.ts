import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ShareScope } from './solutions.policy.js';
import type { CaseHandoverTable, CaseShareTable } from './solutions.table.js';

/* The queries on hand-overs between offices and on the shares they leave behind. */

export function listHandovers(db: Executor, caseId: string) {
  return db.selectFrom('case_handovers').selectAll().where('case_id', '=', caseId).orderBy('requested_at', 'desc').execute();
}

export function findHandover(db: Executor, id: string) {
  return db.selectFrom('case_handovers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function hasPendingHandover(db: Executor, caseId: string): Promise<boolean> {
  const row = await db.selectFrom('case_handovers').select('id').where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
  return row !== undefined;
}

export async function insertHandover(db: Executor, row: Insertable<CaseHandoverTable>): Promise<void> {
  await db.insertInto('case_handovers').values(row).execute();
}

/** Answers (or cancels) a hand-over that is still pending; false when it was answered in the meantime. */
export async function decideHandover(
  db: Executor,
  opts: { id: string; version: number; status: 'accepted' | 'declined' | 'cancelled'; by: string },
): Promise<boolean> {
  const r = await db
    .updateTable('case_handovers')
    .set({ status: opts.status, decided_by: opts.by, decided_at: nowIso(), version: opts.version + 1 })
    .where('id', '=', opts.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending hand-overs to the given offices, with the sending office's id (its name comes from the offices feature). */
export function incomingHandovers(db: Executor, officeIds: string[]) {
  return db
    .selectFrom('case_handovers')
    .innerJoin('cases', 'cases.id', 'case_handovers.case_id')
    .select([
      'case_handovers.id',
      'case_handovers.case_id',
      'case_handovers.requested_at',
      'case_handovers.to_office_id',
      'case_handovers.office_id as from_office_id',
      'cases.case_number',
      'cases.is_child',
    ])
    .where('case_handovers.to_office_id', 'in', officeIds)
    .where('case_handovers.status', '=', 'pending')
    .orderBy('case_handovers.requested_at')
    .limit(200)
    .execute();
}

export async function insertShare(db: Executor, row: Insertable<CaseShareTable>): Promise<void> {
  await db.insertInto('case_shares').values(row).execute();
}

/** Ends an office's shares of a case (it owns the case now). */
export async function revokeShares(db: Executor, caseId: string, officeId: string): Promise<void> {
  await db
    .updateTable('case_shares')
    .set({ revoked_at: nowIso() })
    .where('case_id', '=', caseId)
    .where('office_id', '=', officeId)
    .where('revoked_at', 'is', null)
    .execute();
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
