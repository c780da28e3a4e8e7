import { availableParallelism } from 'node:os';
import { RateLimitedError } from '../http/errors.js';

/**
 * At most as many memory-hard hashes (argon2id: 19 MiB each, the receipt's scrypt: 16 MiB each) at once as there are
 * cores, process-wide. A hash beyond that would only wait for a core on libuv's pool, but it would hold its memory
 * while it waits; here it waits for a slot before it takes any. The waiting line is first come, first served and
 * bounded: past `maxWaiting` the caller is refused with the throttle's answer (429, "wait and try again"), never a
 * 5xx and never an unbounded queue. Wrap any KDF call: `withHashSlot(() => scrypt(...))`, in this thread or around a
 * call handed to a worker.
 */
export class HashSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
  ) {
    if (!(limit >= 1) || !(maxWaiting >= 0)) throw new Error('HashSlots: limit must be at least 1 and maxWaiting at least 0');
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new RateLimitedError(RETRY_AFTER_SECONDS));
    // The slot is handed over as it is released (running stays counted), so a newcomer can never pass the line.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

const RETRY_AFTER_SECONDS = 2;
/** Waiting callers hold a closure each, no hash memory: the line can be long; 64 per core. */
export const HASH_SLOTS = availableParallelism();
export const HASH_QUEUE_MAX = 64 * HASH_SLOTS;

const slots = new HashSlots(HASH_SLOTS, HASH_QUEUE_MAX);

/** Runs one memory-hard hash when a slot is free (the process-wide limiter above). */
export function withHashSlot<T>(fn: () => Promise<T>): Promise<T> {
  return slots.run(fn);
}

/** For /metrics and tests: hashes running and waiting now. */
export function hashSlotUse(): { running: number; waiting: number } {
  return { running: slots.inFlight, waiting: slots.queued };
}
