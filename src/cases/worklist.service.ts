import type { Static } from '@sinclair/typebox';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { ListQuery } from './cases.schema.js';
import { searchTokens } from './lookups.service.js';
import { caseloadRows, worklistRows } from './worklist.repository.js';

export const PAGE_SIZE = 50;

export type ListFilters = Static<typeof ListQuery>;

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
  const page = f.page ?? 1;
  const rows = await worklistRows(ctx.db, {
    user,
    filters: f,
    tokens,
    today: todayIso(),
    weekEnd: inDays(7),
    limit: PAGE_SIZE + 1,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, page };
}

/** Open caseload per case worker in the offices the user supervises (none for someone who supervises nowhere). */
export async function caseloads(ctx: AppContext, user: AuthUser) {
  const supervised = officesWith(user, 'cases.supervise');
  return supervised === 'all' || supervised.length > 0 ? caseloadRows(ctx.db, user) : [];
}
