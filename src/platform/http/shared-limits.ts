import { createHmac } from 'node:crypto';
import type { Database } from '../db/database.js';
import { RateLimitedError } from './errors.js';
import { CLIENT_FREE_FAILURES, type ClientLockout, clientDelayMinutes } from './lockouts.js';
import { clientPart } from './rate-limit.js';
import * as repo from './throttles.repository.js';

/** A client's sign-in failures are forgotten a day after the last one (as in lockouts.ts). */
export const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * Fixed-window throttles and sign-in delays kept in the database, so that every Abri process on it (WORKERS=N, or
 * several hosts) counts the same hits: a client cannot multiply a limit by the number of processes. Same windows,
 * same answers as the in-memory `RateLimiter` and `ClientLockouts` (kept for their unit tests and as the bench's
 * baseline); each check is one statement, so one round trip per throttled request, written without waiting for
 * an fsync (Database.relaxed: a power cut may forget the last hits, never a record).
 *
 * Nothing in a row names a client: the client key is HMAC(address's client part) under a key derived each UTC day
 * from a secret of Abri's key store (so every process computes the same key, and a new day starts new windows as
 * the daily random salt did), and each row's id is HMAC(bucket and key) under that secret again, so API token and
 * user ids used as keys are not stored either.
 */
export class SharedLimiter {
  private day = '';
  private dayKey: Buffer = Buffer.alloc(0);
  readonly lockouts: SharedLockouts;

  constructor(
    private readonly db: Database,
    private readonly secret: Buffer,
  ) {
    this.lockouts = new SharedLockouts(db, (key) => this.rowId('lockout', key));
  }

  /** The only form in which a client address is ever used. */
  clientKey(address: string | undefined): string {
    const day = new Date().toISOString().slice(0, 10);
    if (day !== this.day) {
      this.dayKey = createHmac('sha256', this.secret).update(`client-key:${day}`).digest();
      this.day = day;
    }
    return createHmac('sha256', this.dayKey).update(clientPart(address)).digest('base64url').slice(0, 22);
  }

  private rowId(bucket: string, key: string): string {
    return createHmac('sha256', this.secret).update(`${bucket}\u0000${key}`).digest('base64url').slice(0, 32);
  }

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  async hit(bucket: string, key: string, { limit, windowMs, now = Date.now() }: { limit: number; windowMs: number; now?: number }): Promise<number> {
    return (await this.take(bucket, key, { limit, windowMs, now })).wait;
  }

  /** Counts a hit and says where the window stands: what is left of the limit and the seconds until it resets. */
  async take(bucket: string, key: string, { limit, windowMs, now = Date.now() }: { limit: number; windowMs: number; now?: number }): Promise<{ remaining: number; resetSeconds: number; wait: number }> {
    const w = await this.db.relaxed((db) => repo.hitCounter(db, { id: this.rowId(bucket, key), now, resetAt: now + windowMs }));
    const resetSeconds = Math.max(0, Math.ceil((w.resetAt - now) / 1000));
    return { remaining: Math.max(0, limit - w.count), resetSeconds, wait: w.count > limit ? Math.ceil((w.resetAt - now) / 1000) : 0 };
  }

  /** Seconds to wait when this key is already over the limit, else 0; counts nothing. */
  async waiting(bucket: string, key: string, { limit, now = Date.now() }: { limit: number; now?: number }): Promise<number> {
    const w = await this.db.relaxed((db) => repo.readCounter(db, this.rowId(bucket, key)));
    return w && w.resetAt > now && w.count >= limit ? Math.ceil((w.resetAt - now) / 1000) : 0;
  }

  /** Throws RateLimitedError when over the limit. */
  async check(bucket: string, key: string, { limit, windowMs }: { limit: number; windowMs: number }): Promise<void> {
    const wait = await this.hit(bucket, key, { limit, windowMs });
    if (wait > 0) throw new RateLimitedError(wait);
  }

  async reset(bucket: string, key: string): Promise<void> {
    await this.db.relaxed((db) => repo.deleteCounter(db, this.rowId(bucket, key)));
  }

  /** Live and ended-but-not-purged windows (for the memory and soak checks). */
  size(): Promise<number> {
    return this.db.relaxed((db) => repo.countCounters(db));
  }
}

/** Progressive delays for sign-in failures per client (see lockouts.ts for the rule), shared through the database. */
export class SharedLockouts {
  constructor(
    private readonly db: Database,
    private readonly rowId: (key: string) => string,
  ) {}

  /** Milliseconds this client must still wait, 0 when it may try. */
  async waitMs(key: string, now = Date.now()): Promise<number> {
    const e = await this.db.relaxed((db) => repo.readLockout(db, this.rowId(key)));
    if (!e || now - e.lastFailureAt > FORGET_AFTER_MS) return 0;
    return Math.max(0, lockedUntil(e) - now);
  }

  /** Records a failure and returns the delay it started (ms, 0 for a free failure). */
  async fail(key: string, now = Date.now()): Promise<number> {
    const failures = await this.db.relaxed((db) => repo.failLockout(db, { id: this.rowId(key), now, forgetBefore: now - FORGET_AFTER_MS }));
    return clientDelayMinutes(failures) * 60_000;
  }

  async succeed(key: string): Promise<void> {
    await this.db.relaxed((db) => repo.deleteLockouts(db, this.rowId(key)));
  }

  /** Clients waiting now or with failures counted, most recent first; `key` is the row's id (a keyed hash). */
  async list(now = Date.now()): Promise<ClientLockout[]> {
    const rows = await this.db.relaxed((db) => repo.listLockouts(db, { since: now - FORGET_AFTER_MS, minFailures: CLIENT_FREE_FAILURES }));
    return rows.map((r) => ({ key: r.id, failures: r.failures, lastFailureAt: r.lastFailureAt, lockedUntil: lockedUntil(r) }));
  }

  /** Clears one client (by the key `list` showed) or every client. */
  clear(key?: string): Promise<number> {
    return this.db.relaxed((db) => repo.deleteLockouts(db, key));
  }

  size(): Promise<number> {
    return this.db.relaxed((db) => repo.countLockouts(db));
  }
}

/** A delay starts at the failure that caused it, so it follows from the count and the time of the last failure. */
function lockedUntil(e: { failures: number; lastFailureAt: number }): number {
  const delay = clientDelayMinutes(e.failures) * 60_000;
  return delay > 0 ? e.lastFailureAt + delay : 0;
}
