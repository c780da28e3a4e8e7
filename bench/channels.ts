/**
 * Channels benchmark: inbound SMS messages handled per second (Twilio webhooks, signed as Twilio signs them, each
 * sender going through the whole guided conversation to its receipt), as a ratio to web reports per second in the
 * same run, on the same server. Talks only to 127.0.0.1; every loop is bounded by time.
 *   npx tsx bench/channels.ts            (BENCH_SECONDS=20 CONCURRENCY=20 by default)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twilioSignature } from '../src/channels/twilio.js';
import { loadConfig } from '../src/config.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId, nowIso } from '../src/platform/ids.js';
import { validReport } from '../test/support/reports.js';
import { multipart } from '../test/support/http.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const ROOT = new URL('..', import.meta.url).pathname;
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'bench-twilio-auth-token-0123456789';
const OUR = '+21670000111';

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
  const config = loadConfig({}, { dataDir, databaseUrl: undefined, logLevel: 'silent', jobs: false });
  const { ctx } = await startContext(config);
  const now = nowIso();
  await ctx.db
    .insertInto('offices')
    .values({ id: newId(), code: 'TN', name: 'Bench office', country: 'TN', languages: '["fr"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now })
    .execute();
  await ctx.database.close();
}

function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ABRI_JOBS: 'false',
      TRUST_PROXY: 'true',
      DATABASE_URL: '',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
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

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

interface Result {
  ok: number;
  errors: number;
  receipts: number;
  latencies: number[];
  seconds: number;
}

/** The answers of one conversation, Arabic opening then the five questions (the last one gives the receipt). */
const CONVERSATION = [
  'مرحبا، أريد الإبلاغ عن عمال محتجزين في مزرعة قرب المدينة',
  '2',
  '1',
  'يعملون بدون أجر منذ ثلاثة أشهر ويأخذ صاحب العمل جوازات سفرهم',
  'صفاقس',
  '1',
];

async function load(port: number, kind: 'sms' | 'web'): Promise<Result> {
  const end = Date.now() + SECONDS * 1000;
  const res: Result = { ok: 0, errors: 0, receipts: 0, latencies: [], seconds: SECONDS };
  const url = `http://127.0.0.1:${port}/channels/twilio/messages`;
  let n = 0;
  const started = Date.now();
  const worker = async (w: number) => {
    while (Date.now() < end) {
      n++;
      if (kind === 'web') {
        const t0 = performance.now();
        const body = multipart(
          validReport({ phones: `+216 20 ${String(n).padStart(6, '0')}`, description: `Rapport de test numéro ${n}: des ouvriers travaillent sans salaire.` }),
        );
        try {
          const r = await fetch(`http://127.0.0.1:${port}/fr/report`, {
            method: 'POST',
            body: body.payload,
            headers: { ...body.headers, 'x-forwarded-for': `10.${w}.${(n >> 8) & 255}.${n & 255}` },
          });
          const html = await r.text();
          if (r.status === 200 && html.includes('data-receipt-code')) res.ok++;
          else res.errors++;
        } catch {
          res.errors++;
        }
        res.latencies.push(performance.now() - t0);
        continue;
      }
      const sender = `+2165${String(w).padStart(2, '0')}${String(n).padStart(6, '0')}`;
      for (const text of CONVERSATION) {
        if (Date.now() >= end) break;
        const params = { MessageSid: `SM${n}${w}`, AccountSid: SID, From: sender, To: OUR, Body: text, NumMedia: '0' };
        const t0 = performance.now();
        try {
          const r = await fetch(url, {
            method: 'POST',
            body: new URLSearchParams(params),
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, url, Object.entries(params)) },
          });
          const xml = await r.text();
          if (r.status === 200 && xml.startsWith('<?xml')) res.ok++;
          else res.errors++;
          if (/\d{4} \d{4} \d{4} \d{4}/.test(xml)) res.receipts++;
        } catch {
          res.errors++;
        }
        res.latencies.push(performance.now() - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  res.seconds = (Date.now() - started) / 1000;
  return res;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-channels-'));
  await prepare(dataDir);
  const port = await freePort();
  const server = await startServer(dataDir, port);
  const web = await load(port, 'web');
  const sms = await load(port, 'sms');
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  const rate = (r: Result) => r.ok / r.seconds;
  const line = (name: string, r: Result) =>
    `${name}: ${rate(r).toFixed(1)}/s ok, ${r.errors} errors, p50 ${p(r.latencies, 0.5).toFixed(1)} ms, p99 ${p(r.latencies, 0.99).toFixed(1)} ms`;
  console.log(line('web reports', web));
  console.log(line('inbound SMS messages', sms));
  console.log(`SMS reports completed (receipts): ${(sms.receipts / sms.seconds).toFixed(1)}/s`);
  console.log(`ratio inbound SMS messages / web reports: ${(rate(sms) / rate(web)).toFixed(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
