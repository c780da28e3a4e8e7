import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { kdfMode, kdfNice, kdfThreads, scrypt, stopKdfWorkers } from '../../src/platform/crypto/kdf.js';
import { RECEIPT_SCRYPT } from '../../src/reports/receipt.js';

/** The nice value of each thread of this process (Linux), by thread id. */
function threadNices(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after "(comm) ": state is field 3, nice field 19.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

test('the KDF gives what scrypt gives, for concurrent hashes beyond the number of workers', async () => {
  const salt = Buffer.alloc(32, 3);
  const codes = Array.from({ length: kdfThreads() * 3 }, (_, i) => String(1234567890123456 + i));
  const keys = await Promise.all(codes.map((c) => scrypt(c, salt, { keylen: 32, options: RECEIPT_SCRYPT })));
  for (const [i, c] of codes.entries()) assert.deepEqual(keys[i], scryptSync(c, salt, 32, RECEIPT_SCRYPT));
  await assert.rejects(scrypt('x', salt, { keylen: 32, options: { N: 3, r: 8, p: 1 } }), /N|invalid|parameter/i);
  // Still serving after a refused hash.
  assert.deepEqual(await scrypt('y', salt, { keylen: 32, options: RECEIPT_SCRYPT }), scryptSync('y', salt, 32, RECEIPT_SCRYPT));
  await stopKdfWorkers();
});

test('on Linux the hashes run in threads at a lower priority (ABRI_KDF_NICE, default 10), and the event loop keeps its own', {
  skip: process.platform !== 'linux',
}, async () => {
  const salt = Buffer.alloc(32, 4);
  const NICE = kdfNice();
  assert.ok(NICE > 0, 'the tests run with the default, lowered priority');
  const before = threadNices();
  let done = false;
  const pending = Promise.all(Array.from({ length: kdfThreads() * 4 }, (_, i) => scrypt(`code-${i}`, salt, { keylen: 32, options: RECEIPT_SCRYPT }))).finally(
    () => {
      done = true;
    },
  );
  // Sampled while the hashes run, once the workers have started (slow on a loaded machine) and lowered themselves.
  let during = threadNices();
  while (!done && ![...during].some(([tid, nice]) => !before.has(tid) && nice === NICE)) {
    await new Promise((r) => setTimeout(r, 10));
    during = threadNices();
  }
  await pending;
  assert.equal(kdfMode(), 'lowered');
  assert.equal(during.get(process.pid), 0, 'the main thread (event loop) keeps nice 0');
  const lowered = [...during].filter(([tid, nice]) => !before.has(tid) && nice === NICE);
  assert.ok(lowered.length >= 1 && lowered.length <= kdfThreads(), `threads at nice ${NICE}: ${lowered.length}`);
  // No thread that existed before (the libuv pool, V8's helpers) was lowered.
  for (const [tid, nice] of before) if (during.has(tid)) assert.equal(during.get(tid), nice);
  await stopKdfWorkers();
});

test('kdfNice follows ABRI_KDF_NICE (0 to 19), else 10', () => {
  assert.equal(kdfNice({}), 10);
  assert.equal(kdfNice({ ABRI_KDF_NICE: '19' }), 19);
  assert.equal(kdfNice({ ABRI_KDF_NICE: '0' }), 0);
  for (const bad of ['', '-1', '20', '5.5', 'x']) assert.equal(kdfNice({ ABRI_KDF_NICE: bad }), 10, bad);
});

test('kdfThreads follows UV_THREADPOOL_SIZE, else the cores', () => {
  assert.equal(kdfThreads({ UV_THREADPOOL_SIZE: '3' }), 3);
  assert.ok(kdfThreads({}) >= 1);
  assert.ok(kdfThreads({ UV_THREADPOOL_SIZE: 'x' }) >= 1);
});
