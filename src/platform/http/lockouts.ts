/**
 * Progressive delays for sign-in failures from one client (keyed by the rate limiter's daily-salted client key,
 * never an address). The first failures are free; after that each failure makes the client wait twice as long,
 * up to an hour, and the delay always ends. Held in memory, bounded, forgotten a day after the last failure.
 */
export const CLIENT_FREE_FAILURES = 10;
export const CLIENT_MAX_DELAY_MINUTES = 60;
export const MAX_CLIENT_ENTRIES = 50_000;
const FORGET_AFTER_MS = 24 * 3_600_000;

export interface ClientLockout {
  key: string;
  failures: number;
  lockedUntil: number;
  lastFailureAt: number;
}

/** Minutes a client waits after its n-th failure: 0 for the free ones, then 1, 2, 4... up to the cap. */
export function clientDelayMinutes(failures: number): number {
  if (failures < CLIENT_FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - CLIENT_FREE_FAILURES), CLIENT_MAX_DELAY_MINUTES);
}

export class ClientLockouts {
  private readonly entries = new Map<string, ClientLockout>();

  /** Milliseconds this client must still wait, 0 when it may try. */
  waitMs(key: string, now = Date.now()): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (now - e.lastFailureAt > FORGET_AFTER_MS) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, e.lockedUntil - now);
  }

  /** Records a failure and returns the delay it started (ms, 0 for a free failure). */
  fail(key: string, now = Date.now()): number {
    let e = this.entries.get(key);
    if (!e || now - e.lastFailureAt > FORGET_AFTER_MS) {
      if (e) this.entries.delete(key);
      if (this.entries.size >= MAX_CLIENT_ENTRIES) this.prune(now);
      e = { key, failures: 0, lockedUntil: 0, lastFailureAt: now };
      this.entries.set(key, e);
    }
    e.failures++;
    e.lastFailureAt = now;
    const delay = clientDelayMinutes(e.failures) * 60_000;
    e.lockedUntil = delay > 0 ? now + delay : 0;
    return delay;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  /** Clients waiting now or with failures counted, most recent first, for the administrator's page. */
  list(now = Date.now()): ClientLockout[] {
    return [...this.entries.values()]
      .filter((e) => now - e.lastFailureAt <= FORGET_AFTER_MS && e.failures >= CLIENT_FREE_FAILURES)
      .sort((a, b) => b.lastFailureAt - a.lastFailureAt);
  }

  clear(key?: string): number {
    if (key === undefined) {
      const n = this.entries.size;
      this.entries.clear();
      return n;
    }
    return this.entries.delete(key) ? 1 : 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.lastFailureAt > FORGET_AFTER_MS || (e.failures < CLIENT_FREE_FAILURES && e.lockedUntil < now)) this.entries.delete(k);
    const excess = this.entries.size - Math.floor(MAX_CLIENT_ENTRIES * 0.9);
    let n = 0;
    for (const k of this.entries.keys()) {
      if (n++ >= excess) break;
      this.entries.delete(k);
    }
  }
}
