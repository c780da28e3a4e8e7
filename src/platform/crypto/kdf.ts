import { type ScryptOptions, scrypt as poolScrypt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/*
 * The memory-hard KDF (scrypt) without taking the cores from the event loop (issue 16, BENCHMARKS.md).
 *
 * On the libuv pool a hash runs at the event loop's own priority: during a surge the two pool threads and the event
 * loop share two cores equally, and the loop waits its turn behind the hashes (event-loop delay p99 25 ms on a quiet
 * machine). Here each hash runs synchronously in a worker thread that lowered its own scheduling priority first
 * (Linux: `setpriority` applies to the calling thread only; nice `ABRI_KDF_NICE`, default 10), so the kernel gives a core to the event loop, and to
 * the libuv pool's file-system work, whenever they are runnable, and the hashes use what they leave.
 *
 * As many workers as the libuv pool would have had threads (`UV_THREADPOOL_SIZE`, else the cores), started on the
 * first hash, ended after a minute without one; hashes beyond that wait in a queue here. Where the priority cannot
 * be lowered per thread (not Linux, or refused), the worker would compete like a pool thread for nothing: the
 * hash runs on the libuv pool as before.
 */

const IDLE_MS = 60_000;

/** The worker's source: node built-ins only, so it runs the same under tsx and from a build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
let lowered = false;
try {
  if (process.platform === 'linux') { require('node:os').setPriority(0, workerData.nice); lowered = true; }
} catch {}
parentPort.postMessage({ lowered });
parentPort.on('message', (m) => {
  try {
    const key = scryptSync(m.password, m.salt, m.keylen, m.options);
    parentPort.postMessage({ id: m.id, key: new Uint8Array(key) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message) });
  }
});
`;

interface Job {
  id: number;
  password: string | Buffer;
  salt: Buffer;
  keylen: number;
  options: ScryptOptions;
  resolve: (key: Buffer) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The worker said whether it lowered its priority: it takes jobs from then on. */
  ready: boolean;
  job: Job | undefined;
  idle: NodeJS.Timeout | undefined;
}

/**
 * The workers' nice value: `ABRI_KDF_NICE` (0–19), default 10. At 10 the event loop (nice 0) has about nine times
 * the hashes' share of a core when both want one, and the loop wins its core back at once when it wakes; 19 would
 * do the same with a 68-to-1 share, but on a host shared with other busy programs (PostgreSQL, another Abri) the
 * hashes, and with them every report, would wait for the whole machine to be idle.
 */
export function kdfNice(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ABRI_KDF_NICE);
  return env.ABRI_KDF_NICE !== undefined && env.ABRI_KDF_NICE !== '' && Number.isInteger(n) && n >= 0 && n <= 19 ? n : 10;
}

export function kdfThreads(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Math.max(1, Math.min(32, Number.isInteger(n) && n > 0 ? n : availableParallelism()));
}

/** `lowered`: workers at a lower priority (`kdfNice`); `pool`: the libuv pool (not Linux, or setPriority refused); `unknown`: not asked yet. */
export type KdfMode = 'unknown' | 'lowered' | 'pool';

let mode: KdfMode = process.platform === 'linux' ? 'unknown' : 'pool';
const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 0;

export function kdfMode(): KdfMode {
  return mode;
}

function onPool(job: Job): void {
  poolScrypt(job.password, job.salt, job.keylen, job.options, (err, key) => (err ? job.reject(err) : job.resolve(key)));
}

/** Takes the slot's job away from it (to settle it, or to run it elsewhere). */
function takeJob(slot: Slot): Job | undefined {
  const job = slot.job;
  slot.job = undefined;
  return job;
}

function retire(slot: Slot): void {
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  if (slot.idle) clearTimeout(slot.idle);
  void slot.worker.terminate();
}

/** Not lowered: a worker would only add a thread at the loop's own priority. The pool does the same work. */
function fallBackToPool(): void {
  mode = 'pool';
  for (const s of [...slots]) {
    const job = takeJob(s);
    retire(s);
    if (job) onPool(job);
  }
  for (const job of queue.splice(0)) onPool(job);
}

function startSlot(): void {
  let worker: Worker;
  try {
    // No --import of the parent (tsx): the worker needs node's built-ins only, and starts in milliseconds.
    worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { nice: kdfNice() } });
  } catch {
    fallBackToPool();
    return;
  }
  const slot: Slot = { worker, ready: false, job: undefined, idle: undefined };
  slots.push(slot);
  worker.on('message', (m: { lowered?: boolean; id?: number; key?: Uint8Array; error?: string }) => {
    if (!slot.ready) {
      slot.ready = true;
      if (!m.lowered) {
        fallBackToPool();
        return;
      }
      mode = 'lowered';
    } else {
      const job = takeJob(slot);
      if (job && m.error !== undefined) job.reject(new Error(m.error));
      else if (job && m.key) job.resolve(Buffer.from(m.key));
    }
    pump();
  });
  worker.on('error', (e) => {
    takeJob(slot)?.reject(e);
    retire(slot);
    // A worker that cannot even start would fail again: the pool takes over instead of a loop of restarts.
    if (!slot.ready) fallBackToPool();
    else pump();
  });
  worker.on('exit', () => {
    takeJob(slot)?.reject(new Error('KDF worker stopped'));
    const i = slots.indexOf(slot);
    // Retired here (idle, stopped, after an error): nothing more to do.
    if (i < 0) return;
    slots.splice(i, 1);
    if (!slot.ready) fallBackToPool();
    else pump();
  });
}

function pump(): void {
  if (mode === 'pool') {
    fallBackToPool();
    return;
  }
  while (queue.length > 0) {
    const free = slots.find((s) => s.ready && !s.job);
    if (!free) break;
    const job = queue.shift() as Job;
    free.job = job;
    if (free.idle) clearTimeout(free.idle);
    free.idle = undefined;
    // Busy, the worker keeps the process alive (a command waiting for a hash); idle, it does not.
    free.worker.ref();
    free.worker.postMessage({ id: job.id, password: job.password, salt: job.salt, keylen: job.keylen, options: job.options });
  }
  // Workers for the hashes still waiting, up to the limit (each starts in some 30 ms, then takes from the queue).
  const starting = slots.filter((s) => !s.ready).length;
  for (let k = queue.length - starting; k > 0 && slots.length < kdfThreads() && kdfMode() !== 'pool'; k--) startSlot();
  for (const s of slots) {
    if (s.job || s.idle || !s.ready) continue;
    s.worker.unref();
    s.idle = setTimeout(() => retire(s), IDLE_MS);
    s.idle.unref();
  }
}

/**
 * scrypt off the event loop at a lower scheduling priority (the pool where that is not possible). The one call
 * site of a memory-hard hash: a limit on concurrent hashes wraps this function.
 */
export function scrypt(password: string | Buffer, salt: Buffer, { keylen, options }: { keylen: number; options: ScryptOptions }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const job: Job = { id: nextId++, password, salt, keylen, options, resolve, reject };
    if (mode === 'pool') return onPool(job);
    queue.push(job);
    pump();
  });
}

/** Ends the workers now (tests; a process exits without it, the workers keep nothing alive). */
export async function stopKdfWorkers(): Promise<void> {
  const workers = slots.map((s) => s.worker);
  for (const s of [...slots]) retire(s);
  await Promise.all(workers.map((w) => w.terminate()));
}
