import { parentPort } from 'node:worker_threads';
import { cleanPdf } from './pdf-clean.js';
import { MetadataError } from './strip-metadata.js';

/** Runs in a worker thread: a hostile PDF can cost the parser seconds and memory, never the server's event loop. */
parentPort?.on('message', (m: { id: number; bytes: Uint8Array }) => {
  cleanPdf(Buffer.from(m.bytes)).then(
    (out) => parentPort?.postMessage({ id: m.id, ok: true, bytes: out }),
    (e) => parentPort?.postMessage({ id: m.id, ok: false, reason: e instanceof MetadataError ? e.reason : 'pdf-unreadable' }),
  );
});

// Loaded (the parser with it): the time limit of each file starts now.
parentPort?.postMessage({ ready: true });
