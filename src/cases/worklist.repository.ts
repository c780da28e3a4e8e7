import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { type LookupToken, scopedCases } from './cases.repository.js';

/* The work list's queries: the cases a user may read (scope in SQL), filtered, and the caseloads. */

export interface WorklistFilters {
  status?: string | undefined;
  stage?: string | undefined;
  minors?: unknown;
  risk?: string | undefined;
  due?: string | undefined;
  owner?: string | undefined;
  office?: string | undefined;
  number?: string | undefined;
}

/** One page of the list, newest first, with one extra row to tell whether there is a next page. */
export function worklistRows(
  db: Executor,
  opts: { user: AuthUser; filters: WorklistFilters; tokens: LookupToken[]; today: string; weekEnd: string; limit: number; offset: number },
) {
  const { user, filters: f } = opts;
  let q = scopedCases(db, user)
    .leftJoin('users as owner', 'owner.id', 'cases.owner_id')
    .select([
      'cases.id',
      'cases.case_number',
      'cases.cas_status',
      'cases.stage',
      'cases.is_child',
      'cases.risk_level',
      'cases.next_due_on',
      'cases.opened_at',
      'cases.owner_id',
      'cases.office_id',
      'cases.vic_trafficking_status',
      'owner.display_name as owner_name',
    ]);
  if (f.status) q = q.where('cases.cas_status', '=', f.status);
  if (f.stage) q = q.where('cases.stage', '=', f.stage);
  if (f.minors) q = q.where('cases.is_child', '=', 1);
  if (f.risk) q = q.where('cases.risk_level', '=', f.risk);
  if (f.due === 'overdue') q = q.where('cases.next_due_on', '<', opts.today);
  if (f.due === 'week') q = q.where('cases.next_due_on', '<=', opts.weekEnd);
  if (f.owner === 'me') q = q.where('cases.owner_id', '=', user.id);
  else if (f.owner === 'unassigned') q = q.where('cases.owner_id', 'is', null);
  else if (f.owner) q = q.where('cases.owner_id', '=', f.owner);
  if (f.office) q = q.where('cases.office_id', '=', f.office);
  if (f.number) q = q.where('cases.case_number', '=', f.number.trim().toUpperCase());
  for (const t of opts.tokens) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_lookups')
          .select('case_lookups.case_id')
          .whereRef('case_lookups.case_id', '=', 'cases.id')
          .where('case_lookups.kind', '=', t.kind)
          .where('case_lookups.token', '=', t.token),
      ),
    );
  }
  return q.orderBy('cases.opened_at', 'desc').orderBy('cases.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
}

/** Open caseload per case worker in the offices the user supervises. */
export function caseloadRows(db: Executor, user: AuthUser) {
  return scopedCases(db, user)
    .innerJoin('users', 'users.id', 'cases.owner_id')
    .where('cases.cas_status', 'in', ['Active', 'FollowUp'])
    .select((eb) => ['users.id', 'users.display_name', eb.fn.countAll<number>().as('open'), eb.fn.min('cases.next_due_on').as('next_due')])
    .groupBy(['users.id', 'users.display_name'])
    .orderBy('users.display_name')
    .execute();
}
