/**
 * `npm run bench [-- --runs 5 --rounds 5 --concurrency 20]`: start-up time, idle memory and concurrent sign-in
 * latency of Abri on this machine, printed as Markdown (paste into BENCHMARKS.md) and as JSON.
 * Only 127.0.0.1 traffic; every loop is bounded in count and in time.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchCaseList, caseListMarkdown } from './caselist.js';
import { benchIntake, intakeMarkdown } from './intake.js';
import { median, round } from './lib.js';
import { benchMemory, MEMORY_GOAL_MB } from './memory.js';
import { benchSignIn } from './sign-in.js';
import { benchStartModes, benchStartup } from './startup.js';
import { benchThrottles, throttlesMarkdown } from './throttles.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '20' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Math.min(50, Math.max(1, Number(values.runs)));
const rounds = Math.min(50, Math.max(1, Number(values.rounds)));
const concurrency = Math.min(200, Math.max(1, Number(values.concurrency)));
const only = values.only?.split(',');
const want = (name: string) => !only || only.includes(name);

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
  date: new Date().toISOString(),
  /** Other work on the machine skews the numbers: recorded so runs can be compared fairly. */
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};

const results: Record<string, unknown> = { machine };
const lines: string[] = [`Machine: ${machine.nproc} CPUs (${machine.cpu}), Node ${machine.node}, ${machine.platform}, libuv threads ${machine.uvThreadpool}, load average at start ${machine.loadAverageAtStart.join(' / ')}, ${machine.date}`, ''];

if (want('startup')) {
  const s = await benchStartup(runs);
  results.startup = s;
  lines.push(`| Start-up, spawn → first 200 on /healthz | median of ${s.runs} |`, '|---|---|');
  lines.push(`| first run (empty data dir: key file, migrations, setup link) | ${round(s.firstRunMedian, 0)} ms (runs: ${s.firstRunMs.map((v) => round(v, 0)).join(', ')}) |`);
  lines.push(`| restart (existing data dir) | ${round(s.restartMedian, 0)} ms (runs: ${s.restartMs.map((v) => round(v, 0)).join(', ')}) |`, '');
}
if (want('start-modes')) {
  const s = await benchStartModes(runs);
  results.startModes = s;
  const fmt = (v: number[], unit: string, digits: number) => `${round(median(v), digits)} ${unit} (runs: ${v.map((x) => round(x, digits)).join(', ')})`;
  lines.push(`| Restart on a SQLite data directory, median of ${s.runs} | spawn → first 200 on /readyz | idle RSS 3 s later |`, '|---|---|---|');
  for (const mode of ['tsx', 'compiled'] as const) {
    const label = mode === 'tsx' ? 'before: `node --import tsx src/server.ts`' : 'after: `npm start` (compiled dist/)';
    lines.push(`| ${label} | ${fmt(s.readyMs[mode], 'ms', 0)} | ${fmt(s.idleMb[mode], 'MB', 1)} |`);
  }
  lines.push('');
}
if (want('memory')) {
  const m = await benchMemory(Math.min(runs, 3));
  results.memory = m;
  lines.push(`| Memory (RSS) | median of ${m.runs} | goal |`, '|---|---|---|');
  lines.push(`| idle, 3 s after start | ${round(m.idleMedianMb)} MB | < ${MEMORY_GOAL_MB} MB ${m.idleMedianMb < MEMORY_GOAL_MB ? '✔' : '✘'} |`);
  lines.push(`| idle after the first pages were rendered | ${round(m.warmMedianMb)} MB | < ${MEMORY_GOAL_MB} MB ${m.warmMedianMb < MEMORY_GOAL_MB ? '✔' : '✘'} |`, '');
}
if (want('sign-in')) {
  const r = await benchSignIn({ concurrency, rounds, timeLimitMs: 180_000 });
  results.signIn = r;
  lines.push(`| ${r.concurrency} concurrent, ${r.rounds} rounds (${r.signIn.samples} sign-ins, ${r.failures} failed) | median | p99 | median ÷ /healthz | p99 ÷ /healthz |`, '|---|---|---|---|---|');
  lines.push(`| sign-in: password + second-factor page + TOTP code | ${round(r.signIn.medianMs, 0)} ms | ${round(r.signIn.p99Ms, 0)} ms | ${round(r.ratioToHealthz.median)}× | ${round(r.ratioToHealthz.p99)}× |`);
  lines.push(`| password step alone | ${round(r.passwordStep.medianMs, 0)} ms | ${round(r.passwordStep.p99Ms, 0)} ms | ${round(r.passwordStep.medianMs / r.healthz.medianMs)}× | ${round(r.passwordStep.p99Ms / r.healthz.p99Ms)}× |`);
  lines.push(`| baseline GET /healthz (same concurrency, ${r.healthz.samples} requests) | ${round(r.healthz.medianMs)} ms | ${round(r.healthz.p99Ms)} ms | 1× | 1× |`);
  lines.push(`| baseline GET /staff/sign-in page (${r.signInPage.samples} requests) | ${round(r.signInPage.medianMs)} ms | ${round(r.signInPage.p99Ms)} ms | ${round(r.signInPage.medianMs / r.healthz.medianMs)}× | ${round(r.signInPage.p99Ms / r.healthz.p99Ms)}× |`);
  lines.push('', `Throughput during the sign-in rounds: ${round(r.signInsPerSecond)} sign-ins/s; RSS after the load: ${round(r.rssAfterMb)} MB.`, '');
}
if (want('caselist')) {
  const r = await benchCaseList();
  results.caseList = r;
  lines.push(...caseListMarkdown(r));
}

if (want('throttles')) {
  const r = await benchThrottles();
  results.throttles = r;
  lines.push(...throttlesMarkdown(r));
}

if (want('intake')) {
  // Report intake under a surge (issue 16): SQLite, and PostgreSQL when BENCH_POSTGRES_URL or TEST_DATABASE_URL is set.
  const r = await benchIntake({ seconds: 30, crashRuns: 2, postgres: process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL });
  results.intake = r;
  lines.push(...intakeMarkdown(r), '');
}

console.log(lines.join('\n'));
if (values.json) console.log(JSON.stringify(results, null, 2));
