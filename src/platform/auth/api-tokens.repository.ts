import type { Executor } from '../db/database.js';
import { nowIso } from '../ids.js';

export async function insertApiToken(
  db: Executor,
  t: { id: string; userId: string; name: string; tokenHash: string; expiresAt: string; scopes: string },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      created_at: nowIso(),
      last_used_at: null,
      expires_at: t.expiresAt,
      revoked_at: null,
      revoked_reason: null,
      scopes: t.scopes,
    })
    .execute();
}

export function findUsableApiToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
}

export async function markUsed(db: Executor, id: string, knownClients: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: nowIso(), known_clients: knownClients }).where('id', '=', id).execute();
}

/** A user's tokens, newest first: the live ones and those that ended in the last 90 days. */
export function tokensOf(db: Executor, userId: string) {
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at', 'revoked_reason', 'scopes'])
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', since)]))
    .where('expires_at', '>', since)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeToken(db: Executor, { userId, id, reason }: { userId: string; id: string; reason: string }): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso(), revoked_reason: reason })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function revokeAllTokens(db: Executor, userId: string, reason: string): Promise<number> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso(), revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
