import type { Executor } from '../db/database.js';
import { newId, nowIso } from '../ids.js';
import type { Membership, NewUser, User } from '../platform.table.js';

export function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, user: Omit<NewUser, 'created_at' | 'updated_at'>): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('users')
    .values({ ...user, email: user.email.trim().toLowerCase(), created_at: now, updated_at: now })
    .execute();
}

/**
 * The office's staff who can work its cases (case workers and supervisors), each once, by name: active accounts
 * only, so a case, a plan action, a referral contact or a hand-over is never given to someone who can no longer sign in.
 */
export function officeCaseStaff(db: Executor, officeId: string) {
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .where('memberships.office_id', '=', officeId)
    .where('memberships.role', 'in', ['case_worker', 'supervisor'])
    .where('users.active', '=', 1)
    .distinct()
    .orderBy('users.display_name')
    .execute();
}

export function membershipsOf(db: Executor, userId: string): Promise<Array<Pick<Membership, 'role' | 'office_id' | 'organisation_id'>>> {
  return db.selectFrom('memberships').select(['role', 'office_id', 'organisation_id']).where('user_id', '=', userId).execute();
}

export async function replaceMemberships(
  db: Executor,
  userId: string,
  memberships: Array<{ role: string; officeId: string | null; organisationId: string | null }>,
): Promise<void> {
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
  const now = nowIso();
  for (const m of memberships) {
    await db
      .insertInto('memberships')
      .values({ id: newId(), user_id: userId, role: m.role, office_id: m.officeId, organisation_id: m.organisationId, created_at: now })
      .execute();
  }
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(
  db: Executor,
  s: { id: string; userId: string; absoluteExpiresAt: string; csrfSecret: string; mfaAt: string | null },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: now,
      last_seen_at: now,
      absolute_expires_at: s.absoluteExpiresAt,
      mfa_at: s.mfaAt,
      csrf_secret: s.csrfSecret,
      revoked_at: null,
    })
    .execute();
}

export function findSession(db: Executor, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function setLoginFailures(
  db: Executor,
  { userId, failures, lockedUntil }: { userId: string; failures: number; lockedUntil: string | null },
): Promise<void> {
  await db.updateTable('users').set({ failed_logins: failures, locked_until: lockedUntil }).where('id', '=', userId).execute();
}

export async function setTotpStep(db: Executor, userId: string, step: number): Promise<void> {
  await db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).execute();
}

export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function markSessionMfa(db: Executor, id: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa_at: nowIso() }).where('id', '=', id).execute();
}

export async function revokeSession(db: Executor, id: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(db: Executor, userId: string, exceptId?: string): Promise<number> {
  let q = db.updateTable('sessions').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function activeSessionsOf(db: Executor, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'absolute_expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('absolute_expires_at', '>', nowIso())
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function insertOneTimeToken(
  db: Executor,
  t: { id: string; purpose: string; userId: string | null; createdBy: string | null; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('one_time_tokens')
    .values({ id: t.id, purpose: t.purpose, user_id: t.userId, created_by: t.createdBy, created_at: nowIso(), expires_at: t.expiresAt, used_at: null })
    .execute();
}

export function findUsableToken(db: Executor, id: string, purpose: string) {
  return db
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
}

/** Marks a token used; false when another request used it first. */
export async function consumeToken(db: Executor, id: string): Promise<boolean> {
  const r = await db.updateTable('one_time_tokens').set({ used_at: nowIso() }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function expireTokens(db: Executor, purpose: string, userId: string | null): Promise<void> {
  let q = db.updateTable('one_time_tokens').set({ used_at: nowIso() }).where('purpose', '=', purpose).where('used_at', 'is', null);
  q = userId === null ? q.where('user_id', 'is', null) : q.where('user_id', '=', userId);
  await q.execute();
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const now = nowIso();
  for (const h of hashes) {
    await db.insertInto('recovery_codes').values({ id: newId(), user_id: userId, code_hash: h, used_at: null, created_at: now }).execute();
  }
}

export async function useRecoveryCode(db: Executor, userId: string, hash: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: nowIso() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodeCount(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function hasTotpEnabled(db: Executor, userId: string): Promise<boolean> {
  const user = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirst();
  return Boolean(user?.totp_enabled_at);
}

/** After a passed second factor: the lockout ends, the sign-in time is kept and, for a TOTP code, its step. */
export async function markSecondFactorPassed(db: Executor, userId: string, totpStep: number | undefined): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_sign_in_at: nowIso(), ...(totpStep !== undefined ? { totp_last_step: totpStep } : {}) })
    .where('id', '=', userId)
    .execute();
}

/** Keeps a new (encrypted) TOTP secret, not yet active. */
export async function storePendingTotpSecret(db: Executor, userId: string, secretEnc: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret_enc: secretEnc, totp_enabled_at: null, totp_last_step: null }).where('id', '=', userId).execute();
}

export async function enableTotp(db: Executor, userId: string, step: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_enabled_at: nowIso(), totp_last_step: step, last_sign_in_at: nowIso(), updated_at: nowIso() })
    .where('id', '=', userId)
    .execute();
}

/** A new password hash; `clearLockout` also ends a sign-in lockout (set-password links). */
export async function setPasswordHash(db: Executor, userId: string, change: { hash: string; clearLockout: boolean }): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: change.hash,
      password_changed_at: nowIso(),
      ...(change.clearLockout ? { failed_logins: 0, locked_until: null } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', userId)
    .execute();
}

/** The session's one-shot message (JSON), or null once it has been shown. */
export async function setSessionFlash(db: Executor, sessionId: string, flash: string | null): Promise<void> {
  await db.updateTable('sessions').set({ flash }).where('id', '=', sessionId).execute();
}
