import { recordEvent } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { randomToken, sha256 } from '../crypto/keys.js';
import { type Executor, inTransaction } from '../db/database.js';
import { BadRequestError, ValidationError } from '../http/errors.js';
import { newId, nowIso } from '../ids.js';
import type { Session, User } from '../platform.table.js';
import { revokeAllApiTokens } from './api-tokens.js';
import * as repo from './auth.repository.js';
import { type AuthState, toAuthUser } from './auth-user.js';
import { burnVerify, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { checkTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from './totp.js';

/** Failures an account may have before each further one makes it wait: 1, 2, 4, 8, then 15 minutes at most. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
const SETUP_LINK_HOURS = 24;
const SET_PASSWORD_LINK_HOURS = 72;

export type SignInOutcome =
  | { ok: true; token: string; next: 'mfa' | 'enrol' }
  | { ok: false; reason: 'invalid' | 'locked'; minutes?: number };

export interface SignInInput {
  email: string;
  password: string;
  /** The rate limiter's key for this client (never an address). */
  client: string;
  /** A session the request already carried: replaced, never promoted. */
  previousSessionId?: string;
}

/** Minutes an account waits after its n-th failure in a row: 0, then doubling from 1, capped, always ending. */
export function accountDelayMinutes(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(2 ** (failures - LOCKOUT_THRESHOLD), LOCKOUT_MINUTES);
}

function addMinutes(minutes: number, from = Date.now()): string {
  return new Date(from + minutes * 60_000).toISOString();
}

function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - Date.now()) / 60_000));
}

/**
 * Password step. The answer never tells whether the account exists. A client waiting after too many failures is
 * refused before anything is looked up; an account waiting after failures is refused whatever the password.
 * The account's count is cleared only once both factors pass, so knowing the password does not buy more
 * second-factor guesses.
 */
export async function signIn(ctx: AppContext, input: SignInInput): Promise<SignInOutcome> {
  const { email, password, client } = input;
  const clientWait = await ctx.limiter.lockouts.waitMs(client);
  if (clientWait > 0) {
    await burnVerify(password);
    return { ok: false, reason: 'locked', minutes: Math.ceil(clientWait / 60_000) };
  }
  const user = await repo.findUserByEmail(ctx.db, email);
  if (!user || !user.password_hash || !user.active) {
    await burnVerify(password);
    await ctx.limiter.lockouts.fail(client);
    return { ok: false, reason: 'invalid' };
  }
  if (user.locked_until && user.locked_until > nowIso()) {
    await burnVerify(password);
    await ctx.limiter.lockouts.fail(client);
    return { ok: false, reason: 'locked', minutes: minutesUntil(user.locked_until) };
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    return registerFailure(ctx, user, 'password', client);
  }
  const token = randomToken();
  await inTransaction(ctx.db, async (tx) => {
    if (input.previousSessionId) await repo.revokeSession(tx, input.previousSessionId);
    await repo.insertSession(tx, {
      id: sha256(token),
      userId: user.id,
      absoluteExpiresAt: new Date(Date.now() + ctx.config.sessionAbsoluteHours * 3_600_000).toISOString(),
      csrfSecret: randomToken(24),
      mfaAt: null,
    });
  });
  return { ok: true, token, next: user.totp_enabled_at ? 'mfa' : 'enrol' };
}

async function registerFailure(ctx: AppContext, user: User, reason: string, client: string): Promise<SignInOutcome> {
  await ctx.limiter.lockouts.fail(client);
  const failures = user.failed_logins + 1;
  const delay = accountDelayMinutes(failures);
  const lock = delay > 0 ? addMinutes(delay) : null;
  await inTransaction(ctx.db, async (tx) => {
    await repo.setLoginFailures(tx, { userId: user.id, failures, lockedUntil: lock });
    await recordEvent(tx, { type: 'auth.sign_in_failed', actorId: user.id, subjectType: 'user', subjectId: user.id, data: { reason } });
    if (lock) await recordEvent(tx, { type: 'auth.locked', actorId: user.id, subjectType: 'user', subjectId: user.id, data: { until: lock } });
  });
  return lock ? { ok: false, reason: 'locked', minutes: delay } : { ok: false, reason: 'invalid' };
}

/** A new session id (and CSRF secret) for a step up: whoever knew the old cookie holds nothing afterwards. */
async function replaceSession(tx: Executor, old: Session): Promise<{ token: string; session: Session }> {
  const token = randomToken();
  const csrfSecret = randomToken(24);
  await repo.revokeSession(tx, old.id);
  await repo.insertSession(tx, { id: sha256(token), userId: old.user_id, absoluteExpiresAt: old.absolute_expires_at, csrfSecret, mfaAt: nowIso() });
  const session = await repo.findSession(tx, sha256(token));
  if (!session) throw new Error('session not written');
  return { token, session };
}

export type MfaOutcome = { status: 'ok'; token: string; session: Session } | { status: 'invalid' | 'locked'; minutes?: number };

/** Second step: a TOTP code or a recovery code. Passing it replaces the session with a new one. */
export async function passMfa(ctx: AppContext, { auth, code, client }: { auth: AuthState; code: string; client: string }): Promise<MfaOutcome> {
  const user = await repo.findUserById(ctx.db, auth.user.id);
  const session = auth.session;
  if (!user || !user.totp_secret_enc || !user.totp_enabled_at || !session) return { status: 'invalid' };
  const clientWait = await ctx.limiter.lockouts.waitMs(client);
  if (clientWait > 0) return { status: 'locked', minutes: Math.ceil(clientWait / 60_000) };
  if (user.locked_until && user.locked_until > nowIso()) return { status: 'locked', minutes: minutesUntil(user.locked_until) };
  const secret = await ctx.keys.decrypt<string>(user.totp_secret_enc, `users.totp:${user.id}`);
  const step = checkTotp(secret, code, user.totp_last_step);
  let method: 'totp' | 'recovery' | undefined = step !== undefined ? 'totp' : undefined;
  if (!method && /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim())) {
    if (await repo.useRecoveryCode(ctx.db, user.id, hashRecoveryCode(code))) method = 'recovery';
  }
  if (!method) {
    const r = await registerFailure(ctx, user, 'second-factor', client);
    return !r.ok && r.reason === 'locked' ? { status: 'locked', minutes: r.minutes } : { status: 'invalid' };
  }
  return inTransaction(ctx.db, async (tx) => {
    await repo.markSecondFactorPassed(tx, user.id, step);
    const fresh = await replaceSession(tx, session);
    await recordEvent(tx, { type: 'auth.mfa_passed', actorId: user.id, subjectType: 'user', subjectId: user.id, data: { method } });
    await recordEvent(tx, { type: 'auth.signed_in', actorId: user.id, subjectType: 'user', subjectId: user.id, data: {} });
    return { status: 'ok' as const, ...fresh };
  });
}

/** Whether the user has finished enrolling a second factor. */
export function hasSecondFactor(ctx: AppContext, userId: string): Promise<boolean> {
  return repo.hasTotpEnabled(ctx.db, userId);
}

/** Starts (or restarts) enrolment: a new secret kept encrypted, not yet active. */
export async function startEnrolment(ctx: AppContext, userId: string): Promise<string> {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user) throw new BadRequestError();
  if (user.totp_secret_enc && !user.totp_enabled_at) {
    return ctx.keys.decrypt<string>(user.totp_secret_enc, `users.totp:${user.id}`);
  }
  const secret = newTotpSecret();
  const enc = await ctx.keys.encrypt(null, secret, { aad: `users.totp:${user.id}` });
  await repo.storePendingTotpSecret(ctx.db, userId, enc);
  return secret;
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once, and the new session. */
export async function confirmEnrolment(
  ctx: AppContext,
  auth: AuthState,
  code: string,
): Promise<{ codes: string[]; token: string; session: Session } | undefined> {
  const user = await repo.findUserById(ctx.db, auth.user.id);
  const session = auth.session;
  if (!user?.totp_secret_enc || user.totp_enabled_at || !session) return undefined;
  const secret = await ctx.keys.decrypt<string>(user.totp_secret_enc, `users.totp:${user.id}`);
  const step = checkTotp(secret, code);
  if (step === undefined) return undefined;
  const codes = newRecoveryCodes();
  return inTransaction(ctx.db, async (tx) => {
    await repo.enableTotp(tx, user.id, step);
    await repo.replaceRecoveryCodes(tx, user.id, codes.map(hashRecoveryCode));
    const fresh = await replaceSession(tx, session);
    await repo.revokeUserSessions(tx, user.id, fresh.session.id);
    await recordEvent(tx, { type: 'auth.mfa_enrolled', actorId: user.id, subjectType: 'user', subjectId: user.id, data: {} });
    return { codes, ...fresh };
  });
}

export async function signOut(ctx: AppContext, auth: AuthState): Promise<void> {
  if (!auth.session) return;
  const sessionId = auth.session.id;
  await inTransaction(ctx.db, async (tx) => {
    await repo.revokeSession(tx, sessionId);
    await recordEvent(tx, { type: 'auth.signed_out', actorId: auth.user.id, subjectType: 'user', subjectId: auth.user.id, data: {} });
  });
}

export async function changePassword(ctx: AppContext, { auth, current, next }: { auth: AuthState; current: string; next: string }): Promise<void> {
  const user = await repo.findUserById(ctx.db, auth.user.id);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, current))) {
    throw new ValidationError({ current: 'auth.errors.currentPasswordWrong' });
  }
  const problem = passwordProblem(next, user.email);
  if (problem) throw new ValidationError({ password: problem });
  const hashed = await hashPassword(next);
  await inTransaction(ctx.db, async (tx) => {
    await repo.setPasswordHash(tx, user.id, { hash: hashed, clearLockout: false });
    // Other sessions and every API token may belong to whoever knew the old password.
    await repo.revokeUserSessions(tx, user.id, auth.session?.id);
    await revokeAllApiTokens(tx, { userId: user.id, actorId: user.id, reason: 'password_changed' });
    await recordEvent(tx, { type: 'auth.password_changed', actorId: user.id, subjectType: 'user', subjectId: user.id, data: {} });
  });
}

/** Issues a one-time link; the token is only ever stored hashed. */
export async function issueLink(
  ctx: AppContext,
  { purpose, userId, createdBy }: { purpose: 'setup' | 'set-password'; userId: string | null; createdBy: string | null },
): Promise<string> {
  const token = randomToken();
  const hours = purpose === 'setup' ? SETUP_LINK_HOURS : SET_PASSWORD_LINK_HOURS;
  await inTransaction(ctx.db, async (tx) => {
    await repo.expireTokens(tx, purpose, userId);
    await repo.insertOneTimeToken(tx, {
      id: sha256(token),
      purpose,
      userId,
      createdBy,
      expiresAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
    });
  });
  return `${ctx.config.publicUrl}/${purpose === 'setup' ? 'setup' : 'staff/set-password'}/${token}`;
}

export async function checkLink(ctx: AppContext, purpose: 'setup' | 'set-password', token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return repo.findUsableToken(ctx.db, sha256(token), purpose);
}

/** Sets a password from a set-password link; the link works once. */
export async function setPasswordWithLink(ctx: AppContext, token: string, password: string): Promise<void> {
  const row = await checkLink(ctx, 'set-password', token);
  if (!row?.user_id) throw new BadRequestError('auth.errors.linkInvalid');
  const user = await repo.findUserById(ctx.db, row.user_id);
  if (!user) throw new BadRequestError('auth.errors.linkInvalid');
  const problem = passwordProblem(password, user.email);
  if (problem) throw new ValidationError({ password: problem });
  const hashed = await hashPassword(password);
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.consumeToken(tx, row.id))) throw new BadRequestError('auth.errors.linkInvalid');
    await repo.setPasswordHash(tx, user.id, { hash: hashed, clearLockout: true });
    await repo.revokeUserSessions(tx, user.id);
    await revokeAllApiTokens(tx, { userId: user.id, actorId: user.id, reason: 'password_changed' });
    await recordEvent(tx, { type: 'auth.password_set', actorId: user.id, subjectType: 'user', subjectId: user.id, data: {} });
  });
}

/** First run: the setup link creates the first administrator (global) and signs them in. */
export async function createFirstAdministrator(
  ctx: AppContext,
  token: string,
  input: { displayName: string; email: string; password: string; locale: string },
): Promise<string> {
  const row = await checkLink(ctx, 'setup', token);
  if (!row) throw new BadRequestError('auth.errors.linkInvalid');
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new ValidationError({ password: problem });
  const hashed = await hashPassword(input.password);
  const userId = newId();
  const sessionToken = randomToken();
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.consumeToken(tx, row.id))) throw new BadRequestError('auth.errors.linkInvalid');
    if ((await repo.countUsers(tx)) > 0) throw new BadRequestError('auth.errors.linkInvalid');
    await repo.insertUser(tx, {
      id: userId,
      email: input.email,
      display_name: input.displayName,
      password_hash: hashed,
      totp_secret_enc: null,
      totp_enabled_at: null,
      totp_last_step: null,
      locale: input.locale,
      time_zone: 'UTC',
      organisation_id: null,
      locked_until: null,
      password_changed_at: nowIso(),
      last_sign_in_at: null,
    });
    await repo.replaceMemberships(tx, userId, [{ role: 'administrator', officeId: null, organisationId: null }]);
    await repo.insertSession(tx, {
      id: sha256(sessionToken),
      userId,
      absoluteExpiresAt: new Date(Date.now() + ctx.config.sessionAbsoluteHours * 3_600_000).toISOString(),
      csrfSecret: randomToken(24),
      mfaAt: null,
    });
    await recordEvent(tx, { type: 'system.first_run', actorId: userId, subjectType: 'user', subjectId: userId, data: {} });
    await recordEvent(tx, { type: 'user.created', actorId: userId, subjectType: 'user', subjectId: userId, data: { roles: ['administrator'] } });
  });
  return sessionToken;
}

/** Resolves a session cookie token, applying idle and absolute timeouts. */
export async function resolveSession(ctx: AppContext, token: string): Promise<AuthState | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const session = await repo.findSession(ctx.db, sha256(token));
  if (!session) return undefined;
  const now = Date.now();
  const idleLimit = Date.parse(session.last_seen_at) + ctx.config.sessionIdleMinutes * 60_000;
  if (now > idleLimit || now > Date.parse(session.absolute_expires_at)) {
    await repo.revokeSession(ctx.db, session.id);
    return undefined;
  }
  const user = await repo.findUserById(ctx.db, session.user_id);
  if (!user?.active) return undefined;
  // Writing on every request would make each page a write; a minute of precision is enough for a 30-minute timeout.
  if (now - Date.parse(session.last_seen_at) > 60_000) await repo.touchSession(ctx.db, session.id, new Date(now).toISOString());
  const memberships = await repo.membershipsOf(ctx.db, user.id);
  return { user: toAuthUser(user, memberships), session, via: 'session', mfaPassed: session.mfa_at !== null };
}

export { createApiToken, resolveApiToken } from './api-tokens.js';

/**
 * Asks again for the password and a current TOTP code before a sensitive step (creating an API token). A wrong
 * answer counts as a sign-in failure of the account and the client, so this is no side door for guessing.
 */
export async function verifyStepUp(ctx: AppContext, opts: { userId: string; password: string; code: string; client: string }): Promise<'ok' | 'password' | 'code' | 'locked'> {
  const user = await repo.findUserById(ctx.db, opts.userId);
  if (!user?.password_hash || !user.totp_secret_enc || !user.totp_enabled_at) return 'password';
  if (await ctx.limiter.lockouts.waitMs(opts.client) > 0 || (user.locked_until && user.locked_until > nowIso())) return 'locked';
  if (!(await verifyPassword(user.password_hash, opts.password))) {
    const r = await registerFailure(ctx, user, 'step-up-password', opts.client);
    return r.ok || r.reason !== 'locked' ? 'password' : 'locked';
  }
  const secret = await ctx.keys.decrypt<string>(user.totp_secret_enc, `users.totp:${user.id}`);
  const step = checkTotp(secret, opts.code, user.totp_last_step);
  if (step === undefined) {
    const r = await registerFailure(ctx, user, 'step-up-code', opts.client);
    return r.ok || r.reason !== 'locked' ? 'code' : 'locked';
  }
  await repo.setTotpStep(ctx.db, user.id, step);
  return 'ok';
}
