import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { RateLimitedError } from './errors.js';
import { ClientLockouts } from './lockouts.js';

/** Upper bound on live windows: about 150 bytes each, so the map stays under ~20 MB whatever the traffic. */
export const MAX_WINDOWS = 100_000;

/**
 * The part of an address that identifies one client: IPv4 whole, IPv6 by its /64 (one subscriber's prefix, in which
 * a client may pick any address), so rotating addresses inside one's own prefix does not escape a limit.
 */
export function clientPart(address: string | undefined): string {
  if (!address) return 'unknown';
  const plain = address.startsWith('::ffff:') && !address.slice(7).includes(':') ? address.slice(7) : address;
  if (!isIPv6(plain)) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * In-memory fixed-window limits. Client addresses are never kept: the key is HMAC(address, salt), and the salt
 * is random, held only in memory and replaced every day, so yesterday's keys cannot be linked to today's.
 */
export class RateLimiter {
  private salt = randomBytes(32);
  private saltDay = this.today();
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  /** Sign-in failures per client; keyed like the windows, so cleared with them when the salt changes. */
  readonly lockouts = new ClientLockouts();

  private today(): string {
    return new Date().toISOString().slice(0, 10);
  }

  /** The only form in which a client address is ever used. */
  clientKey(address: string | undefined): string {
    const day = this.today();
    if (day !== this.saltDay) {
      this.salt = randomBytes(32);
      this.saltDay = day;
      this.windows.clear();
      this.lockouts.clear();
    }
    return createHmac('sha256', this.salt).update(clientPart(address)).digest('base64url').slice(0, 22);
  }

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(bucket: string, key: string, { limit, windowMs, now = Date.now() }: { limit: number; windowMs: number; now?: number }): number {
    const id = `${bucket}:${key}`;
    let w = this.windows.get(id);
    if (!w || w.resetAt <= now) {
      if (w) this.windows.delete(id);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(id, w);
      if (this.windows.size > MAX_WINDOWS) this.sweep(now);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.resetAt - now) / 1000) : 0;
  }

  /** Counts a hit and says where the window stands: what is left of the limit and the seconds until it resets. */
  take(bucket: string, key: string, { limit, windowMs, now = Date.now() }: { limit: number; windowMs: number; now?: number }): { remaining: number; resetSeconds: number; wait: number } {
    const wait = this.hit(bucket, key, { limit, windowMs, now });
    const w = this.windows.get(`${bucket}:${key}`);
    const resetSeconds = w ? Math.max(0, Math.ceil((w.resetAt - now) / 1000)) : Math.ceil(windowMs / 1000);
    return { remaining: Math.max(0, limit - (w?.count ?? 0)), resetSeconds, wait };
  }

  /** Seconds to wait when this key is already over the limit, else 0; counts nothing. */
  waiting(bucket: string, key: string, { limit, now = Date.now() }: { limit: number; now?: number }): number {
    const w = this.windows.get(`${bucket}:${key}`);
    return w && w.resetAt > now && w.count >= limit ? Math.ceil((w.resetAt - now) / 1000) : 0;
  }

  /** Throws RateLimitedError when over the limit. */
  check(bucket: string, key: string, { limit, windowMs }: { limit: number; windowMs: number }): void {
    const wait = this.hit(bucket, key, { limit, windowMs });
    if (wait > 0) throw new RateLimitedError(wait);
  }

  reset(bucket: string, key: string): void {
    this.windows.delete(`${bucket}:${key}`);
  }

  get size(): number {
    return this.windows.size;
  }

  /**
   * Drops expired windows; if the map is still full (a flood of distinct clients), the oldest windows go first —
   * insertion order is creation order. Memory stays bounded; a window dropped early only forgives old hits.
   */
  private sweep(now: number): void {
    for (const [id, w] of this.windows) if (w.resetAt <= now) this.windows.delete(id);
    const excess = this.windows.size - Math.floor(MAX_WINDOWS * 0.9);
    if (excess <= 0) return;
    let n = 0;
    for (const id of this.windows.keys()) {
      if (n++ >= excess) break;
      this.windows.delete(id);
    }
  }
}
