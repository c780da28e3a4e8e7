/**
 * Case management benchmark: a generator of realistic synthetic cases (SQLite by default, PostgreSQL when
 * BENCH_DATABASE_URL is set), then the p95 of the pages a case worker and a supervisor use most, each as a ratio to
 * the p95 of /healthz in the same run. Only 127.0.0.1; every loop is bounded.
 *
 *   npx tsx bench/cases.ts                       # 1,000,000 cases across 200 offices, SQLite
 *   BENCH_CASES=100000 npx tsx bench/cases.ts    # smaller
 *   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_CASES=100000 npx tsx bench/cases.ts
 *                                                # PostgreSQL: a fresh database is created on that server and dropped
 *
 * Encrypted fields: generating a million real envelopes would take longer than the measured pages, which never
 * decrypt; so the identity and contact groups reuse 16 precomputed ciphertexts (they do not decrypt under another
 * row's AAD, and no measured page opens them). Blind-index tokens are real (HMAC with the index key), so the
 * duplicate check and the person search run on realistic token distributions.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { normaliseDate, normaliseName, normalisePhone } from '../src/platform/crypto/normalise.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId } from '../src/platform/ids.js';
import { createUser, sessionFor } from '../test/helper.js';

const TOTAL = Math.min(Number(process.env.BENCH_CASES ?? 1_000_000), 5_000_000);
const OFFICES = Math.min(Number(process.env.BENCH_OFFICES ?? 200), 1000);
const WORKERS_PER_OFFICE = 10;
const RUNS = Math.min(Number(process.env.BENCH_RUNS ?? 300), 5000);
const WARMUP = 30;

// Seeded PRNG so two runs generate the same data.
let seed = 20261128;
function rnd(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

const FIRST = ['Aminata', 'Fatou', 'Mariam', 'Awa', 'Kadiatou', 'Aissata', 'Blessing', 'Joy', 'Esther', 'Grace', 'Mercy', 'Precious', 'Hawa', 'Salimata', 'Rokia', 'Nafissatou', 'Oumou', 'Djeneba', 'Adjoa', 'Akosua', 'Issa', 'Moussa', 'Ibrahim', 'Mamadou', 'Seydou', 'Kofi', 'Kwame', 'Yaw', 'Emmanuel', 'Samuel', 'Ousmane', 'Abdoulaye', 'Lamine', 'Bakary', 'Sekou', 'Yusuf', 'Chinedu', 'Ifeanyi', 'Tunde', 'Olumide'];
const LAST = ['Traoré', 'Diallo', 'Koné', 'Coulibaly', 'Camara', 'Keita', 'Touré', 'Sow', 'Bah', 'Barry', 'Diop', 'Ndiaye', 'Fall', 'Sylla', 'Cissé', 'Sangaré', 'Ouattara', 'Bamba', 'Kouassi', 'Konan', 'Yao', 'Mensah', 'Asante', 'Owusu', 'Boateng', 'Okafor', 'Okonkwo', 'Adeyemi', 'Balogun', 'Eze', 'Nwosu', 'Obi', 'Sesay', 'Kamara', 'Conteh', 'Jalloh', 'Bangura', 'Kargbo', 'Turay', 'Mansaray'];
const STAGES = ['intake', 'safety', 'consent', 'screening', 'assessment', 'plan', 'assistance', 'solution', 'followup'];

function status(): string {
  const r = rnd();
  return r < 0.6 ? 'Active' : r < 0.75 ? 'FollowUp' : r < 0.95 ? 'Closed' : 'ClosedReferred';
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-'));
  const pgServer = process.env.BENCH_POSTGRES_URL;
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (pgServer) {
    const name = `abri_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(pgServer);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: pgServer });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({}, { dataDir, databaseUrl, logLevel: 'warn', jobs: false, publicUrl: 'http://127.0.0.1' });
  const { ctx } = await startContext(config, { log: pino({ level: 'warn' }) });
  const app = await buildApp({ ctx });
  const started = Date.now();
  const sqlite = ctx.database.sqlite;
  if (sqlite) sqlite.pragma('synchronous = OFF');
  // Rows go through prepared statements on SQLite, and multi-row INSERTs (1,000 rows each) on PostgreSQL.
  type Row = Record<string, string | number | null>;
  const pending: Record<string, Row[]> = {};
  const put = (table: string, row: Row) => {
    const list = pending[table] ?? [];
    list.push(row);
    pending[table] = list;
  };
  const statements = new Map<string, { run(...args: unknown[]): unknown }>();
  async function flush(): Promise<void> {
    if (sqlite) {
      sqlite.transaction(() => {
        for (const [table, rows] of Object.entries(pending)) {
          const cols = Object.keys(rows[0] ?? {});
          const key = `${table}:${cols.join(',')}`;
          let st = statements.get(key);
          if (!st) {
            st = sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
            statements.set(key, st);
          }
          for (const r of rows) st.run(...cols.map((c) => r[c]));
        }
      })();
    } else {
      await ctx.db.transaction().execute(async (tx) => {
        for (const [table, rows] of Object.entries(pending)) {
          for (let i = 0; i < rows.length; i += 1000) {
            // biome-ignore lint/suspicious/noExplicitAny: the generator writes plain rows to several tables
            await tx.insertInto(table as any).values(rows.slice(i, i + 1000) as any).execute();
          }
        }
      });
    }
    for (const k of Object.keys(pending)) delete pending[k];
  }

  // Offices and staff.
  const now = new Date().toISOString();
  const officeIds: string[] = [];
  const officeCodes: string[] = [];
  const workers: string[][] = [];
  for (let o = 0; o < OFFICES; o++) {
    const id = newId();
    const code = `O${String(o).padStart(3, '0')}`;
    officeIds.push(id);
    officeCodes.push(code);
    put('offices', { id, code, name: `Office ${code}`, country: 'TN', languages: '["fr","en"]', time_zone: 'UTC', case_seq: 0, created_at: now, updated_at: now });
    const ws: string[] = [];
    for (let w = 0; w < WORKERS_PER_OFFICE; w++) {
      const uid = newId();
      put('users', { id: uid, email: `w${w}-${code}@bench.invalid`, display_name: `Worker ${w} ${code}`, password_hash: 'x', locale: 'en', time_zone: 'UTC', password_changed_at: now, created_at: now, updated_at: now });
      ws.push(uid);
    }
    workers.push(ws);
  }
  await flush();
  workers.forEach((ws, o) => {
    for (const uid of ws) put('memberships', { id: newId(), user_id: uid, role: 'case_worker', office_id: officeIds[o] as string, organisation_id: null, created_at: now });
  });
  await flush();

  // Real envelopes, reused (see the note at the top).
  const envelopes: string[] = [];
  for (let i = 0; i < 16; i++) envelopes.push(await ctx.keys.encrypt(officeIds[0] ?? null, { firstName: pick(FIRST), lastName: pick(LAST) }, { aad: `cases.identity:bench-${i}` }));
  const { key: indexKey } = await ctx.keys.activeKey(null, 'index');
  const token = (kind: string, norm: string) => createHmac('sha256', indexKey).update(`${kind}\u0000${norm}`).digest('base64url').slice(0, 32);

  const perOffice = Math.ceil(TOTAL / OFFICES);
  const seqs = new Array<number>(OFFICES).fill(0);
  const sample: { number: string; first: string; last: string; birth: string; phone: string; officeIndex: number } = { number: '', first: '', last: '', birth: '', phone: '', officeIndex: 0 };
  const BATCH = 20_000;
  const nowMs = Date.now();
  let made = 0;
  while (made < TOTAL) {
    const n = Math.min(BATCH, TOTAL - made);
    for (let i = 0; i < n; i++) {
      const k = made + i;
      const o = Math.min(OFFICES - 1, Math.floor(k / perOffice));
      const officeId = officeIds[o] as string;
      seqs[o] = (seqs[o] ?? 0) + 1;
      const opened = new Date(nowMs - Math.floor(rnd() * 5 * 365 * 86_400_000));
      const number = `${officeCodes[o]}-${opened.getUTCFullYear()}-${String(seqs[o]).padStart(5, '0')}`;
      const st = status();
      const closed = st === 'Closed' || st === 'ClosedReferred';
      const isChild = rnd() < 0.3 ? 1 : 0;
      const first = pick(FIRST);
      const last = pick(LAST);
      const birth = `${isChild ? 2009 + Math.floor(rnd() * 8) : 1965 + Math.floor(rnd() * 40)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const phone = `+216 ${String(20_000_000 + Math.floor(rnd() * 79_999_999))}`;
      const due = !closed && rnd() < 0.5 ? new Date(nowMs + Math.floor((rnd() - 0.4) * 60) * 86_400_000).toISOString().slice(0, 10) : null;
      const id = newId(opened.getTime());
      const owner = rnd() < 0.05 ? null : pick(workers[o] as string[]);
      const closedAt = closed ? new Date(opened.getTime() + 90 * 86_400_000).toISOString() : null;
      put('cases', {
        id,
        office_id: officeId,
        case_number: number,
        cas_status: st,
        stage: closed ? 'closed' : pick(STAGES),
        owner_id: owner,
        source: pick(['report', 'referral', 'self', 'outreach']),
        prs_gender: pick(['Feminine', 'Masculine', 'Feminine', 'NonSpecifiedUnknown']),
        prs_citizenship: JSON.stringify([pick(['CI', 'NG', 'GN', 'ML', 'SN', 'GH', 'CM', 'SL'])]),
        age_status: isChild ? pick(['presumed_minor', 'claimed', 'assessed', 'documented']) : pick(['documented', 'claimed']),
        is_child: isChild,
        identity_enc: pick(envelopes),
        contact_enc: pick(envelopes),
        cas_reason_for_case_closure: closed ? pick(['support_period_ended', 'person_chose_to_stop', 'left_area', 'referred_elsewhere']) : null,
        opened_at: opened.toISOString(),
        closed_at: closedAt,
        version: 1,
        created_at: opened.toISOString(),
        updated_at: opened.toISOString(),
        risk_level: rnd() < 0.7 ? pick(['low', 'medium', 'high']) : null,
        next_due_on: due,
        vic_trafficking_status: rnd() < 0.6 ? pick(['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking']) : null,
      });
      put('case_lookups', { case_id: id, office_id: officeId, kind: 'name', token: token('name', normaliseName(`${first} ${last}`)) });
      put('case_lookups', { case_id: id, office_id: officeId, kind: 'birthdate', token: token('birthdate', normaliseDate(birth)) });
      put('case_lookups', { case_id: id, office_id: officeId, kind: 'phone', token: token('phone', normalisePhone(phone)) });
      if (k === Math.floor(TOTAL / 2)) Object.assign(sample, { number, first, last, birth, phone, officeIndex: o });
    }
    await flush();
    made += n;
    if (made % 100_000 === 0 || made === TOTAL) process.stderr.write(`  ${made} cases (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }
  for (const [i, id] of officeIds.entries()) await ctx.db.updateTable('offices').set({ case_seq: seqs[i] ?? 0 }).where('id', '=', id).execute();
  if (sqlite) {
    sqlite.exec('ANALYZE');
    sqlite.pragma('synchronous = FULL');
  } else {
    await sql`ANALYZE`.execute(ctx.db);
  }
  const generatedIn = Math.round((Date.now() - started) / 1000);

  // A case worker of the sample's office and a supervisor of the office; one worker-owned caseload of ~500 cases.
  const o = sample.officeIndex;
  const office = officeIds[o] as string;
  const sup = await createUser(ctx, { roles: ['supervisor'], officeId: office });
  const anyWorker = (workers[o] as string[])[0] as string;
  const supSession = await sessionFor(ctx, sup.id);
  const workerSession = await sessionFor(ctx, anyWorker);
  // A case worker of another office runs the duplicate check for the sample person: cross-office result.
  const foreign = await createUser(ctx, { roles: ['case_worker'], officeId: officeIds[(o + 1) % OFFICES] as string });
  const foreignSession = await sessionFor(ctx, foreign.id);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const scenarios: Array<{ name: string; run: () => Promise<Response> }> = [
    { name: '/healthz', run: () => fetch(`${base}/healthz`) },
    { name: "case worker's caseload page", run: () => fetch(`${base}/staff/cases`, { headers: { cookie: workerSession.cookie } }) },
    { name: 'filtered office list (supervisor: Active, children, high risk)', run: () => fetch(`${base}/staff/cases?status=Active&minors=1&risk=high`, { headers: { cookie: supSession.cookie } }) },
    { name: 'lookup by case number', run: () => fetch(`${base}/staff/cases?number=${encodeURIComponent(sample.number)}`, { headers: { cookie: supSession.cookie } }) },
    {
      name: 'duplicate check (name + birth date + phone, across offices)',
      run: () =>
        fetch(`${base}/api/v1/cases/duplicates`, {
          method: 'POST',
          headers: { cookie: foreignSession.cookie, 'x-csrf-token': foreignSession.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ firstName: sample.first, lastName: sample.last, birthDate: sample.birth, phone: sample.phone }),
        }),
    },
  ];
  const results: Array<{ name: string; p95: number; median: number }> = [];
  for (const s of scenarios) {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = performance.now();
      const res = await s.run();
      await res.arrayBuffer();
      const dt = performance.now() - t0;
      if (res.status >= 400) throw new Error(`${s.name}: HTTP ${res.status}`);
      if (i >= WARMUP) times.push(dt);
    }
    const sorted = [...times].sort((a, b) => a - b);
    results.push({ name: s.name, p95: p95(times), median: sorted[Math.floor(sorted.length / 2)] ?? 0 });
  }
  const health = results[0]?.p95 ?? 1;
  const lines = [
    `Database: ${sqlite ? 'SQLite' : 'PostgreSQL'}. Dataset: ${TOTAL.toLocaleString('en')} cases across ${OFFICES} offices (${WORKERS_PER_OFFICE} case workers each), ${(TOTAL * 3).toLocaleString('en')} blind-index tokens; generated in ${generatedIn} s. ${RUNS} sequential requests per scenario after ${WARMUP} warm-up requests, over HTTP on 127.0.0.1.`,
    '',
    '| Scenario | median (ms) | p95 (ms) | p95 / p95 of /healthz |',
    '|---|---:|---:|---:|',
    ...results.map((r) => `| ${r.name} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${(r.p95 / health).toFixed(1)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await app.close();
  await ctx.database.close();
  if (dropDb) await dropDb();
  if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
}

await main();
