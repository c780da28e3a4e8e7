import { sql } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { type LookupToken, scopedCases } from './cases.repository.js';
import type { ListSort } from './cases.schema.js';

/* The work list's queries: the cases a user may read (scope in SQL), filtered, sorted, counted; and the caseloads. */

export interface WorklistFilters {
  status?: string | undefined;
  stage?: string | undefined;
  minors?: unknown;
  risk?: string | undefined;
  due?: string | undefined;
  owner?: string | undefined;
  office?: string | undefined;
  number?: string | undefined;
  sort?: ListSort | undefined;
}

export interface WorklistQuery {
  user: AuthUser;
  filters: WorklistFilters;
  /** Exact blind-index lookups (birth date, document, phone): each must be on the case. */
  tokens: LookupToken[];
  /** Name search: one list per word, any token of which must be on the case (cases/name-search.ts). */
  nameTokens: string[][];
  /** Offices the name tokens are looked up in ('all' for a national reader). */
  offices: string[] | 'all';
  today: string;
  weekEnd: string;
}

function filtered(db: Executor, o: WorklistQuery) {
  const { user, filters: f } = o;
  let q = scopedCases(db, user);
  if (f.status) q = q.where('cases.cas_status', '=', f.status);
  if (f.stage) q = q.where('cases.stage', '=', f.stage);
  if (f.minors) q = q.where('cases.is_child', '=', 1);
  if (f.risk) q = q.where('cases.risk_level', '=', f.risk);
  if (f.due === 'overdue') q = q.where('cases.next_due_on', '<', o.today);
  if (f.due === 'week') q = q.where('cases.next_due_on', '<=', o.weekEnd);
  if (f.owner === 'me') q = q.where('cases.owner_id', '=', user.id);
  else if (f.owner === 'unassigned') q = q.where('cases.owner_id', 'is', null);
  else if (f.owner) q = q.where('cases.owner_id', '=', f.owner);
  if (f.office) q = q.where('cases.office_id', '=', f.office);
  if (f.number) {
    // Partial case number: "00004" finds TN-2026-00004; the number is not personal data, so LIKE on it is fine.
    const n = f.number
      .trim()
      .toUpperCase()
      .replace(/[%_\\]/g, '');
    q = n.length >= 3 ? q.where('cases.case_number', 'like', `%${n}%`) : q.where('cases.case_number', '=', n);
  }
  for (const t of o.tokens) {
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
  for (const alts of o.nameTokens) {
    q = q.where('cases.id', 'in', (eb) => {
      let sub = eb.selectFrom('case_name_tokens').select('case_name_tokens.case_id').where('case_name_tokens.token', 'in', alts);
      if (o.offices !== 'all') sub = sub.where('case_name_tokens.office_id', 'in', o.offices.length ? o.offices : ['-']);
      return sub;
    });
  }
  return q;
}

/** How many cases match (the list's total). */
export async function worklistCount(db: Executor, o: WorklistQuery): Promise<number> {
  const row = await filtered(db, o)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One page of the list in the chosen order (newest first by default). */
export function worklistRows(db: Executor, o: WorklistQuery & { limit: number; offset: number }) {
  let q = filtered(db, o)
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
      'cases.prs_gender',
      'cases.identity_enc',
      'cases.vic_trafficking_status',
      'owner.display_name as owner_name',
    ]);
  switch (o.filters.sort ?? 'opened_desc') {
    case 'opened_asc':
      q = q.orderBy('cases.opened_at', 'asc');
      break;
    case 'number_asc':
      q = q.orderBy('cases.case_number', 'asc');
      break;
    case 'number_desc':
      q = q.orderBy('cases.case_number', 'desc');
      break;
    case 'due_asc':
      // Cases with nothing due come last.
      q = q.orderBy(sql`case when cases.next_due_on is null then 1 else 0 end`).orderBy('cases.next_due_on', 'asc');
      break;
    case 'due_desc':
      q = q.orderBy('cases.next_due_on', 'desc');
      break;
    case 'risk_desc':
      q = q.orderBy(sql`case cases.risk_level when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end`);
      break;
    case 'status_asc':
      q = q.orderBy('cases.cas_status', 'asc');
      break;
    case 'stage_asc':
      q = q.orderBy('cases.stage', 'asc');
      break;
    default:
      q = q.orderBy('cases.opened_at', 'desc');
  }
  return q.orderBy('cases.id', 'desc').limit(o.limit).offset(o.offset).execute();
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

/** A user's saved filters, by name. */
export function savedViews(db: Executor, userId: string) {
  return db.selectFrom('case_list_views').select(['id', 'name', 'query']).where('user_id', '=', userId).orderBy('name').execute();
}

export async function saveView(db: Executor, row: { id: string; user_id: string; name: string; query: string; created_at: string }): Promise<void> {
  await db.deleteFrom('case_list_views').where('user_id', '=', row.user_id).where('name', '=', row.name).execute();
  await db.insertInto('case_list_views').values(row).execute();
}

export async function deleteView(db: Executor, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('case_list_views').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
