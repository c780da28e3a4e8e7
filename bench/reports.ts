/**
 * Reports benchmark: reports accepted per second and p99 latency with 20 concurrent reporters, as a ratio to
 * /healthz in the same run; then a crash test (kill -9 during that load, restart, every returned code must find
 * its report). Talks only to 127.0.0.1; every loop is bounded by time and count.
 *   npx tsx bench/reports.ts            (BENCH_SECONDS=30 CRASH_RUNS=3 by default)
 *   BENCH_DATABASE_URL=postgres://…/empty_db npx tsx bench/reports.ts    (the same on PostgreSQL: give an empty database)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId, nowIso } from '../src/platform/ids.js';
import { validReport } from '../test/support/reports.js';
import { multipart } from '../test/support/http.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONCURRENCY = 20;
const CRASH_RUNS = Number(process.env.CRASH_RUNS ?? 3);
const ROOT = new URL('..', import.meta.url).pathname;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function prepare(dataDir: string): Promise<void> {
  const config = loadConfig({}, { dataDir, databaseUrl: DATABASE_URL || undefined, logLevel: 'silent', jobs: false });
  const { ctx } = await startContext(config);
  const now = nowIso();
  await ctx.db.insertInto('offices').values({ id: newId(), code: 'TN', name: 'Bench office', country: 'TN', languages: '["fr"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now }).execute();
  await ctx.database.close();
}

/** Exit of each server, awaited after a kill even when the process is already gone. */
const exits = new Map<ChildProcess, Promise<void>>();

function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    // TRUST_PROXY lets each simulated reporter be its own client (X-Forwarded-For), so the per-client limit applies per reporter.
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ABRI_JOBS: 'false', TRUST_PROXY: 'true', DATABASE_URL },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  exits.set(child, new Promise((resolve) => child.once('exit', () => resolve())));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return resolve(child);
      } catch {}
      if (Date.now() > deadline) {
        // Not left running: with WORKERS=N its workers stop once their primary is gone.
        child.kill('SIGKILL');
        return reject(new Error('server did not start'));
      }
      setTimeout(poll, 100);
    };
    poll();
  });
}

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const CODE_RE = /data-receipt-code[^>]*>(\d{4} \d{4} \d{4} \d{4})</;

interface LoadResult {
  ok: number;
  errors: number;
  latencies: number[];
  codes: string[];
  seconds: number;
}

async function load(port: number, seconds: number, kind: 'report' | 'health', stopSignal?: { stop: boolean }): Promise<LoadResult> {
  const end = Date.now() + seconds * 1000;
  const res: LoadResult = { ok: 0, errors: 0, latencies: [], codes: [], seconds };
  const started = Date.now();
  let n = 0;
  const worker = async (w: number) => {
    for (let i = 0; i < 1_000_000 && Date.now() < end && !stopSignal?.stop; i++) {
      const t0 = performance.now();
      try {
        if (kind === 'health') {
          const r = await fetch(`http://127.0.0.1:${port}/healthz`);
          await r.text();
          if (r.ok) res.ok++;
          else res.errors++;
        } else {
          n++;
          const body = multipart(validReport({ phones: `+216 20 ${String(n).padStart(6, '0')}`, description: `Rapport de test numéro ${n}: des ouvriers travaillent sans salaire et on garde leurs papiers.` }));
          const r = await fetch(`http://127.0.0.1:${port}/fr/report`, { method: 'POST', body: body.payload, headers: { ...body.headers, 'x-forwarded-for': `10.${w}.${(n >> 8) & 255}.${n & 255}` } });
          const html = await r.text();
          const m = CODE_RE.exec(html);
          if (r.status === 200 && m?.[1]) {
            res.ok++;
            res.codes.push(m[1]);
          } else res.errors++;
        }
        res.latencies.push(performance.now() - t0);
      } catch {
        res.errors++;
        if (stopSignal?.stop) return;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  res.seconds = (Date.now() - started) / 1000;
  return res;
}

async function verify(port: number, codes: string[]): Promise<number> {
  let missing = 0;
  let next = 0;
  const worker = async (w: number) => {
    while (next < codes.length) {
      const code = codes[next++] as string;
      const r = await fetch(`http://127.0.0.1:${port}/fr/report/follow-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.200.${w}.1` },
        body: new URLSearchParams({ code }).toString(),
      });
      await r.text();
      if (r.status !== 200) missing++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  return missing;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-'));
  await prepare(dataDir);
  const port = await freePort();
  let server = await startServer(dataDir, port);
  const health = await load(port, Math.max(5, Math.round(SECONDS / 3)), 'health');
  const reports = await load(port, SECONDS, 'report');
  server.kill('SIGTERM');
  await exits.get(server);
  const line = (name: string, r: LoadResult) =>
    `${name}: ${(r.ok / r.seconds).toFixed(1)}/s ok, ${r.errors} errors, p50 ${p(r.latencies, 0.5).toFixed(1)} ms, p99 ${p(r.latencies, 0.99).toFixed(1)} ms`;
  console.log(line('healthz', health));
  console.log(line('reports', reports));
  console.log(`ratio reports/healthz throughput: ${(reports.ok / reports.seconds / (health.ok / health.seconds)).toFixed(4)}; p99 ratio ${(p(reports.latencies, 0.99) / p(health.latencies, 0.99)).toFixed(1)}x`);

  let totalCodes = 0;
  let totalMissing = 0;
  for (let run = 1; run <= CRASH_RUNS; run++) {
    server = await startServer(dataDir, port);
    const stop = { stop: false };
    const killAfter = 2000 + Math.floor(Math.random() * 4000);
    const pending = load(port, 30, 'report', stop);
    await new Promise((r) => setTimeout(r, killAfter));
    server.kill('SIGKILL');
    stop.stop = true;
    const r = await pending;
    await exits.get(server);
    server = await startServer(dataDir, port);
    const missing = await verify(port, r.codes);
    server.kill('SIGTERM');
    await exits.get(server);
    totalCodes += r.codes.length;
    totalMissing += missing;
    console.log(`crash run ${run}: killed after ${killAfter} ms, ${r.codes.length} codes returned, ${r.errors} requests cut, ${missing} reports missing after restart`);
  }
  console.log(`crash total: ${CRASH_RUNS} runs, ${totalCodes} codes returned, ${totalMissing} lost`);
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
