import type { Executor } from '../platform/db/database.js';

/*
 * The queries behind an office's rule for who takes a case opened from triage: its active case workers, with how
 * many open cases each holds and when each was last given a case of the office.
 */

export interface CaseWorkerLoad {
  id: string;
  open: number;
  /** The creation time of the latest case of the office they own (null: none yet). */
  lastCaseAt: string | null;
}

export async function caseWorkerLoads(db: Executor, officeId: string): Promise<CaseWorkerLoad[]> {
  const workers = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .where('memberships.office_id', '=', officeId)
    .where('memberships.role', '=', 'case_worker')
    .where('users.active', '=', 1)
    .select('users.id')
    .distinct()
    .orderBy('users.id')
    .execute();
  if (workers.length === 0) return [];
  const ids = workers.map((w) => w.id);
  const stats = await db
    .selectFrom('cases')
    .where('office_id', '=', officeId)
    .where('owner_id', 'in', ids)
    .select((eb) => [
      'owner_id',
      eb.fn.max('created_at').as('last_case_at'),
      eb.fn.sum<number>(eb.case().when('cas_status', 'in', ['Closed', 'ClosedReferred']).then(0).else(1).end()).as('open'),
    ])
    .groupBy('owner_id')
    .execute();
  const byId = new Map(stats.map((s) => [s.owner_id, s]));
  return ids.map((id) => {
    const s = byId.get(id);
    return { id, open: Number(s?.open ?? 0), lastCaseAt: s?.last_case_at ? String(s.last_case_at) : null };
  });
}
