import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimitedError } from './errors.js';

/**
 * All multipart bodies in flight together, counted by their declared length: 24 MB. A 10 MB photo passes next to a
 * dozen ordinary reports, and any one upload passes on an otherwise idle server (up to five files of MAX_UPLOAD_MB).
 * Was 64 MB: the soak's RSS peaks (BENCHMARKS.md) had up to 74 MB of external memory, most of it buffered bodies.
 */
export const UPLOAD_BUDGET_BYTES = 24 * 1024 * 1024;

/**
 * Multipart bodies are buffered in memory (files are checked and cleaned before anything is written), so many
 * large uploads at once could take the process to gigabytes. The bytes of uploads in flight are counted against
 * one budget; an upload that would pass it waits its turn (429 with Retry-After) instead of being buffered. It is
 * refused before its body is read, so nothing of it is created.
 */
export class UploadBudget {
  private inFlight = 0;
  private readonly held = new WeakMap<FastifyRequest, number>();

  constructor(
    readonly limitBytes: number,
    private readonly maxRequestBytes: number,
  ) {}

  get bytesInFlight(): number {
    return this.inFlight;
  }

  reserve(request: FastifyRequest): void {
    const declared = Number(request.headers['content-length']);
    // A chunked upload says nothing of its size: it is counted at the most it may be.
    const bytes = Number.isFinite(declared) && declared > 0 ? Math.min(declared, this.maxRequestBytes) : this.maxRequestBytes;
    if (this.inFlight > 0 && this.inFlight + bytes > this.limitBytes) throw new RateLimitedError(5);
    this.inFlight += bytes;
    this.held.set(request, bytes);
  }

  release(request: FastifyRequest): void {
    const bytes = this.held.get(request);
    if (bytes === undefined) return;
    this.held.delete(request);
    this.inFlight -= bytes;
  }
}

export function installUploadBudget(app: FastifyInstance, budget: UploadBudget): void {
  app.addHook('onRequest', async (request) => {
    if (String(request.headers['content-type'] ?? '').startsWith('multipart/')) budget.reserve(request);
  });
  app.addHook('onResponse', async (request) => budget.release(request));
  app.addHook('onRequestAbort', async (request) => budget.release(request));
}
