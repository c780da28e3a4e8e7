/**
 * OpenRosa benchmark: field submissions accepted per second (an ODK Collect-style multipart POST to
 * /key/<token>/submission), plain and encrypted, as a ratio to web report intake (POST /fr/report) in the same run
 * against the same server. Bodies are built (and encrypted, as a phone would) before each timed phase, so the
 * client's work is not counted. Talks only to 127.0.0.1; every loop is bounded by time and count.
 *   npx tsx bench/odk.ts            (BENCH_SECONDS=10 CONCURRENCY=8 by default)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { enrolDevice } from '../src/odk/devices.service.js';
import { encryptForForm, publicKeyOf, reportInstance, screeningInstance, submissionBody, versionOf } from '../test/support/odk.js';
import type { AuthUser } from '../src/platform/auth/auth-user.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId, nowIso } from '../src/platform/ids.js';
import { validReport } from '../test/support/reports.js';
import { multipart } from '../test/support/http.js';
import { createUser } from '../test/support/people.js';
import { percentile, round, startServer } from './lib.js';

const SECONDS = Math.min(120, Number(process.env.BENCH_SECONDS ?? 10));
const CONCURRENCY = Math.min(64, Number(process.env.CONCURRENCY ?? 8));
const MAX_PER_PHASE = 20_000;

interface Body {
  payload: Buffer;
  headers: Record<string, string>;
  url: string;
}

async function prepare(dataDir: string): Promise<{ plain: string; encrypted: string }> {
  const config = loadConfig({}, { dataDir, databaseUrl: undefined, logLevel: 'silent', jobs: false });
  const { ctx } = await startContext(config);
  const now = nowIso();
  const officeId = newId();
  await ctx.db
    .insertInto('offices')
    .values({ id: officeId, code: 'TN', name: 'Bench office', country: 'TN', languages: '["fr"]', time_zone: 'Africa/Tunis', created_at: now, updated_at: now })
    .execute();
  const admin = await createUser(ctx, { roles: ['administrator'], officeId: null });
  const actor = { id: admin.id, memberships: [{ role: 'administrator', office_id: null, organisation_id: null }] } as unknown as AuthUser;
  const plain = (await enrolDevice(ctx, actor, { officeId, displayName: 'Bench kiosk', encrypted: false })).token;
  const encrypted = (await enrolDevice(ctx, actor, { officeId, displayName: 'Bench tablet', encrypted: true })).token;
  await ctx.database.close();
  return { plain, encrypted };
}

async function run(origin: string, bodies: Body[], seconds: number, expect: number): Promise<{ perSecond: number; p99: number; ok: number; errors: number }> {
  const end = Date.now() + seconds * 1000;
  const started = performance.now();
  let next = 0;
  let ok = 0;
  let errors = 0;
  const latencies: number[] = [];
  const worker = async () => {
    while (Date.now() < end && next < bodies.length) {
      const b = bodies[next++] as Body;
      const t0 = performance.now();
      try {
        const r = await fetch(`${origin}${b.url}`, { method: 'POST', body: new Uint8Array(b.payload), headers: b.headers });
        await r.arrayBuffer();
        if (r.status === expect) ok++;
        else errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: ok / elapsed, p99: percentile(latencies, 99), ok, errors };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-odk-'));
  const { plain, encrypted } = await prepare(dataDir);
  const server = await startServer({ DATA_DIR: dataDir, ABRI_JOBS: 'false', TRUST_PROXY: 'true', DATABASE_URL: '' });
  try {
    const form = async (token: string, id: string) => (await fetch(`${server.origin}/key/${token}/forms/${id}/form.xml`)).text();
    const plainReport = versionOf(await form(plain, 'abri-report'));
    const encReportXml = await form(encrypted, 'abri-report');
    const encScreeningXml = await form(encrypted, 'abri-screening');
    const count = Math.min(MAX_PER_PHASE, SECONDS * 400);
    const build = (n: number, make: (i: number) => Body) => Array.from({ length: n }, (_, i) => make(i));
    const phases: Array<{ name: string; bodies: () => Body[]; expect: number }> = [
      {
        name: 'web report intake (POST /fr/report)',
        expect: 200,
        bodies: () =>
          build(count, (i) => {
            const b = multipart(validReport({ description: `Rapport de test numéro ${i}: des ouvriers travaillent sans salaire et on garde leurs papiers.` }));
            return { url: '/fr/report', payload: b.payload, headers: { ...b.headers, 'x-forwarded-for': `10.${i % 200}.${(i >> 8) & 255}.${i & 255}` } };
          }),
      },
      {
        name: 'OpenRosa field report, plain',
        expect: 201,
        bodies: () =>
          build(count, (i) => ({
            url: `/key/${plain}/submission`,
            ...submissionBody(reportInstance(plainReport, `uuid:${randomUUID()}`, `Field report number ${i}: workers locked in at night.`)),
          })),
      },
      {
        name: 'OpenRosa field report, encrypted',
        expect: 201,
        bodies: () =>
          build(count, (i) => {
            const id = `uuid:${randomUUID()}`;
            const v = versionOf(encReportXml);
            const s = encryptForForm(publicKeyOf(encReportXml) as string, {
              formId: 'abri-report',
              version: v,
              instanceId: id,
              xml: reportInstance(v, id, `Field report number ${i}: workers locked in at night.`),
            });
            return { url: `/key/${encrypted}/submission`, ...submissionBody(s.manifest, s.files) };
          }),
      },
      {
        name: 'OpenRosa screening → draft case, encrypted',
        expect: 201,
        bodies: () =>
          build(count, () => {
            const id = `uuid:${randomUUID()}`;
            const v = versionOf(encScreeningXml);
            const s = encryptForForm(publicKeyOf(encScreeningXml) as string, {
              formId: 'abri-screening',
              version: v,
              instanceId: id,
              xml: screeningInstance(v, id),
            });
            return { url: `/key/${encrypted}/submission`, ...submissionBody(s.manifest, s.files) };
          }),
      },
    ];
    const results: Array<{ name: string; perSecond: number; p99: number; ok: number; errors: number }> = [];
    for (const phase of phases) results.push({ name: phase.name, ...(await run(server.origin, phase.bodies(), SECONDS, phase.expect)) });
    const web = results[0]?.perSecond ?? Number.NaN;
    console.log(`| ${SECONDS} s per phase, ${CONCURRENCY} concurrent clients | per second | ratio to web intake | p99 ms | errors |`);
    console.log('|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.name} | ${round(r.perSecond)} | ${round(r.perSecond / web, 2)} | ${round(r.p99)} | ${r.errors} |`);
    console.log(JSON.stringify({ seconds: SECONDS, concurrency: CONCURRENCY, results }));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
