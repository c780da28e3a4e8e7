import assert from 'node:assert/strict';
import { scrypt } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { HASH_SLOTS, HashSlots, hashSlotUse } from './hash-slots.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('memory-hard hashes: at most a few at once, the rest wait in line', () => {
  it('never runs more than the limit at once, whatever the number of callers, and runs them all', async () => {
    const slots = new HashSlots(3, 100);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (i: number) =>
      slots.run(async () => {
        running++;
        most = Math.max(most, running);
        // real scrypt work on libuv's pool, of varying length
        await new Promise<void>((resolve, reject) => scrypt(String(i), 'salt', 16, { N: 1 << (8 + (i % 4)), r: 8, p: 1 }, (e) => (e ? reject(e) : resolve())));
        running--;
        order.push(i);
        return i * 2;
      });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => work(i)));
    assert.equal(most, 3, 'exactly the limit at the busiest moment');
    assert.deepEqual(
      results,
      Array.from({ length: 40 }, (_, i) => i * 2),
    );
    assert.equal(order.length, 40);
    assert.equal(slots.inFlight, 0);
    assert.equal(slots.queued, 0);
  });

  it('starts the waiting callers first come, first served, and frees the slot when the hash fails', async () => {
    const slots = new HashSlots(1, 10);
    const started: string[] = [];
    let open: () => void = () => {};
    const first = slots.run(async () => {
      started.push('a');
      await new Promise<void>((r) => (open = r));
      throw new Error('broken hash');
    });
    const later = ['b', 'c', 'd'].map((name) =>
      slots.run(async () => {
        started.push(name);
      }),
    );
    await tick();
    assert.deepEqual(started, ['a']);
    assert.equal(slots.queued, 3);
    open();
    await assert.rejects(first, /broken hash/);
    await Promise.all(later);
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
    assert.equal(slots.inFlight, 0);
  });

  it('refuses with the throttle answer (429 with a wait) when the line is full, never an unbounded queue', async () => {
    const slots = new HashSlots(1, 2);
    let open: () => void = () => {};
    const busy = slots.run(() => new Promise<void>((r) => (open = r)));
    const waiting = [slots.run(async () => 1), slots.run(async () => 2)];
    await assert.rejects(
      slots.run(async () => 3),
      (e: Error & { status?: number; retryAfterSeconds?: number }) => e.status === 429 && (e.retryAfterSeconds ?? 0) > 0,
    );
    assert.equal(slots.queued, 2);
    open();
    await busy;
    assert.deepEqual(await Promise.all(waiting), [1, 2]);
    // once the line has room again, callers are accepted
    assert.equal(await slots.run(async () => 4), 4);
  });

  it('wraps the sign-in hash: many verifications at once still give the right answers and leave no slot taken', async () => {
    const hashed = await hashPassword('correct horse battery staple');
    let most = 0;
    let mostWaiting = 0;
    const probe = setInterval(() => {
      most = Math.max(most, hashSlotUse().running);
      mostWaiting = Math.max(mostWaiting, hashSlotUse().waiting);
    }, 1);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => verifyPassword(hashed, i % 3 === 0 ? 'correct horse battery staple' : `wrong ${i}`)),
    );
    assert.deepEqual(
      answers,
      Array.from({ length: 12 }, (_, i) => i % 3 === 0),
    );
    clearInterval(probe);
    assert.ok(most >= 1 && most <= HASH_SLOTS, `at most ${HASH_SLOTS} at once, saw ${most}`);
    if (HASH_SLOTS < 12) assert.ok(mostWaiting > 0, 'the others waited in line');
    assert.equal(await verifyPassword('not a hash', 'x'), false, 'a malformed stored hash is a wrong password');
    assert.deepEqual(hashSlotUse(), { running: 0, waiting: 0 });
  });
});
