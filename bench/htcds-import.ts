/**
 * HTCDS bulk import benchmark: rows imported per second (POST /staff/import/htcds, then its job's page followed until
 * the background job ends: one workbook, one transaction),
 * and the dry-run preview's rows per second, each as a ratio to web report intake (POST /fr/report, reports per
 * second) in the same run against the same server. The workbook is built before the timed phases. Talks only to
 * 127.0.0.1; every loop is bounded by time and count.
 *   npx tsx bench/htcds-import.ts      (BENCH_SECONDS=10 CONCURRENCY=8 IMPORT_ROWS=1000 by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { htcdsWorkbook, XLSX } from '../test/support/htcds-import.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId, nowIso } from '../src/platform/ids.js';
import { validReport } from '../test/support/reports.js';
import { multipart } from '../test/support/http.js';
import { createUser, type Signed, sessionFor } from '../test/support/people.js';
import { percentile, round, startServer } from './lib.js';

const SECONDS = Math.min(120, Number(process.env.BENCH_SECONDS ?? 10));
const CONCURRENCY = Math.min(64, Number(process.env.CONCURRENCY ?? 8));
const ROWS = Math.min(5000, Math.max(10, Number(process.env.IMPORT_ROWS ?? 1000)));
const MAX_REPORTS = 20_000;

async function prepare(dataDir: string): Promise<{ officeId: string; session: Signed }> {
  const config = loadConfig({}, { dataDir, databaseUrl: undefined, logLevel: 'silent', jobs: false });
  const { ctx } = await startContext(config);
  const now = nowIso();
  const officeId = newId();
  await ctx.db
    .insertInto('offices')
    .values({ id: officeId, code: 'TN', name: 'Bench office', country: 'TN', languages: '["fr"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now })
    .execute();
  const supervisor = await createUser(ctx, { roles: ['supervisor'], officeId });
  const session = await sessionFor(ctx, supervisor.id);
  await ctx.database.close();
  return { officeId, session };
}

async function reportIntake(origin: string): Promise<{ perSecond: number; p99: number; ok: number; errors: number }> {
  const bodies = Array.from({ length: Math.min(MAX_REPORTS, SECONDS * 400) }, (_, i) => {
    const b = multipart(validReport({ description: `Rapport de test numéro ${i}: des ouvriers travaillent sans salaire et on garde leurs papiers.` }));
    return { payload: b.payload, headers: { ...b.headers, 'x-forwarded-for': `10.${i % 200}.${(i >> 8) & 255}.${i & 255}` } };
  });
  const end = Date.now() + SECONDS * 1000;
  const started = performance.now();
  let next = 0;
  let ok = 0;
  let errors = 0;
  const latencies: number[] = [];
  const worker = async () => {
    while (Date.now() < end && next < bodies.length) {
      const b = bodies[next++] as (typeof bodies)[number];
      const t0 = performance.now();
      try {
        const r = await fetch(`${origin}/fr/report`, { method: 'POST', body: new Uint8Array(b.payload), headers: b.headers });
        await r.arrayBuffer();
        if (r.status === 200) ok++;
        else errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  return { perSecond: ok / ((performance.now() - started) / 1000), p99: percentile(latencies, 99), ok, errors };
}

async function upload(origin: string, url: string, session: Signed, fields: Record<string, string>, data: Buffer) {
  const b = multipart({ _csrf: session.csrf, ...fields }, [{ name: 'file', filename: 'cases.xlsx', type: XLSX, data }]);
  const t0 = performance.now();
  const r = await fetch(`${origin}${url}`, {
    method: 'POST',
    body: new Uint8Array(b.payload),
    headers: { ...b.headers, cookie: session.cookie },
    redirect: 'manual',
  });
  let body = await r.text();
  let status = r.status;
  // The upload answers with its job's page, which reloads itself until the job ends: follow it as a browser would.
  const job = r.status === 303 ? r.headers.get('location') : null;
  for (let i = 0; job && i < 100_000; i++) {
    const page = await fetch(`${origin}${job}`, { headers: { cookie: session.cookie }, redirect: 'manual' });
    body = await page.text();
    status = page.status;
    if (!body.includes('http-equiv="refresh"')) break;
    await new Promise((done) => setTimeout(done, 20));
  }
  return { status, body, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-import-'));
  const { officeId, session } = await prepare(dataDir);
  const { bytes } = await htcdsWorkbook(ROWS);
  const server = await startServer({ DATA_DIR: dataDir, ABRI_JOBS: 'false', TRUST_PROXY: 'true', DATABASE_URL: '' });
  try {
    const web = await reportIntake(server.origin);
    const preview = await upload(server.origin, '/staff/import/htcds/preview', session, { officeId }, bytes);
    if (preview.status !== 200) throw new Error(`preview answered ${preview.status}`);
    const digest = /name="digest" value="([0-9a-f]{64})"/.exec(preview.body)?.[1];
    if (!digest) throw new Error('the preview offered no import');
    const imported = await upload(server.origin, '/staff/import/htcds', session, { officeId, digest }, bytes);
    if (imported.status !== 200 || !imported.body.includes('id="import-done"')) throw new Error(`import answered ${imported.status}`);
    const rows = [
      { name: `web report intake (POST /fr/report, ${CONCURRENCY} clients, ${SECONDS} s)`, perSecond: web.perSecond, seconds: SECONDS, errors: web.errors },
      { name: `HTCDS preview of ${ROWS} rows (background job, page followed)`, perSecond: ROWS / preview.seconds, seconds: preview.seconds, errors: 0 },
      { name: `HTCDS import of ${ROWS} rows (background job, one transaction)`, perSecond: ROWS / imported.seconds, seconds: imported.seconds, errors: 0 },
    ];
    console.log('| phase | per second | ratio to web intake | seconds | errors |');
    console.log('|---|---|---|---|---|');
    for (const r of rows)
      console.log(`| ${r.name} | ${round(r.perSecond)} | ${round(r.perSecond / web.perSecond, 2)} | ${round(r.seconds, 2)} | ${r.errors} |`);
    console.log(JSON.stringify({ seconds: SECONDS, concurrency: CONCURRENCY, importRows: ROWS, webP99: web.p99, results: rows }));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
