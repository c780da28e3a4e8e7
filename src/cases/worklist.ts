import type { Static } from '@sinclair/typebox';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { normaliseDate, normaliseDocument, normaliseName, normalisePhone } from '../platform/crypto/normalise.js';
import { scopedCases } from './cases.repository.js';
import type { ListQuery } from './cases.schema.js';

export const PAGE_SIZE = 50;

export type ListFilters = Static<typeof ListQuery>;

/** Blind-index tokens for a person search: every given field must match (AND). */
async function searchTokens(ctx: AppContext, f: ListFilters): Promise<Array<{ kind: string; token: string }> | null> {
  const out: Array<{ kind: string; token: string }> = [];
  const add = async (kind: string, norm: string) => out.push({ kind, token: await ctx.keys.blindIndex(kind, norm) });
  if (f.name) {
    const n = normaliseName(f.name);
    if (!n) return null;
    await add('name', n);
  }
  if (f.birthDate) await add('birthdate', normaliseDate(f.birthDate));
  if (f.document) {
    const d = normaliseDocument(f.document);
    if (!d) return null;
    await add('document', d);
  }
  if (f.phone) {
    const p = normalisePhone(f.phone);
    if (p.length < 6) return null;
    await add('phone', p);
  }
  return out;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The work list: the cases the user may read (scope in SQL), filtered; search by case number or by blind index,
 * never by decrypting. One extra row tells whether there is a next page.
 */
export async function listCases(ctx: AppContext, user: AuthUser, f: ListFilters) {
  const tokens = await searchTokens(ctx, f);
  if (tokens === null) return { rows: [], hasMore: false, page: 1 };
  let q = scopedCases(ctx.db, user)
    .leftJoin('users as owner', 'owner.id', 'cases.owner_id')
    .innerJoin('offices', 'offices.id', 'cases.office_id')
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
      'offices.code as office_code',
    ]);
  if (f.status) q = q.where('cases.cas_status', '=', f.status);
  if (f.stage) q = q.where('cases.stage', '=', f.stage);
  if (f.minors) q = q.where('cases.is_child', '=', 1);
  if (f.risk) q = q.where('cases.risk_level', '=', f.risk);
  if (f.due === 'overdue') q = q.where('cases.next_due_on', '<', todayIso());
  if (f.due === 'week') q = q.where('cases.next_due_on', '<=', inDays(7));
  if (f.owner === 'me') q = q.where('cases.owner_id', '=', user.id);
  else if (f.owner === 'unassigned') q = q.where('cases.owner_id', 'is', null);
  else if (f.owner) q = q.where('cases.owner_id', '=', f.owner);
  if (f.office) q = q.where('cases.office_id', '=', f.office);
  if (f.number) q = q.where('cases.case_number', '=', f.number.trim().toUpperCase());
  for (const t of tokens) {
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
  const page = f.page ?? 1;
  const rows = await q
    .orderBy('cases.opened_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, page };
}

/** Open caseload per case worker in the offices the user supervises. */
export async function caseloads(ctx: AppContext, user: AuthUser) {
  return scopedCases(ctx.db, user)
    .innerJoin('users', 'users.id', 'cases.owner_id')
    .where('cases.cas_status', 'in', ['Active', 'FollowUp'])
    .select((eb) => ['users.id', 'users.display_name', eb.fn.countAll<number>().as('open'), eb.fn.min('cases.next_due_on').as('next_due')])
    .groupBy(['users.id', 'users.display_name'])
    .orderBy('users.display_name')
    .execute();
}
