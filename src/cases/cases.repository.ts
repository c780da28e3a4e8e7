import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { caseListScope } from './cases.policy.js';
import type { NewCase } from './cases.table.js';

export function findCase(db: Executor, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCaseByNumber(db: Executor, officeId: string, caseNumber: string) {
  return db.selectFrom('cases').selectAll().where('office_id', '=', officeId).where('case_number', '=', caseNumber).executeTakeFirst();
}

export async function insertCase(db: Executor, row: NewCase): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

/** Takes the office's next case sequence number inside the caller's transaction (row lock on PostgreSQL). */
export async function nextCaseSequence(db: Executor, officeId: string): Promise<{ seq: number; code: string }> {
  const row = await db
    .updateTable('offices')
    .set({ case_seq: sql`case_seq + 1` })
    .where('id', '=', officeId)
    .returning(['case_seq', 'code'])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.case_seq), code: row.code };
}

/** Base query of the cases a user may read, with the scope applied in SQL. */
export function scopedCases(db: Executor, user: AuthUser) {
  const scope = caseListScope(user);
  // Offices the user supervises already include their own cases there: leaving them out of the "owned" branch keeps
  // the usual scope a single indexable condition instead of an OR the planner answers with a full scan.
  const supervised = scope.supervised;
  const owned = supervised === 'all' ? [] : scope.owned === 'all' ? 'all' : scope.owned.filter((o) => !supervised.includes(o));
  return db.selectFrom('cases').where((eb) => {
    const ors = [];
    if (supervised === 'all') ors.push(eb.lit(true));
    else if (supervised.length > 0) ors.push(eb('cases.office_id', 'in', supervised));
    if (owned === 'all') ors.push(eb('cases.owner_id', '=', user.id));
    else if (owned.length > 0) ors.push(eb.and([eb('cases.office_id', 'in', owned), eb('cases.owner_id', '=', user.id)]));
    if (ors.length === 0) return eb.lit(false);
    return ors.length === 1 ? (ors[0] as (typeof ors)[number]) : eb.or(ors);
  });
}

export async function insertLookups(db: Executor, caseId: string, officeId: string, tokens: Array<{ kind: string; token: string }>): Promise<void> {
  await db.deleteFrom('case_lookups').where('case_id', '=', caseId).execute();
  if (tokens.length === 0) return;
  await db
    .insertInto('case_lookups')
    .values(tokens.map((t) => ({ case_id: caseId, office_id: officeId, kind: t.kind, token: t.token })))
    .execute();
}

export function activeConsents(db: Executor, caseId: string, purpose: string) {
  return db
    .selectFrom('consents')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('purpose', '=', purpose)
    .orderBy('decided_at', 'desc')
    .execute();
}
