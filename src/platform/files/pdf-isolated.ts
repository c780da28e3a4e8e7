import { Worker } from 'node:worker_threads';
import { MetadataError } from './strip-metadata.js';

export const PDF_TIME_LIMIT_MS = 8_000;
/** The cap on a worker's start (loading the parser), a bound for a hang: a busy machine may take seconds. */
const WORKER_START_LIMIT_MS = 120_000;
const PDF_MEMORY_LIMIT_MB = 128;

type Reply = { ready: true } | { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; reason: MetadataError['reason'] };
interface Pending {
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
  /** Started once the worker has loaded: the limit is the parse's, not the worker's start. */
  timer: NodeJS.Timeout | undefined;
}

/** Abri runs its TypeScript through tsx: the worker registers it before loading the worker module. */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: PDF_MEMORY_LIMIT_MB } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pdf-worker.js', import.meta.url), options);
  const file = new URL('./pdf-worker.ts', import.meta.url).href;
  const boot = `(async () => { const { register } = await import('tsx/esm/api'); register(); await import(${JSON.stringify(file)}); })();`;
  return new Worker(boot, { ...options, eval: true });
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

const stopped = new WeakSet<Worker>();
const ready = new WeakSet<Worker>();
let startTimer: NodeJS.Timeout | undefined;

/** Ends a worker (timed out, crashed, out of memory); what it still had to do is refused as unreadable. */
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
  w.on('message', (m: Reply) => {
    if ('ready' in m) {
      ready.add(w);
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
  });
  w.on('error', () => stop(w));
  w.on('exit', () => stop(w));
  // After the listeners (attaching one refs the worker again): an idle worker never keeps the process alive.
  w.unref();
  worker = w;
  // Not unref'd: it keeps the process alive for the file that started the worker, as that file's own timer will.
  startTimer = setTimeout(() => stop(w), WORKER_START_LIMIT_MS);
  return w;
}

/**
 * Cleans a PDF in one long-lived worker thread, with a time and a memory limit. pdf-lib takes seconds on some junk
 * (a 300 KB file of one repeated byte took 6 s on this machine), so a reporter-facing parser must not run on the
 * event loop; a file over the limit is refused as unreadable and the worker is replaced. The limit counts from the
 * moment the worker has loaded the parser (it says so), so that a slow start on a busy machine refuses no file.
 */
export function cleanPdfIsolated(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const w = theWorker();
    const id = ++nextId;
    const timer = ready.has(w) ? setTimeout(() => stop(w), PDF_TIME_LIMIT_MS) : undefined;
    pending.set(id, { resolve, reject, timer });
    w.postMessage({ id, bytes });
  });
}
