import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { ClientLockouts, MAX_CLIENT_ENTRIES } from './lockouts.js';
import { MAX_WINDOWS, RateLimiter } from './rate-limit.js';
import { cachedPage, cachePage, clearPageCache, PAGE_CACHE_MAX_CHARS, pageCacheChars, pageCacheSize } from '../views/page-cache.js';
import { UploadBudget } from './upload-budget.js';

/** What grows with hostile traffic is bounded: a flood of distinct clients or uploads cannot take the memory. */
describe('memory under hostile load', () => {
  it('keeps at most MAX_WINDOWS throttle windows, however many distinct clients come within the hour', () => {
    const limiter = new RateLimiter();
    const now = Date.now();
    for (let i = 0; i < MAX_WINDOWS * 2.5; i++) limiter.hit('reports.submit', `client-${i}`, { limit: 30, windowMs: 3_600_000, now });
    assert.ok(limiter.size <= MAX_WINDOWS, String(limiter.size));
    // The newest clients are still counted: a flood evicts the oldest windows first.
    limiter.hit('reports.submit', 'client-last', { limit: 1, windowMs: 3_600_000, now });
    assert.ok(limiter.hit('reports.submit', 'client-last', { limit: 1, windowMs: 3_600_000, now }) > 0);
  });

  it('keeps at most MAX_CLIENT_ENTRIES sign-in failure records', () => {
    const l = new ClientLockouts();
    for (let i = 0; i < MAX_CLIENT_ENTRIES * 2; i++) l.fail(`k${i}`);
    assert.ok(l.size <= MAX_CLIENT_ENTRIES, String(l.size));
    for (let i = 0; i < 12; i++) l.fail('attacker');
    assert.ok(l.waitMs('attacker') > 0);
  });

  it('lets uploads in flight take at most their budget, and gives it back when they end', () => {
    const budget = new UploadBudget(64, 50);
    const req = (length: number) => ({ headers: { 'content-length': String(length) } }) as unknown as FastifyRequest;
    const a = req(40);
    const b = req(40);
    budget.reserve(a);
    assert.throws(() => budget.reserve(b), /RATE_LIMITED/);
    budget.release(a);
    budget.release(a);
    assert.equal(budget.bytesInFlight, 0, 'released once');
    budget.reserve(b);
    const huge = req(10_000);
    budget.release(b);
    budget.reserve(huge);
    assert.equal(budget.bytesInFlight, 50, 'counted at most at the largest a request may be');
  });

  it('keeps at most PAGE_CACHE_MAX_CHARS of cached pages, however many spellings of an address are asked', () => {
    clearPageCache();
    const page = `<html>${'x'.repeat(20_000)}</html>`;
    const now = Date.now();
    let most = 0;
    for (let i = 0; i < 1_500; i++) {
      cachePage(`en\u0000/en/news/before%2D${i}`, page, now);
      most = Math.max(most, pageCacheChars());
    }
    assert.ok(most <= PAGE_CACHE_MAX_CHARS, String(most));
    assert.ok(pageCacheSize() > 0 && pageCacheSize() * page.length === pageCacheChars(), 'the count follows the entries');
    // The newest page is served from the cache; the same key stored again is counted once.
    assert.equal(cachedPage('en\u0000/en/news/before%2D1499', now), page);
    const chars = pageCacheChars();
    cachePage('en\u0000/en/news/before%2D1499', page, now);
    assert.equal(pageCacheChars(), chars);
    // An expired page read is dropped from the count.
    assert.equal(cachedPage('en\u0000/en/news/before%2D1499', now + 61_000), undefined);
    assert.equal(pageCacheChars(), chars - page.length);
    clearPageCache();
    assert.equal(pageCacheChars(), 0);
  });
});
