/**
 * Dashboards and CTDC export at scale, on SQLite and PostgreSQL, each measured against a plain
 * `SELECT count(*) FROM cases` in the same run and on the same database.
 *
 *   npx tsx bench/dashboards.ts [--size 1000000] [--offices 200] [--dialect sqlite|postgres|both] [--runs 10]
 *
 * PostgreSQL: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created and
 * dropped. SQLite: a temporary data directory, removed at the end.
 *
 * Data: `size` invented cases across `offices` offices over three years (generator in src/stats/synthetic.ts),
 * with their coded facts, services delivered and, for cases that came from a report, the report. Encrypted columns
 * reuse one precomputed ciphertext (identity, context, report content): encrypting a million envelopes would
 * measure the key ring, not the dashboards, and the facts are written directly, as the facts refresh would derive
 * them. Rows go in with prepared statements (SQLite) or multi-row inserts (PostgreSQL), one transaction per batch.
 *
 * Measured: the first build of the pre-counted figures (every office and month marked by the load), their first load
 * into the process's memory, then the dashboard page through HTTP (app.inject, rendering included) for an analyst of
 * all offices and of one office: "cold" = the cache of protected figures emptied before each request (sums of the
 * period's months, suppression and rendering are all redone; the counts in memory and the database's page cache stay
 * warm, as on a running server), "cached" = repeated requests; p50/p95. The CTDC export (k-anonymised schema, k 11)
 * of every case and of one office.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { TestEnv } from '../test/helper.js';
import { exportOffices } from '../src/stats/ctdc/case-export.js';
import { invalidateDashboards } from '../src/stats/dashboards.service.js';
import { currentCounts, refreshCounts } from '../src/stats/rollup.js';
import { type SyntheticCase, type SyntheticOffice, rng, syntheticCase } from '../src/stats/synthetic.js';
import type { Executor } from '../src/platform/db/database.js';
import { newId, nowIso } from '../src/platform/ids.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    offices: { type: 'string', default: '200' },
    dialect: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '10' },
    'skip-export': { type: 'boolean', default: false },
    /** Also open the dashboard in Chromium, as the analyst of all offices, in four languages (screenshots in /tmp). */
    browse: { type: 'boolean', default: false },
  },
});
const SIZE = Math.max(1000, Math.min(2_000_000, Number(args.size)));
const OFFICES = Math.max(1, Math.min(1000, Number(args.offices)));
const RUNS = Math.max(3, Math.min(100, Number(args.runs)));
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const { createTestEnv, createUser, sessionFor } = await import('../test/helper.js');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

type Row = Record<string, string | number | null>;

/** Bulk insert: prepared statements in SQLite, multi-row inserts in PostgreSQL (the caller holds the transaction). */
async function insertMany(env: TestEnv, db: Executor, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0] as Row);
  const sqlite = env.ctx.database.sqlite;
  if (sqlite) {
    const stmt = sqlite.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
    for (const r of rows) stmt.run(cols.map((c) => r[c] ?? null));
    return;
  }
  const chunk = Math.floor(30_000 / cols.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(part.map((r) => sql`(${sql.join(cols.map((c) => r[c] ?? null))})`))}`.execute(
      db,
    );
  }
}

async function generate(env: TestEnv): Promise<{ officeIds: string[]; seconds: number }> {
  const started = performance.now();
  const offices: SyntheticOffice[] = [];
  const countries = ['TN', 'MA', 'IT', 'ES', 'FR', 'NG', 'TH', 'PH', 'US', 'GB', 'DE', 'UA', 'BD', 'IN', 'BR', 'MX', 'ZA', 'KE', 'EG', 'JO'];
  const now = nowIso();
  const officeRows = Array.from({ length: OFFICES }, (_, i) => {
    const id = newId();
    const code = `B${String(i).padStart(3, '0')}`;
    const country = countries[i % countries.length] as string;
    offices.push({ id, code, country });
    return { id, code, name: `Bench office ${code}`, country, languages: '["en"]', time_zone: 'UTC', created_at: now, updated_at: now };
  });
  await env.ctx.db.insertInto('offices').values(officeRows).execute();
  // A page cache of 1 GB for the load and the measurements (the default 2 MB makes a million-row load IO-bound).
  env.ctx.database.sqlite?.pragma('cache_size = -1000000');
  const first = offices[0] as SyntheticOffice;
  const ciphertexts = {
    identity: await env.ctx.keys.encrypt(first.id, { firstName: 'Invented', lastName: 'Person', birthDate: '1990-01-01', languages: ['en'] }, { aad: 'bench.identity:x' }),
    context: await env.ctx.keys.encrypt(first.id, { exploitationTypes: ['ForcedLabour'], methodsOfControl: ['DebtBondage'], industry: 'A01' }, { aad: 'bench.context:x' }),
  };
  const r = rng(1);
  const start = Date.now() - 3 * 365 * 86_400_000;
  const BATCH = 20_000;
  const seq = new Map<string, number>();
  for (let done = 0; done < SIZE; done += BATCH) {
    const items: SyntheticCase[] = [];
    for (let i = done; i < Math.min(SIZE, done + BATCH); i++) {
      const office = offices[Math.floor(r() * r() * OFFICES)] as SyntheticOffice; // some offices much bigger than others
      const n = (seq.get(office.id) ?? 0) + 1;
      seq.set(office.id, n);
      items.push(syntheticCase(r, office, { seq: n, start, spanDays: 3 * 365, ciphertexts }));
    }
    const write = async (db: Executor) => {
      await insertMany(
        env,
        db,
        'reports',
        items.flatMap((x) => (x.report ? [x.report] : [])),
      );
      await insertMany(
        env,
        db,
        'cases',
        items.map((x) => x.row as unknown as Row),
      );
      await insertMany(
        env,
        db,
        'case_facts',
        items.map((x) => x.fact as unknown as Row),
      );
      await insertMany(env, db, 'case_fact_codes', items.flatMap((x) => x.codes) as unknown as Row[]);
      await insertMany(
        env,
        db,
        'plan_services',
        items.flatMap((x) => x.services.map((s) => ({ ...s, action_id: null, referral_id: null, organisation_id: null, notes_enc: null, recorded_by: null }))),
      );
    };
    const sqlite = env.ctx.database.sqlite;
    if (sqlite) {
      sqlite.exec('begin');
      await write(env.ctx.db);
      sqlite.exec('commit');
    } else {
      await env.ctx.db.transaction().execute((tx) => write(tx));
    }
    if ((done / BATCH) % 10 === 0) process.stderr.write(`  ${env.dialect}: ${done + items.length} cases\n`);
  }
  if (!env.ctx.database.sqlite) await sql`analyze`.execute(env.ctx.db);
  else env.ctx.database.sqlite.exec('analyze');
  return { officeIds: offices.map((o) => o.id), seconds: (performance.now() - started) / 1000 };
}

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** The dashboard in the system Chromium, in four languages, with a CSV download: what the analyst sees at this size. */
async function browse(env: TestEnv, analystId: string): Promise<string[]> {
  const { chromium } = await import('playwright-core');
  const { readFileSync } = await import('node:fs');
  const out: string[] = [];
  const origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const locale of ['en', 'fr', 'es', 'ar']) {
      await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', analystId).execute();
      const s = await sessionFor(env.ctx, analystId);
      const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
      const [name, value] = s.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: origin }]);
      const page = await context.newPage();
      const t = performance.now();
      await page.goto(`${origin}/staff/dashboards`);
      const loaded = performance.now() - t;
      const charts = await page.locator('figure.chart svg').count();
      const tables = await page.locator('figure.chart table.figures').count();
      await page.screenshot({ path: `/tmp/abri-bench-dashboard-${env.dialect}-${locale}.png` });
      await page.locator('#figure-exploitation').screenshot({ path: `/tmp/abri-bench-exploitation-${env.dialect}-${locale}.png` });
      let csv = '';
      if (locale === 'en') {
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#figure-gender a[download]').click()]);
        csv = readFileSync((await download.path()) as string, 'utf8');
      }
      out.push(
        `  browser, ${locale}: dashboard of all offices loaded in ${loaded.toFixed(0)} ms, ${charts} charts, ${tables} tables${csv ? `; gender CSV: ${csv.trim().split(/\r?\n/).length} lines` : ''}`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const env = await createTestEnv(dialect, { logLevel: 'warn' });
  const out: string[] = [];
  try {
    const gen = await generate(env);
    const counts = await sql<{ n: number }>`select count(*) as n from cases`.execute(env.ctx.db);
    const n = Number(counts.rows[0]?.n);
    out.push(`${dialect}: ${n} cases across ${OFFICES} offices generated and inserted in ${gen.seconds.toFixed(0)} s`);
    // The first refresh counts every (office, month) the load marked: what an installation pays once, after an
    // upgrade or a bulk load; afterwards a change recounts only its own office's months.
    const built = await timeIt(() => refreshCounts(env.ctx));
    const rows = await sql<{ n: number }>`select count(*) as n from dashboard_counts`.execute(env.ctx.db);
    out.push(`  dashboard counts built from scratch in ${(built / 1000).toFixed(1)} s (${Number(rows.rows[0]?.n)} count rows)`);
    // A server process loads the counts into memory once (its scheduled job does it a few seconds after start).
    const loaded = await timeIt(() => currentCounts(env.ctx));
    out.push(`  counts loaded into this process's memory in ${(loaded / 1000).toFixed(1)} s`);

    const countTimes: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) countTimes.push(await timeIt(() => sql`SELECT count(*) FROM cases`.execute(env.ctx.db)));
    const count95 = pct(countTimes, 95);
    out.push(`  SELECT count(*) FROM cases: p50 ${ms(pct(countTimes, 50))}, p95 ${ms(count95)}`);

    const global = await createUser(env.ctx, { roles: ['analyst'], officeId: null });
    const local = await createUser(env.ctx, { roles: ['analyst'], officeId: gen.officeIds[0] as string });
    for (const [label, user] of [
      [`all ${OFFICES} offices`, global],
      ['one office (the largest)', local],
    ] as const) {
      const s = await sessionFor(env.ctx, user.id);
      const get = async () => {
        const res = await env.app.inject({ url: '/staff/dashboards', headers: { cookie: s.cookie } });
        if (res.statusCode !== 200) throw new Error(`dashboard ${res.statusCode}: ${res.body.slice(0, 300)}`);
      };
      const cold: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        invalidateDashboards();
        cold.push(await timeIt(get));
      }
      const cached: number[] = [];
      for (let i = 0; i < RUNS * 3; i++) cached.push(await timeIt(get));
      out.push(
        `  dashboard, ${label}: cold p50 ${ms(pct(cold, 50))}, p95 ${ms(pct(cold, 95))} (${(pct(cold, 95) / count95).toFixed(1)}× count(*)); cached p50 ${ms(pct(cached, 50))}, p95 ${ms(pct(cached, 95))} (${(pct(cached, 95) / count95).toFixed(2)}× count(*))`,
      );
    }

    if (args.browse) out.push(...(await browse(env, global.id)));

    if (!args['skip-export']) {
      const one = await timeIt(() => exportOffices(env.ctx, [gen.officeIds[0] as string], { schema: 'global-kanon', k: 11 }));
      const oneRows = await env.ctx.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('office_id', '=', gen.officeIds[0] as string)
        .executeTakeFirst();
      out.push(`  CTDC export, one office (${Number(oneRows?.n)} cases), k 11: ${(one / 1000).toFixed(2)} s (${(one / count95).toFixed(0)}× count(*))`);
      let report = '';
      const all = await timeIt(async () => {
        const e = await exportOffices(env.ctx, gen.officeIds, { schema: 'global-kanon', k: 11 });
        report = `${e.report.outputRows} rows out, ${e.report.suppressedRows} suppressed, generalisation ${e.report.generalisation.map((g) => `${g.column}:${g.levelName}`).join(', ')}`;
      });
      out.push(`  CTDC export, all ${n} cases, k 11: ${(all / 1000).toFixed(1)} s (${(all / count95).toFixed(0)}× count(*)); ${report}`);
    }
  } finally {
    await env.close();
  }
  return out;
}

const dialects = args.dialect === 'both' ? (['sqlite', 'postgres'] as const) : ([args.dialect === 'postgres' ? 'postgres' : 'sqlite'] as const);
const lines: string[] = [`dashboards bench, ${new Date().toISOString()}, size ${SIZE}, offices ${OFFICES}, runs ${RUNS}`];
for (const d of dialects) {
  const r = await run(d);
  for (const l of r) console.log(l);
  lines.push(...r);
}
console.log('---');
console.log(lines.join('\n'));
