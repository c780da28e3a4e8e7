import { createHmac, randomBytes } from 'node:crypto';
import { RateLimitedError } from './errors.js';

/**
 * In-memory fixed-window limits. Client addresses are never kept: the key is HMAC(address, salt), and the salt
 * is random, held only in memory and replaced every day, so yesterday's keys cannot be linked to today's.
 */
export class RateLimiter {
  private salt = randomBytes(32);
  private saltDay = this.today();
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

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
    }
    return createHmac('sha256', this.salt)
      .update(address ?? 'unknown')
      .digest('base64url')
      .slice(0, 22);
  }

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(bucket: string, key: string, limit: number, windowMs: number, now = Date.now()): number {
    const id = `${bucket}:${key}`;
    let w = this.windows.get(id);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(id, w);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.resetAt - now) / 1000) : 0;
  }

  /** Throws RateLimitedError when over the limit. */
  check(bucket: string, key: string, limit: number, windowMs: number): void {
    const wait = this.hit(bucket, key, limit, windowMs);
    if (wait > 0) throw new RateLimitedError(wait);
  }

  reset(bucket: string, key: string): void {
    this.windows.delete(`${bucket}:${key}`);
  }

  private sweep(now: number): void {
    for (const [id, w] of this.windows) if (w.resetAt <= now) this.windows.delete(id);
  }
}
