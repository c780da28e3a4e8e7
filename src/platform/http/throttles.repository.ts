import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/*
 * The rate_counters and client_lockouts tables: the throttles and sign-in delays every process shares. Each hit is
 * one statement (an upsert that starts a new window when the old one has ended), so concurrent processes never lose
 * a count and a throttled request costs one round trip.
 */

/** Counts a hit in the window of `id`, starting a new one (ending at `resetAt`) if none is running at `now`. */
export async function hitCounter(db: Executor, { id, now, resetAt }: { id: string; now: number; resetAt: number }): Promise<{ count: number; resetAt: number }> {
  const row = await db
    .insertInto('rate_counters')
    .values({ id, count: 1, reset_at: resetAt })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        count: sql<number>`case when rate_counters.reset_at <= ${now} then 1 else rate_counters.count + 1 end`,
        reset_at: sql<number>`case when rate_counters.reset_at <= ${now} then excluded.reset_at else rate_counters.reset_at end`,
      }),
    )
    .returning(['count', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), resetAt: Number(row.reset_at) };
}

export async function readCounter(db: Executor, id: string): Promise<{ count: number; resetAt: number } | undefined> {
  const row = await db.selectFrom('rate_counters').select(['count', 'reset_at']).where('id', '=', id).executeTakeFirst();
  return row ? { count: Number(row.count), resetAt: Number(row.reset_at) } : undefined;
}

export async function deleteCounter(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('rate_counters').where('id', '=', id).execute();
}

export async function countCounters(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('rate_counters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records a failure; a client whose last failure is older than `forgetBefore` starts again from one. */
export async function failLockout(db: Executor, { id, now, forgetBefore }: { id: string; now: number; forgetBefore: number }): Promise<number> {
  const row = await db
    .insertInto('client_lockouts')
    .values({ id, failures: 1, last_failure_at: now })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        failures: sql<number>`case when client_lockouts.last_failure_at < ${forgetBefore} then 1 else client_lockouts.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function readLockout(db: Executor, id: string): Promise<{ failures: number; lastFailureAt: number } | undefined> {
  const row = await db.selectFrom('client_lockouts').select(['failures', 'last_failure_at']).where('id', '=', id).executeTakeFirst();
  return row ? { failures: Number(row.failures), lastFailureAt: Number(row.last_failure_at) } : undefined;
}

/** Clients with at least `minFailures` since `since`, most recent first (bounded: the page shows the latest). */
export async function listLockouts(db: Executor, { since, minFailures, limit = 500 }: { since: number; minFailures: number; limit?: number }) {
  const rows = await db
    .selectFrom('client_lockouts')
    .select(['id', 'failures', 'last_failure_at'])
    .where('last_failure_at', '>=', since)
    .where('failures', '>=', minFailures)
    .orderBy('last_failure_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, failures: Number(r.failures), lastFailureAt: Number(r.last_failure_at) }));
}

/** Deletes one client's row, or every row; returns how many went. */
export async function deleteLockouts(db: Executor, id?: string): Promise<number> {
  let q = db.deleteFrom('client_lockouts');
  if (id !== undefined) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countLockouts(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('client_lockouts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drops windows that have ended and clients forgotten; returns how many rows went. */
export async function purgeExpired(db: Executor, now: number, forgetBefore: number): Promise<number> {
  const a = await db.deleteFrom('rate_counters').where('reset_at', '<=', now).executeTakeFirst();
  const b = await db.deleteFrom('client_lockouts').where('last_failure_at', '<', forgetBefore).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}
