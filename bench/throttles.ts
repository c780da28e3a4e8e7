/**
 * What a shared throttle costs (issue 16 point 4): one hit of the in-memory limiter (one process only) against one
 * hit of the database limiter every process shares, on SQLite and on PostgreSQL (a fresh database on the server of
 * TEST_DATABASE_URL, when set): latency of one hit alone, and hits per second at 20 concurrent clients.
 *   npx tsx bench/throttles.ts        (or `npm run bench -- --only throttles`)
 * Bounded: a fixed number of hits per measure. Only 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startContext } from '../src/platform/bootstrap.js';
import { RateLimiter } from '../src/platform/http/rate-limit.js';
import { freshPostgresDatabase } from '../test/support/app.js';
import { percentile, round } from './lib.js';

const HITS = 2_000;
const CONCURRENCY = 20;

export interface ThrottleMeasure {
  store: string;
  oneHitMedianUs: number;
  oneHitP99Us: number;
  concurrentHitsPerSecond: number;
}

type Take = (key: string) => unknown;

async function measure(store: string, take: Take): Promise<ThrottleMeasure> {
  for (let i = 0; i < 100; i++) await take(`warm-${i}`);
  const lat: number[] = [];
  for (let i = 0; i < HITS; i++) {
    const t0 = performance.now();
    await take(`client-${i % 200}`);
    lat.push((performance.now() - t0) * 1000);
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (next < HITS) {
        next++;
        await take(`c-${w}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { store, oneHitMedianUs: percentile(lat, 50), oneHitP99Us: percentile(lat, 99), concurrentHitsPerSecond: HITS / seconds };
}

async function shared(store: string, databaseUrl: string | undefined): Promise<ThrottleMeasure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-throttles-'));
  const { ctx } = await startContext(loadConfig({}, { dataDir, databaseUrl, logLevel: 'silent', jobs: false }));
  try {
    return await measure(store, (key) => ctx.limiter.take('bench', key, { limit: 1_000_000, windowMs: 3_600_000 }));
  } finally {
    await ctx.database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchThrottles(): Promise<ThrottleMeasure[]> {
  const memory = new RateLimiter();
  const out = [await measure('in-memory (one process, before)', (key) => memory.take('bench', key, { limit: 1_000_000, windowMs: 3_600_000 }))];
  out.push(await shared('SQLite (rate_counters)', undefined));
  if (process.env.TEST_DATABASE_URL) {
    const pg = await freshPostgresDatabase();
    try {
      out.push(await shared('PostgreSQL (rate_counters)', pg.url));
    } finally {
      await pg.drop();
    }
  }
  return out;
}

export function throttlesMarkdown(rows: ThrottleMeasure[]): string[] {
  return [
    `| One throttle hit (${HITS} hits) | alone: median | alone: p99 | ${CONCURRENCY} concurrent: hits/s |`,
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.store} | ${round(r.oneHitMedianUs, 0)} µs | ${round(r.oneHitP99Us, 0)} µs | ${round(r.concurrentHitsPerSecond, 0)} |`),
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchThrottles();
  console.log(throttlesMarkdown(rows).join('\n'));
}
