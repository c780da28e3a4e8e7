import type { Updateable } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { officeCaseStaff } from '../platform/auth/auth.repository.js';
import type { Executor } from '../platform/db/database.js';
import { StaleVersionError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { caseListScope } from './cases.policy.js';
import type { CaseTable, NewCase } from './cases.table.js';

/* Every query on a case row, its blind-index lookups, its perpetrators and its history. */

export function findCase(db: Executor, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCaseByNumber(db: Executor, officeId: string, caseNumber: string) {
  return db.selectFrom('cases').selectAll().where('office_id', '=', officeId).where('case_number', '=', caseNumber).executeTakeFirst();
}

export async function anyCaseInOffice(db: Executor, officeId: string): Promise<boolean> {
  return (await db.selectFrom('cases').select('id').where('office_id', '=', officeId).executeTakeFirst()) !== undefined;
}

export function caseChildFlag(db: Executor, caseId: string) {
  return db.selectFrom('cases').select(['is_child']).where('id', '=', caseId).executeTakeFirst();
}

export async function insertCase(db: Executor, row: NewCase): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

/**
 * Applies an edit to a case only if nobody saved it since the editor loaded it: the row's version must still be
 * the one the form carried. Two concurrent edits of the same version: the second is refused (409), never merged.
 */
export async function updateCaseChecked(
  db: Executor,
  { caseId, expectedVersion, changes }: { caseId: string; expectedVersion: number; changes: Updateable<CaseTable> },
): Promise<number> {
  const result = await db
    .updateTable('cases')
    .set({ ...changes, version: expectedVersion + 1, updated_at: nowIso() })
    .where('id', '=', caseId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError();
  return expectedVersion + 1;
}

/** Bumps the version without a check, for changes the case's own form does not carry (a new note, a reminder). */
export async function touchCase(db: Executor, caseId: string, changes: Updateable<CaseTable> = {}): Promise<void> {
  await db
    .updateTable('cases')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', caseId)
    .execute();
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

export type LookupToken = { kind: string; token: string };

export async function insertLookups(db: Executor, { caseId, officeId, tokens }: { caseId: string; officeId: string; tokens: LookupToken[] }): Promise<void> {
  await db.deleteFrom('case_lookups').where('case_id', '=', caseId).execute();
  if (tokens.length === 0) return;
  await db
    .insertInto('case_lookups')
    .values(tokens.map((t) => ({ case_id: caseId, office_id: officeId, kind: t.kind, token: t.token })))
    .execute();
}

/** Replaces the name-search tokens of a case (cases/name-search.ts). */
export async function insertNameTokens(db: Executor, { caseId, officeId, tokens }: { caseId: string; officeId: string; tokens: string[] }): Promise<void> {
  await db.deleteFrom('case_name_tokens').where('case_id', '=', caseId).execute();
  if (tokens.length === 0) return;
  await db
    .insertInto('case_name_tokens')
    .values([...new Set(tokens)].map((token) => ({ case_id: caseId, office_id: officeId, token })))
    .execute();
}

/** A batch of cases after an id (keyset order), with their sealed identity: for re-indexing names. */
export function casesIdentityAfter(db: Executor, afterId: string, limit: number) {
  return db.selectFrom('cases').select(['id', 'office_id', 'identity_enc']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** Every case with a lookup token among these, one row per matching token (at most 500). */
export function casesMatchingLookups(db: Executor, tokens: LookupToken[]) {
  return db
    .selectFrom('case_lookups')
    .innerJoin('cases', 'cases.id', 'case_lookups.case_id')
    .select(['cases.id', 'cases.case_number', 'cases.office_id', 'cases.owner_id', 'case_lookups.kind'])
    .where((eb) => eb.or(tokens.map((t) => eb.and([eb('case_lookups.kind', '=', t.kind), eb('case_lookups.token', '=', t.token)]))))
    .limit(500)
    .execute();
}

/** Staff of an office who can hold a caseload. */
export function assignableUsers(db: Executor, officeId: string) {
  return officeCaseStaff(db, officeId);
}

export async function userDisplayName(db: Executor, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name;
}

export async function insertPerpetrator(
  db: Executor,
  row: { id: string; office_id: string; case_id: string; per_role_in_process: string; details_enc: string | null; created_by: string; created_at: string },
): Promise<void> {
  await db.insertInto('case_perpetrators').values(row).execute();
}

/** Deletes one perpetrator of the case; false when there was none. */
export async function deletePerpetrator(db: Executor, caseId: string, perpetratorId: string): Promise<boolean> {
  const r = await db.deleteFrom('case_perpetrators').where('id', '=', perpetratorId).where('case_id', '=', caseId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function perpetratorRows(db: Executor, caseId: string) {
  return db.selectFrom('case_perpetrators').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
}

/** The case's typed events (audit chain), newest first, with the actor's name. */
export function caseEvents(db: Executor, caseId: string) {
  return db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_id')
    .select(['audit_events.id', 'audit_events.type', 'audit_events.created_at', 'audit_events.data', 'users.display_name as actor'])
    .where('audit_events.subject_type', '=', 'case')
    .where('audit_events.subject_id', '=', caseId)
    .orderBy('audit_events.created_at', 'desc')
    .orderBy('audit_events.seq', 'desc')
    .limit(500)
    .execute();
}

/** Who viewed the case (access log), newest first, with the viewer's name. */
export function caseViews(db: Executor, caseId: string) {
  return db
    .selectFrom('access_log')
    .leftJoin('users', 'users.id', 'access_log.actor_id')
    .select(['access_log.id', 'access_log.action', 'access_log.actor_id', 'access_log.created_at', 'users.display_name as actor'])
    .where('access_log.subject_type', '=', 'case')
    .where('access_log.subject_id', '=', caseId)
    .orderBy('access_log.created_at', 'desc')
    .orderBy('access_log.seq', 'desc')
    .limit(500)
    .execute();
}
