import type { AuthUser } from '../platform/auth/auth-user.js';
import { listApiTokens, revokeAllApiTokens } from '../platform/auth/api-tokens.js';
import { LOCKOUT_THRESHOLD } from '../platform/auth/auth.service.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError } from '../platform/http/errors.js';
import { userListScope } from './admin.policy.js';
import { getUser } from './admin.service.js';
import * as repo from './security.repository.js';

/** What the lockouts page shows: accounts in the administrator's scope, and (global administrators) clients. */
export async function lockouts(ctx: AppContext, actor: AuthUser) {
  const scope = userListScope(actor);
  const accounts = await repo.lockedAccounts(ctx.db, scope, LOCKOUT_THRESHOLD);
  // Clients are not tied to an office, so only a global administrator sees and clears them.
  const clients = scope === 'all' ? await ctx.limiter.lockouts.list() : [];
  return { accounts, clients, canClearClients: scope === 'all' };
}

export async function clearAccount(ctx: AppContext, actor: AuthUser, userId: string): Promise<void> {
  await getUser(ctx, actor, userId);
  await inTransaction(ctx.db, async (tx) => {
    const count = await repo.clearAccountLockout(tx, userId);
    await recordEvent(tx, { type: 'auth.lockout_cleared', actorId: actor.id, subjectType: 'user', subjectId: userId, data: { scope: 'account', count } });
  });
}

/** Clears one client's delay (by the key shown on the page) or every client's. */
export async function clearClients(ctx: AppContext, actor: AuthUser, key: string | undefined): Promise<number> {
  if (userListScope(actor) !== 'all') throw new ForbiddenError();
  const count = await ctx.limiter.lockouts.clear(key);
  await recordEvent(ctx.db, { type: 'auth.lockout_cleared', actorId: actor.id, data: { scope: key ? 'client' : 'all-clients', count } });
  return count;
}

export async function userTokens(ctx: AppContext, actor: AuthUser, userId: string) {
  const { user } = await getUser(ctx, actor, userId);
  return { user, tokens: await listApiTokens(ctx, userId) };
}

export async function revokeUserTokens(ctx: AppContext, actor: AuthUser, userId: string): Promise<number> {
  await getUser(ctx, actor, userId);
  return inTransaction(ctx.db, (tx) => revokeAllApiTokens(tx, { userId, actorId: actor.id, reason: 'administrator' }));
}
