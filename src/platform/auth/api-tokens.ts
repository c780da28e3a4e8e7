import { createHmac } from 'node:crypto';
import { recordEvent } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { randomToken, sha256 } from '../crypto/keys.js';
import { type Executor, inTransaction } from '../db/database.js';
import { ValidationError } from '../http/errors.js';
import { clientPart } from '../http/rate-limit.js';
import { newId } from '../ids.js';
import { API_AREAS, parseScopes, type Scope } from './api-scopes.js';
import * as repo from './api-tokens.repository.js';
import * as authRepo from './auth.repository.js';
import { type AuthState, toAuthUser } from './auth-user.js';

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
const MAX_KNOWN_CLIENTS = 10;
/** last_used_at is written at most once a minute per token, unless the client is new. */
const TOUCH_EVERY_MS = 60_000;

export type RevokeReason = 'user' | 'administrator' | 'password_changed' | 'signed_out_everywhere' | 'deactivated' | 'reset';

/** Every area, read and write: what a token created without a choice of scopes may reach. */
export const ALL_SCOPES: readonly Scope[] = API_AREAS.map((a) => `${a}:write` as const);

/**
 * Issues a personal access token: shown once, stored hashed, audited. The caller has checked who may. Its scopes
 * narrow what it reaches on top of the user's permissions (never widen them).
 */
export async function createApiToken(
  ctx: AppContext,
  { auth, name, days = TOKEN_DEFAULT_DAYS, scopes = ALL_SCOPES }: { auth: Pick<AuthState, 'user'>; name: string; days?: number; scopes?: readonly Scope[] },
): Promise<string> {
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS) throw new ValidationError({ days: 'tokens.errors.days' });
  if (scopes.length === 0) throw new ValidationError({ scopes: 'api.errors.noScope' });
  const token = `abri_${randomToken()}`;
  const id = newId();
  const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertApiToken(tx, { id, userId: auth.user.id, name, tokenHash: sha256(token), expiresAt, scopes: JSON.stringify(scopes) });
    await recordEvent(tx, {
      type: 'api_token.created',
      actorId: auth.user.id,
      subjectType: 'user',
      subjectId: auth.user.id,
      data: { tokenId: id, expiresAt, scopes: [...scopes] },
    });
  });
  return token;
}

/**
 * Which client uses a token, without keeping an address: HMAC, under a key of Abri's key store and the token's id,
 * of the user agent and the client's network (/24 for IPv4, /48 for IPv6), cut to 64 bits. It can tell "a client
 * this token has not been used from" and nothing more: it is not an address, cannot be reversed without the master
 * key (and even then names a network, not a machine), and the same client gives unrelated values for two tokens.
 */
export async function clientFingerprint(ctx: AppContext, tokenId: string, client: { userAgent?: string; address?: string }): Promise<string> {
  const key = await ctx.keys.derivedSecret('api-token-client');
  return createHmac('sha256', key)
    .update(`${tokenId}\n${(client.userAgent ?? '').slice(0, 300)}\n${networkOf(client.address)}`)
    .digest('hex')
    .slice(0, 16);
}

function networkOf(address: string | undefined): string {
  const part = clientPart(address);
  if (part.endsWith('::/64')) return `${part.split(':').slice(0, 3).join(':')}::/48`;
  const m = /^(\d+\.\d+\.\d+)\.\d+$/.exec(part);
  return m ? `${m[1]}.0/24` : part;
}

/** Resolves a bearer token; a use from a client the token has not seen is audited. */
export async function resolveApiToken(ctx: AppContext, token: string, client: { userAgent?: string; address?: string } = {}): Promise<AuthState | undefined> {
  if (!/^abri_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await repo.findUsableApiToken(ctx.db, sha256(token));
  if (!row) return undefined;
  const user = await authRepo.findUserById(ctx.db, row.user_id);
  if (!user?.active || !user.totp_enabled_at) return undefined;
  const fp = await clientFingerprint(ctx, row.id, client);
  let known: string[] = [];
  try {
    known = JSON.parse(row.known_clients) as string[];
  } catch {
    known = [];
  }
  const isNew = !known.includes(fp);
  if (isNew) {
    const next = [...known, fp].slice(-MAX_KNOWN_CLIENTS);
    await inTransaction(ctx.db, async (tx) => {
      await repo.markUsed(tx, row.id, JSON.stringify(next));
      await recordEvent(tx, { type: 'api_token.new_client', actorId: user.id, subjectType: 'user', subjectId: user.id, data: { tokenId: row.id, client: fp, first: known.length === 0 } });
    });
  } else if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
    await repo.markUsed(ctx.db, row.id, row.known_clients);
  }
  const memberships = await authRepo.membershipsOf(ctx.db, user.id);
  return { user: toAuthUser(user, memberships), session: undefined, via: 'token', mfaPassed: true, token: { id: row.id, scopes: parseScopes(row.scopes) } };
}

export async function revokeApiToken(ctx: AppContext, opts: { userId: string; tokenId: string; actorId: string; reason: RevokeReason }): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const done = await repo.revokeToken(tx, { userId: opts.userId, id: opts.tokenId, reason: opts.reason });
    if (done) await recordEvent(tx, { type: 'api_token.revoked', actorId: opts.actorId, subjectType: 'user', subjectId: opts.userId, data: { tokenId: opts.tokenId, count: 1, reason: opts.reason } });
    return done;
  });
}

/** Revokes every live token of a user, inside the caller's transaction (password change, sign-out everywhere...). */
export async function revokeAllApiTokens(tx: Executor, opts: { userId: string; actorId: string | null; reason: RevokeReason }): Promise<number> {
  const count = await repo.revokeAllTokens(tx, opts.userId, opts.reason);
  if (count > 0) await recordEvent(tx, { type: 'api_token.revoked', actorId: opts.actorId, subjectType: 'user', subjectId: opts.userId, data: { tokenId: null, count, reason: opts.reason } });
  return count;
}

export function listApiTokens(ctx: AppContext, userId: string) {
  return repo.tokensOf(ctx.db, userId);
}
