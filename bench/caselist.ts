/**
 * The case list people work from, at scale: chosen columns (name and age decrypted for the page's rows), a total,
 * sorting, numbered pages, and partial / phonetic name search through the keyed blind-index tokens of
 * case_name_tokens. Rows are generated directly in the database (SQLite), each with a real sealed identity under its
 * own row's label (so the name column decrypts as in production) and real HMAC tokens. Only 127.0.0.1; every loop
 * is bounded.
 *
 *   npx tsx bench/caselist.ts                     # 1,000,000 cases across 100 offices
 *   BENCH_CASES=100000 npx tsx bench/caselist.ts  # smaller
 *   npm run bench -- --only caselist              # from bench/run.ts
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { nameTokenInputs } from '../src/cases/name-search.js';
import { identityKeyLabel } from '../src/cases/person.js';
import { loadConfig } from '../src/config.js';
import { startContext } from '../src/platform/bootstrap.js';
import { newId } from '../src/platform/ids.js';
import { createUser, sessionFor } from '../test/helper.js';
import { percentile } from './lib.js';

const FIRST = [
  'Aminata',
  'Amina',
  'Fatou',
  'Mariam',
  'Awa',
  'Kadiatou',
  'Aissata',
  'Blessing',
  'Joy',
  'Esther',
  'Grace',
  'Mercy',
  'Hawa',
  'Salimata',
  'Rokia',
  'Oumou',
  'Djeneba',
  'Adjoa',
  'Issa',
  'Moussa',
  'Ibrahim',
  'Mamadou',
  'Mohamed',
  'Mouhamed',
  'Seydou',
  'Kofi',
  'Kwame',
  'Emmanuel',
  'Samuel',
  'Ousmane',
  'Abdoulaye',
  'Lamine',
  'Bakary',
  'Sekou',
  'Yusuf',
  'Chinedu',
  'Tunde',
  'Aïcha',
  'Khadija',
  'Youssef',
];
const LAST = [
  'Traoré',
  'Diallo',
  'Koné',
  'Coulibaly',
  'Camara',
  'Keita',
  'Touré',
  'Sow',
  'Bah',
  'Barry',
  'Diop',
  'Ndiaye',
  'Fall',
  'Sylla',
  'Cissé',
  'Sangaré',
  'Ouattara',
  'Bamba',
  'Kouassi',
  'Konan',
  'Yao',
  'Mensah',
  'Asante',
  'Owusu',
  'Boateng',
  'Okafor',
  'Okonkwo',
  'Adeyemi',
  'Balogun',
  'Eze',
  'Nwosu',
  'Obi',
  'Sesay',
  'Kamara',
  'Conteh',
  'Jalloh',
  'Bangura',
  'Ben Salah',
  'Trabelsi',
  'Gharbi',
];
const STAGES = ['intake', 'safety', 'consent', 'screening', 'assessment', 'plan', 'assistance', 'solution', 'followup'];

export interface CaseListBench {
  cases: number;
  offices: number;
  tokens: number;
  generatedSeconds: number;
  runs: number;
  scenarios: Array<{ name: string; medianMs: number; p95Ms: number; rows: number }>;
}

let seed = 20261204;
function rnd(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

export async function benchCaseList(opts: { cases?: number; offices?: number; runs?: number } = {}): Promise<CaseListBench> {
  const TOTAL = Math.min(opts.cases ?? Number(process.env.BENCH_CASES ?? 1_000_000), 5_000_000);
  const OFFICES = Math.min(opts.offices ?? Number(process.env.BENCH_OFFICES ?? 100), 1000);
  const RUNS = Math.min(opts.runs ?? Number(process.env.BENCH_RUNS ?? 200), 5000);
  const WARMUP = 20;
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-caselist-'));
  const config = loadConfig({}, { dataDir, logLevel: 'warn', jobs: false, publicUrl: 'http://127.0.0.1' });
  const { ctx } = await startContext(config, { log: pino({ level: 'warn' }) });
  const app = await buildApp({ ctx });
  const sqlite = ctx.database.sqlite;
  if (!sqlite) throw new Error('the case-list benchmark generates its rows with SQLite');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('journal_mode = WAL');
  const started = Date.now();
  const now = new Date().toISOString();

  const officeIds: string[] = [];
  const workers: string[][] = [];
  const insertOffice = sqlite.prepare(
    'INSERT INTO offices (id, code, name, country, languages, time_zone, case_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertUser = sqlite.prepare(
    'INSERT INTO users (id, email, display_name, password_hash, locale, time_zone, password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMembership = sqlite.prepare('INSERT INTO memberships (id, user_id, role, office_id, organisation_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (let o = 0; o < OFFICES; o++) {
      const id = newId();
      const code = `B${String(o).padStart(3, '0')}`;
      officeIds.push(id);
      insertOffice.run(id, code, `Office ${code}`, 'TN', '["fr","ar"]', 'Africa/Tunis', 0, now, now);
      const ws: string[] = [];
      for (let w = 0; w < 10; w++) {
        const uid = newId();
        insertUser.run(uid, `w${w}-${code}@bench.invalid`, `Worker ${w} ${code}`, 'x', 'fr', 'Africa/Tunis', now, now, now);
        insertMembership.run(newId(), uid, 'case_worker', id, null, now);
        ws.push(uid);
      }
      workers.push(ws);
    }
  })();

  const { key: indexKey } = await ctx.keys.activeKey(null, 'index');
  const token = (input: string) => createHmac('sha256', indexKey).update(`name-search\u0000${input}`).digest('base64url').slice(0, 32);
  const tokenCache = new Map<string, string[]>();
  const tokensOf = (first: string, last: string) => {
    const k = `${first}|${last}`;
    let t = tokenCache.get(k);
    if (!t) {
      t = nameTokenInputs([first, last]).map(token);
      tokenCache.set(k, t);
    }
    return t;
  };
  // Bulk load: the indexes of the two big tables are dropped and built again once the rows are in (a sorted build is
  // far faster than a million random inserts into each); the schema measured is the migrations' own.
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'case_name_tokens') AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const ix of indexes) sqlite.exec(`DROP INDEX ${ix.name}`);
  const insertCase = sqlite.prepare(
    `INSERT INTO cases (id, office_id, case_number, cas_status, stage, owner_id, source, prs_gender, age_status, is_child, identity_enc,
       opened_at, closed_at, version, created_at, updated_at, risk_level, next_due_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  const insertToken = sqlite.prepare('INSERT INTO case_name_tokens (case_id, office_id, token) VALUES (?, ?, ?)');
  const perOffice = Math.ceil(TOTAL / OFFICES);
  const nowMs = Date.now();
  let tokens = 0;
  let encryptMs = 0;
  let insertMs = 0;
  const BATCH = 10_000;
  for (let made = 0; made < TOTAL; made += BATCH) {
    const n = Math.min(BATCH, TOTAL - made);
    const rows: unknown[][] = [];
    const toks: Array<[string, string, string[]]> = [];
    for (let i = 0; i < n; i++) {
      const k = made + i;
      const o = Math.min(OFFICES - 1, Math.floor(k / perOffice));
      const officeId = officeIds[o] as string;
      const opened = new Date(nowMs - Math.floor(rnd() * 5 * 365 * 86_400_000));
      const id = newId(opened.getTime());
      const r = rnd();
      const st = r < 0.6 ? 'Active' : r < 0.75 ? 'FollowUp' : r < 0.95 ? 'Closed' : 'ClosedReferred';
      const closed = st.startsWith('Closed');
      const first = pick(FIRST);
      const last = pick(LAST);
      const isChild = rnd() < 0.3;
      const birthDate = `${isChild ? 2010 + Math.floor(rnd() * 7) : 1965 + Math.floor(rnd() * 40)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      const te = performance.now();
      const identity = await ctx.keys.encrypt(officeId, { firstName: first, lastName: last, birthDate }, { aad: identityKeyLabel(id) });
      encryptMs += performance.now() - te;
      const due = !closed && rnd() < 0.5 ? new Date(nowMs + Math.floor((rnd() - 0.4) * 60) * 86_400_000).toISOString().slice(0, 10) : null;
      rows.push([
        id,
        officeId,
        `B${String(o).padStart(3, '0')}-${opened.getUTCFullYear()}-${String(k - o * perOffice + 1).padStart(5, '0')}`,
        st,
        closed ? 'closed' : pick(STAGES),
        rnd() < 0.05 ? null : pick(workers[o] as string[]),
        pick(['report', 'referral', 'self', 'outreach']),
        pick(['Feminine', 'Masculine', 'Feminine', 'NonSpecifiedUnknown']),
        isChild ? 'presumed_minor' : 'documented',
        isChild ? 1 : 0,
        identity,
        opened.toISOString(),
        closed ? new Date(opened.getTime() + 90 * 86_400_000).toISOString() : null,
        opened.toISOString(),
        opened.toISOString(),
        rnd() < 0.7 ? pick(['low', 'medium', 'high']) : null,
        due,
      ]);
      toks.push([id, officeId, tokensOf(first, last)]);
    }
    const ti = performance.now();
    sqlite.transaction(() => {
      for (const r of rows) insertCase.run(...r);
      for (const [id, officeId, ts] of toks) for (const t of ts) insertToken.run(id, officeId, t);
    })();
    insertMs += performance.now() - ti;
    tokens += toks.reduce((s, t) => s + t[2].length, 0);
    if ((made + n) % 100_000 === 0 || made + n === TOTAL)
      process.stderr.write(
        `  ${made + n} cases, ${tokens} name tokens (${Math.round((Date.now() - started) / 1000)} s; sealing ${Math.round(encryptMs / 1000)} s, inserts ${Math.round(insertMs / 1000)} s)\n`,
      );
  }
  const ti = performance.now();
  for (const ix of indexes) sqlite.exec(ix.sql);
  process.stderr.write(`  ${indexes.length} indexes built in ${Math.round((performance.now() - ti) / 1000)} s\n`);
  sqlite.exec('ANALYZE');
  sqlite.pragma('synchronous = FULL');
  const generatedSeconds = Math.round((Date.now() - started) / 1000);

  // A supervisor of one office (every case of the office: the widest scope in the office) and a case worker there.
  const office = officeIds[Math.floor(OFFICES / 2)] as string;
  const sup = await sessionFor(ctx, (await createUser(ctx, { roles: ['supervisor'], officeId: office })).id);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const cols = 'cols=name&cols=age&cols=sex&cols=status&cols=stage&cols=risk&cols=nextDue&cols=owner';
  const scenarios: Array<{ name: string; url: string }> = [
    { name: '/healthz (baseline)', url: '/healthz' },
    { name: 'office list, 8 chosen columns with name and age (supervisor)', url: `/staff/cases?${cols}` },
    { name: 'name search "ami" (prefix), chosen columns', url: `/staff/cases?name=ami&${cols}` },
    { name: 'name search "kone" (accent-insensitive: Koné), chosen columns', url: `/staff/cases?name=kone&${cols}` },
    { name: 'name search "fat dia" (two prefixes), chosen columns', url: `/staff/cases?name=${encodeURIComponent('fat dia')}&${cols}` },
    { name: 'name search "Kulibali" (phonetic: Coulibaly), chosen columns', url: `/staff/cases?name=Kulibali&${cols}` },
    { name: 'name search "ami", Active, sorted by next due, page 3', url: `/staff/cases?name=ami&status=Active&sort=due_asc&page=3&${cols}` },
    { name: 'overdue filter, sorted by next due, chosen columns', url: `/staff/cases?due=overdue&sort=due_asc&${cols}` },
  ];
  const out: CaseListBench['scenarios'] = [];
  for (const s of scenarios) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${s.url}`, { headers: { cookie: sup.cookie } });
      const body = await res.text();
      const dt = performance.now() - t0;
      if (res.status >= 400) throw new Error(`${s.name}: HTTP ${res.status}`);
      if (i === 0) rows = (body.match(/<a href="\/staff\/cases\/[0-9a-f-]{36}" dir="ltr">/g) ?? []).length;
      if (i >= WARMUP) times.push(dt);
    }
    out.push({ name: s.name, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), rows: Math.max(0, rows) });
  }
  await app.close();
  await ctx.database.close();
  if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  return { cases: TOTAL, offices: OFFICES, tokens, generatedSeconds, runs: RUNS, scenarios: out };
}

export function caseListMarkdown(r: CaseListBench): string[] {
  return [
    `| Case list at ${r.cases.toLocaleString('en')} cases (SQLite, ${r.offices} offices, ${r.tokens.toLocaleString('en')} name tokens, generated in ${r.generatedSeconds} s; ${r.runs} sequential requests each) | rows shown | median | p95 | goal p95 < 100 ms |`,
    '|---|---:|---:|---:|---|',
    ...r.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.rows} | ${s.medianMs.toFixed(1)} ms | ${s.p95Ms.toFixed(1)} ms | ${s.name.startsWith('/healthz') ? '' : s.p95Ms < 100 ? '✔' : '✘'} |`,
    ),
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchCaseList();
  process.stdout.write(`${caseListMarkdown(r).join('\n')}\n`);
}
