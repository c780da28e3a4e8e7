/**
 * Report intake under a surge (issue 16), on SQLite and (with BENCH_POSTGRES_URL or TEST_DATABASE_URL) PostgreSQL.
 * In one run, per database: the receipt KDF alone at the same concurrency (the ceiling, measured before and after
 * intake in its own process with the server's libuv pool size), then 20 reporters sending the browser's flow (the
 * multipart form with its one-time token, POST → 303 → the receipt page): phase 1 alone (throughput, CPU per report,
 * event-loop delay, read over IPC from bench/intake-probe.ts around the window, and the same histogram in an idle
 * Node process as the machine's noise floor), phase 2 while one visitor reads /healthz and one the public article
 * page (in their own process). Then the crash test: kill -9 under the same load, restart, every
 * receipt code returned must find its report. Talks only to 127.0.0.1; every loop is bounded in time and count.
 *   npx tsx bench/intake.ts [--seconds 20] [--crash-runs 2] [--json]
 *   npx tsx bench/intake.ts --profile [--reports 150]   (one reporter, CPU profile of that window; where a report's time goes)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { seedContentIfEmpty } from '../src/content/content.seed.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId, nowIso } from '../src/platform/ids.js';
import { validReport } from '../test/support/reports.js';
import { multipart } from '../test/support/http.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CONCURRENCY = 20;
const ARTICLE = '/en/news/before-you-accept-a-job-abroad';
/** The pool size the server and the KDF-alone process get: one thread per core (see BENCHMARKS.md). */
const POOL = process.env.UV_THREADPOOL_SIZE ?? String(availableParallelism());

function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}
const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Target {
  name: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl: string;
  drop: () => Promise<void>;
}

async function makeTarget(name: 'sqlite' | 'postgres', pgServer: string | undefined): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-intake-'));
  let databaseUrl = '';
  let drop = async (): Promise<void> => undefined;
  if (name === 'postgres' && pgServer) {
    const db = `abri_intake_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
    const u = new URL(pgServer);
    u.pathname = `/${db}`;
    databaseUrl = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: pgServer });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({}, { dataDir, databaseUrl: databaseUrl || undefined, logLevel: 'silent', jobs: false });
  const { ctx } = await startContext(config);
  const now = nowIso();
  await ctx.db
    .insertInto('offices')
    .values({ id: newId(), code: 'TN', name: 'Bench office', country: 'TN', languages: '["fr"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now })
    .execute();
  await seedContentIfEmpty(ctx);
  await ctx.database.close();
  return {
    name,
    dataDir,
    databaseUrl,
    drop: async () => {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const exits = new Map<ChildProcess, Promise<void>>();

function startServer(t: Target, port: number, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--import', './bench/intake-probe.ts', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      UV_THREADPOOL_SIZE: POOL,
      DATA_DIR: t.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ABRI_JOBS: 'false',
      TRUST_PROXY: 'true',
      DATABASE_URL: t.databaseUrl,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  exits.set(child, new Promise((resolve) => child.once('exit', () => resolve())));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 180_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return resolve(child);
      } catch {}
      if (Date.now() > deadline) return reject(new Error('server did not start'));
      setTimeout(poll, 100);
    };
    poll();
  });
}

async function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  child.kill(signal);
  await exits.get(child);
}

interface Probe {
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  loopActiveMs: number;
  loopUtilisation: number;
  cpuMs: number;
}

function ask(child: ChildProcess, message: 'reset' | 'read' | { profileTo: string | null }): Promise<Probe> {
  const answer = message === 'read' ? 'probe' : message === 'reset' ? 'reset' : message.profileTo === null ? 'profiling' : 'profiled';
  return new Promise((resolve) => {
    const on = (m: { kind: string } & Probe) => {
      if (m.kind !== answer) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send(message);
  });
}

function kdfAlone(seconds: number): { perSecond: number; cpuMsPerHash: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/kdf-alone.ts', String(seconds), String(CONCURRENCY)], {
    cwd: ROOT,
    env: { ...process.env, UV_THREADPOOL_SIZE: POOL },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const CODE_RE = /data-receipt-code[^>]*>(\d{4} \d{4} \d{4} \d{4})</;
let serial = 0;
let acknowledged = 0;

/** One reporter's whole submission as a browser makes it: the form with its token, the redirect, the receipt page. */
async function submitOne(port: number, w: number): Promise<string | undefined> {
  const n = ++serial;
  const token = randomBytes(18).toString('base64url');
  const body = multipart({
    ...validReport({
      phones: `+216 20 ${String(n).padStart(6, '0')}`,
      description: `Rapport de test numéro ${n}: des ouvriers travaillent sans salaire et on garde leurs papiers.`,
    }),
    submission: token,
  });
  const forwarded = `10.${w}.${(n >> 8) & 255}.${n & 255}`;
  const r = await fetch(`http://127.0.0.1:${port}/fr/report`, {
    method: 'POST',
    body: body.payload,
    headers: { ...body.headers, 'x-forwarded-for': forwarded },
    redirect: 'manual',
  });
  await r.text();
  const location = r.headers.get('location');
  if (r.status !== 303 || !location) return undefined;
  const page = await fetch(`http://127.0.0.1:${port}${location}`, { headers: { 'x-forwarded-for': forwarded } });
  return CODE_RE.exec(await page.text())?.[1];
}

interface Load {
  ok: number;
  errors: number;
  latencies: number[];
  codes: string[];
  seconds: number;
}

async function reporters(port: number, seconds: number, concurrency: number, stop?: { stop: boolean }): Promise<Load> {
  const res: Load = { ok: 0, errors: 0, latencies: [], codes: [], seconds };
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; i < 100_000 && performance.now() < end && !stop?.stop; i++) {
        const t0 = performance.now();
        try {
          const code = await submitOne(port, w);
          if (code) {
            acknowledged++;
            res.ok++;
            res.codes.push(code);
            res.latencies.push(performance.now() - t0);
          } else res.errors++;
        } catch {
          res.errors++;
          if (stop?.stop) return;
        }
      }
    }),
  );
  res.seconds = (performance.now() - started) / 1000;
  return res;
}

/**
 * Two visitors reading pages during the surge (one /healthz, one the article), each request 10 ms after the previous
 * answer, in their own process so that the reporters' client work does not delay their measurements.
 */
const READERS = `
const [port, ...paths] = process.argv.slice(1);
let stop = false;
const out = {};
const loops = paths.map(async (path) => {
  const r = (out[path] = { latencies: [], errors: 0 });
  for (let i = 0; i < 100000 && !stop; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch('http://127.0.0.1:' + port + path);
      await res.text();
      if (res.ok) r.latencies.push(performance.now() - t0);
      else r.errors++;
    } catch { r.errors++; }
    await new Promise((ok) => setTimeout(ok, 10));
  }
});
process.on('message', async () => { stop = true; await Promise.all(loops); process.send(out, () => process.exit(0)); });
`;

function readers(port: number, paths: string[]): { stop: () => Promise<Record<string, { latencies: number[]; errors: number }>> } {
  const child = spawn(process.execPath, ['-e', READERS, String(port), ...paths], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as Record<string, { latencies: number[]; errors: number }>));
        child.send('stop');
      }),
  };
}

async function verify(port: number, codes: string[]): Promise<number> {
  let missing = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      while (next < codes.length) {
        const code = codes[next++] as string;
        const r = await fetch(`http://127.0.0.1:${port}/fr/report/follow-up`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.200.${w}.${next & 255}` },
          body: new URLSearchParams({ code }).toString(),
        });
        await r.text();
        if (r.status !== 200) missing++;
      }
    }),
  );
  return missing;
}

export interface IntakeResult {
  database: string;
  kdfPerSecond: number;
  kdfRuns: number[];
  kdfCpuMsPerHash: number;
  reportsPerSecond: number;
  ratio: number;
  reports: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The same histogram in an idle Node process during phase 1: the machine's own scheduling delay. */
  referenceLoopDelayP99Ms: number;
  loopDelayWithReadersP99Ms: number;
  loopMsPerReport: number;
  cpuMsPerReport: number;
  cpuMsPerReportOutsideKdf: number;
  reportsPerSecondWithReaders: number;
  healthzP99Ms: number;
  healthzRequests: number;
  articleP99Ms: number;
  articleRequests: number;
  readerErrors: number;
  crash: { runs: number; codes: number; lost: number; detail: string[] };
}

/** A process that does nothing but measure its own event-loop delay: what the machine's other load alone costs a loop. */
function idleReference(): { stop: () => Promise<number> } {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "const h=require('node:perf_hooks').monitorEventLoopDelay({resolution:5});h.enable();process.on('message',()=>{process.send(h.percentile(99)/1e6);process.exit(0)});setInterval(()=>{},1000)",
    ],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(Number(m)));
        child.send('stop');
      }),
  };
}

async function intake(t: Target, seconds: number, crashRuns: number): Promise<IntakeResult> {
  const port = await freePort();
  const kdfBefore = kdfAlone(Math.max(5, Math.round(seconds / 2)));
  let server = await startServer(t, port);
  // Warm-up: the first reports load franc, the keys and the prepared statements.
  await reporters(port, 3, 4);
  // Phase 1, intake alone: throughput, CPU per report, event-loop delay.
  const reference = idleReference();
  await ask(server, 'reset');
  const load = await reporters(port, seconds, CONCURRENCY);
  const probe = await ask(server, 'read');
  const referenceP99 = await reference.stop();
  // Phase 2, the same intake while one visitor reads /healthz and one the article page (10 ms between requests).
  const visitors = readers(port, ['/healthz', ARTICLE]);
  await ask(server, 'reset');
  const load2 = await reporters(port, seconds, CONCURRENCY);
  const probe2 = await ask(server, 'read');
  const seen = await visitors.stop();
  const h = seen['/healthz'] ?? { latencies: [], errors: 0 };
  const a = seen[ARTICLE] ?? { latencies: [], errors: 0 };
  await stopServer(server);
  const kdfAfter = kdfAlone(Math.max(5, Math.round(seconds / 2)));
  const kdfPerSecond = (kdfBefore.perSecond + kdfAfter.perSecond) / 2;
  const kdfCpu = (kdfBefore.cpuMsPerHash + kdfAfter.cpuMsPerHash) / 2;
  const perSecond = load.ok / load.seconds;
  // The KDF runs once per report (when it is received); the receipt page decrypts, it does not hash.
  const cpuPerReport = probe.cpuMs / Math.max(1, load.ok);
  const crash = { runs: crashRuns, codes: 0, lost: 0, detail: [] as string[] };
  for (let run = 1; run <= crashRuns; run++) {
    server = await startServer(t, port);
    const s = { stop: false };
    acknowledged = 0;
    const pending = reporters(port, 120, CONCURRENCY, s);
    // Killed once reports are being acknowledged (10 codes returned, or 90 s), at a random moment 0–2 s later.
    const t0 = Date.now();
    while (acknowledged < 10 && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 2000)));
    const killAfter = Date.now() - t0;
    server.kill('SIGKILL');
    s.stop = true;
    const r = await pending;
    await exits.get(server);
    server = await startServer(t, port);
    const missing = await verify(port, r.codes);
    await stopServer(server);
    crash.codes += r.codes.length;
    crash.lost += missing;
    crash.detail.push(`run ${run}: killed after ${killAfter} ms, ${r.codes.length} codes returned, ${r.errors} requests cut, ${missing} missing after restart`);
  }
  return {
    database: t.name,
    kdfPerSecond,
    kdfRuns: [kdfBefore.perSecond, kdfAfter.perSecond],
    kdfCpuMsPerHash: kdfCpu,
    reportsPerSecond: perSecond,
    ratio: perSecond / kdfPerSecond,
    reports: load.ok,
    errors: load.errors + load2.errors,
    p50Ms: pct(load.latencies, 0.5),
    p99Ms: pct(load.latencies, 0.99),
    loopDelayP99Ms: probe.delayP99Ms,
    loopDelayMaxMs: probe.delayMaxMs,
    referenceLoopDelayP99Ms: referenceP99,
    loopDelayWithReadersP99Ms: probe2.delayP99Ms,
    loopMsPerReport: probe.loopActiveMs / Math.max(1, load.ok),
    cpuMsPerReport: cpuPerReport,
    cpuMsPerReportOutsideKdf: cpuPerReport - kdfCpu,
    reportsPerSecondWithReaders: load2.ok / load2.seconds,
    healthzP99Ms: pct(h.latencies, 0.99),
    healthzRequests: h.latencies.length,
    articleP99Ms: pct(a.latencies, 0.99),
    articleRequests: a.latencies.length,
    readerErrors: h.errors + a.errors,
    crash,
  };
}

export function intakeMarkdown(results: IntakeResult[]): string[] {
  const lines = [
    '| 20 concurrent reporters (browser flow) | ' + results.map((r) => r.database).join(' | ') + ' | goal |',
    '|---|' + results.map(() => '---|').join('') + '---|',
  ];
  const row = (label: string, f: (r: IntakeResult) => string, goal: string) => lines.push(`| ${label} | ${results.map(f).join(' | ')} | ${goal} |`);
  row('receipt KDF alone, 20 concurrent (ceiling; before, after)', (r) => `${r1(r.kdfPerSecond)}/s (${r.kdfRuns.map(r1).join(', ')})`, '');
  row('intake, reports acknowledged', (r) => `${r1(r.reportsPerSecond)}/s (${r.reports}, ${r.errors} errors)`, '');
  row('**intake ÷ ceiling**', (r) => `**${r2(r.ratio)}**`, '≥ 0.9');
  row('report latency p50 / p99 (POST → 303 → receipt page)', (r) => `${Math.round(r.p50Ms)} / ${Math.round(r.p99Ms)} ms`, '');
  row('event-loop delay p99 (max) during intake', (r) => `${r1(r.loopDelayP99Ms)} ms (${r1(r.loopDelayMaxMs)})`, '< 20 ms');
  row('same histogram in an idle Node process meanwhile (machine noise)', (r) => `${r1(r.referenceLoopDelayP99Ms)} ms`, '');
  row('event-loop busy time per report', (r) => `${r2(r.loopMsPerReport)} ms`, '');
  row('process CPU per report / KDF CPU per hash', (r) => `${r2(r.cpuMsPerReport)} / ${r2(r.kdfCpuMsPerHash)} ms`, '');
  row('**CPU per report outside the KDF**', (r) => `**${r2(r.cpuMsPerReportOutsideKdf)} ms**`, '< 5 ms');
  row(
    'phase 2, intake with two readers: reports/s, event-loop delay p99',
    (r) => `${r1(r.reportsPerSecondWithReaders)}/s, ${r1(r.loopDelayWithReadersP99Ms)} ms`,
    '',
  );
  row('/healthz p99 during intake', (r) => `${r1(r.healthzP99Ms)} ms (${r.healthzRequests} requests)`, '< 100 ms');
  row('article page p99 during intake', (r) => `${r1(r.articleP99Ms)} ms (${r.articleRequests} requests)`, '< 100 ms');
  row('crash test: codes returned before kill -9 / lost', (r) => `${r.crash.codes} / ${r.crash.lost} (${r.crash.runs} runs)`, '0 lost');
  return lines;
}

/** Where one report's time goes: one reporter at a time, the inspector's CPU profile of that window, self time grouped. */
async function profile(reports: number): Promise<void> {
  const t = await makeTarget('sqlite', undefined);
  const port = await freePort();
  const profDir = mkdtempSync(join(tmpdir(), 'abri-prof-'));
  const server = await startServer(t, port);
  await reporters(port, 2, 1);
  await ask(server, 'reset');
  await ask(server, { profileTo: null });
  const t0 = performance.now();
  let n = 0;
  const lat: number[] = [];
  for (; n < reports; n++) {
    const s = performance.now();
    await submitOne(port, 1);
    lat.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  const probe = await ask(server, 'read');
  await ask(server, { profileTo: join(profDir, 'intake.cpuprofile') });
  await stopServer(server);
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  console.log(
    `${n} reports one at a time: ${r1(wall / n)} ms each (p50 ${r1(pct(lat, 0.5))}, p99 ${r1(pct(lat, 0.99))}); event loop busy ${r2(probe.loopActiveMs / n)} ms/report, process CPU ${r2(probe.cpuMs / n)} ms/report, loop delay p99 ${r1(probe.delayP99Ms)} ms, max ${r1(probe.delayMaxMs)} ms`,
  );
  if (file) summariseProfile(JSON.parse(readFileSync(join(profDir, file), 'utf8')), n);
  rmSync(profDir, { recursive: true, force: true });
  await t.drop();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function summariseProfile(prof: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, reports: number): void {
  const byId = new Map(prof.nodes.map((x) => [x.id, x]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++)
    self.set(prof.samples[i] as number, (self.get(prof.samples[i] as number) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  const group = (x: ProfileNode): string => {
    const { url, functionName } = x.callFrame;
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') return functionName;
    if (!url) return `native: ${functionName || '(anonymous)'}`;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return `package: ${m[1]}`;
    const s = /\/(src\/[^:]+)/.exec(url);
    if (s) return s[1] as string;
    if (url.startsWith('node:')) return url;
    return url.replace(/^.*\//, '');
  };
  const totals = new Map<string, number>();
  for (const [id, ms] of self) {
    const x = byId.get(id);
    if (x) totals.set(group(x), (totals.get(group(x)) ?? 0) + ms);
  }
  const sorted = [...totals].sort((a, b) => b[1] - a[1]);
  console.log('self time on the main thread, per report, by module (top 30):');
  for (const [k, ms] of sorted.slice(0, 30))
    console.log(
      `  ${r2(ms / reports)
        .toFixed(2)
        .padStart(7)} ms  ${k}`,
    );
  const fn = new Map<string, number>();
  for (const [id, ms] of self) {
    const x = byId.get(id);
    if (!x || ['(idle)', '(program)'].includes(x.callFrame.functionName)) continue;
    const k = `${x.callFrame.functionName || '(anonymous)'} ${group(x)}:${x.callFrame.lineNumber + 1}`;
    fn.set(k, (fn.get(k) ?? 0) + ms);
  }
  console.log('top functions by self time, per report:');
  for (const [k, ms] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(
      `  ${r2(ms / reports)
        .toFixed(2)
        .padStart(7)} ms  ${k}`,
    );
}

export async function benchIntake(opts: { seconds: number; crashRuns: number; postgres: string | undefined }): Promise<IntakeResult[]> {
  const out: IntakeResult[] = [];
  for (const name of opts.postgres ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    const t = await makeTarget(name, opts.postgres);
    try {
      out.push(await intake(t, opts.seconds, opts.crashRuns));
    } finally {
      await t.drop();
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      'crash-runs': { type: 'string', default: '2' },
      profile: { type: 'boolean', default: false },
      reports: { type: 'string', default: '150' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.profile) await profile(Math.min(2000, Number(values.reports)));
  else {
    console.log(
      `libuv pool ${POOL} threads, ${availableParallelism()} cores, load average at start ${loadavg().map(r2).join(' / ')}, ${new Date().toISOString()}`,
    );
    const results = await benchIntake({
      seconds: Math.min(300, Number(values.seconds)),
      crashRuns: Math.min(10, Number(values['crash-runs'])),
      postgres: process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL,
    });
    console.log(intakeMarkdown(results).join('\n'));
    for (const r of results) for (const d of r.crash.detail) console.log(`${r.database} crash ${d}`);
    console.log(`load average at end ${loadavg().map(r2).join(' / ')}`);
    if (values.json) console.log(JSON.stringify(results, null, 2));
  }
}
