import { Worker } from 'node:worker_threads';
import { MetadataError } from './strip-metadata.js';

export const PDF_TIME_LIMIT_MS = 8_000;
/**
 * The worker's JavaScript heap: old generation 64 MB (a PDF's bytes are array buffers, outside it; pdf-lib's objects
 * for a 10 MB PDF of 60 scanned pages stay far below), young generation 4 MB like the server's own
 * (--max-semi-space-size=4). A file that needs more is refused as unreadable and the worker replaced.
 */
const PDF_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };
/** The worker ends after this long with nothing to do (30-35 MB while it parses, about 10 MB idle); the next PDF starts one. */
export const pdfWorkerIdle = { ms: 30_000 };

type Reply = { ready: true; id?: undefined } | { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; reason: MetadataError['reason'] };
interface Pending {
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}
/** A thread that has not loaded its parser within this long (a very busy machine) is ended, its files refused. */
const PDF_START_LIMIT_MS = 60_000;

/** Abri runs its TypeScript through tsx: the worker registers it before loading the worker module. */
function startWorker(): Worker {
  const options = { resourceLimits: PDF_LIMITS };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pdf-worker.js', import.meta.url), options);
  const file = new URL('./pdf-worker.ts', import.meta.url).href;
  const boot = `(async () => { const { register } = await import('tsx/esm/api'); register(); await import(${JSON.stringify(file)}); })();`;
  return new Worker(boot, { ...options, eval: true });
}

let worker: Worker | undefined;
let ready = false;
let startTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();
let idleTimer: NodeJS.Timeout | undefined;

/** True while a worker thread is alive (for tests and the memory benchmark). */
export function pdfWorkerRunning(): boolean {
  return worker !== undefined;
}

function settled(): void {
  if (pending.size > 0 || !worker) return;
  const w = worker;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (worker === w && pending.size === 0) stop(w);
  }, pdfWorkerIdle.ms);
  idleTimer.unref();
}

const stopped = new WeakSet<Worker>();

/** Ends a worker (idle, timed out, crashed, out of memory); what it still had to do is refused as unreadable. */
function stop(w: Worker): void {
  if (stopped.has(w)) return;
  stopped.add(w);
  if (worker === w) {
    worker = undefined;
    clearTimeout(startTimer);
  }
  void w.terminate();
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    p.reject(new MetadataError('pdf-unreadable'));
    pending.delete(id);
  }
}

function theWorker(): Worker {
  if (worker) return worker;
  const w = startWorker();
  ready = false;
  // Not unref'd: while the thread starts, this timer keeps the process waiting for the file being cleaned.
  startTimer = setTimeout(() => stop(w), PDF_START_LIMIT_MS);
  w.on('message', (m: Reply) => {
    if (m.id === undefined) {
      if (worker !== w) return;
      // The deadlines start once the parser is loaded: starting the thread is not the file's fault.
      ready = true;
      clearTimeout(startTimer);
      for (const p of pending.values()) p.timer ??= setTimeout(() => stop(w), PDF_TIME_LIMIT_MS);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(Buffer.from(m.bytes));
    else p.reject(new MetadataError(m.reason));
    settled();
  });
  w.on('error', () => stop(w));
  w.on('exit', () => stop(w));
  // After the listeners (attaching one refs the worker again): an idle worker never keeps the process alive.
  w.unref();
  worker = w;
  return w;
}

/**
 * Cleans a PDF in one worker thread, with a time and a memory limit. pdf-lib takes seconds on some junk
 * (a 300 KB file of one repeated byte took 6 s on this machine), so a reporter-facing parser must not run on the
 * event loop; a file over the limit is refused as unreadable and the worker is replaced. The worker ends when idle.
 */
export function cleanPdfIsolated(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    clearTimeout(idleTimer);
    const w = theWorker();
    const id = ++nextId;
    const timer = ready ? setTimeout(() => stop(w), PDF_TIME_LIMIT_MS) : undefined;
    pending.set(id, { resolve, reject, timer });
    w.postMessage({ id, bytes });
  });
}
