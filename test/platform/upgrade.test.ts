import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { verifyAudit } from '../../src/platform/audit/audit.js';
import { startContext } from '../../src/platform/bootstrap.js';
import { openSqlite } from '../../src/platform/db/database.js';
import { pendingMigrations } from '../../src/platform/db/migrate-plan.js';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { sessionFor } from '../helper.js';
import { freshPostgresDatabase } from '../support/app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'test', 'fixtures', 'upgrade');
/** PostgreSQL's own fixture: a pg_dump of a database the previous release filled, and its data directory. */
const PG_FIXTURE = join(FIXTURE, 'postgres');

interface FixtureIds {
  madeWithSchema: string;
  supervisorId: string;
  administratorId: string;
  reportId: string;
  reportFileIds: string[];
  caseId: string;
  attachmentId: string;
  officeId: string;
}
const readIds = (dir: string) => JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) as FixtureIds;
const ids = readIds(FIXTURE);

/** A copy of the fixture data directory, as an office would have it before upgrading. */
function copyFixture(from = FIXTURE): string {
  const dir = mkdtempSync(join(tmpdir(), 'abri-upgrade-'));
  cpSync(join(from, 'data'), dir, { recursive: true });
  return dir;
}

/** Migrates the copied fixture with the current code, then every main page, every file and the audit chain. */
async function upgradeAndCheck(dataDir: string, fixture: FixtureIds, databaseUrl?: string): Promise<void> {
  const config = loadConfig({}, { dataDir, databaseUrl, logLevel: 'silent', jobs: false, publicUrl: 'http://localhost:3000' });
  const { ctx, migrations } = await startContext(config, { log: createLogger('silent') });
  const known = Object.keys(MIGRATIONS);
  assert.deepEqual(migrations, known.slice(known.indexOf(fixture.madeWithSchema) + 1), 'exactly the migrations newer than the fixture ran');
  assert.deepEqual(await pendingMigrations(ctx.database), []);
  const app = await buildApp({ ctx });
  try {
    const supervisor = await sessionFor(ctx, fixture.supervisorId);
    const admin = await sessionFor(ctx, fixture.administratorId);
    const c = `/staff/cases/${fixture.caseId}`;
    const pages: Array<[string, string]> = [
      ...['/en/', '/fr/', '/es/', '/ar/', '/en/report', '/en/report/follow-up', '/en/self-check', '/staff/sign-in'].map((u): [string, string] => [u, '']),
      ...[
        '/staff',
        '/staff/reports',
        `/staff/reports/${fixture.reportId}`,
        ...fixture.reportFileIds.map((f) => `/staff/reports/${fixture.reportId}/files/${f}`),
      ].map((u): [string, string] => [u, supervisor.cookie]),
      ...['', '/edit', '/consent', '/screening', '/assessments', '/notes', '/files', `/files/${fixture.attachmentId}`, '/history', '/export'].map(
        (t): [string, string] => [`${c}${t}`, supervisor.cookie],
      ),
      ...['/staff/cases', '/staff/partners', '/staff/training', '/staff/solutions', '/staff/dashboards', '/staff/account'].map((u): [string, string] => [
        u,
        supervisor.cookie,
      ]),
      ...['/staff/admin', '/staff/admin/offices', `/staff/admin/offices/${fixture.officeId}`, '/staff/admin/organisations'].map((u): [string, string] => [
        u,
        admin.cookie,
      ]),
    ];
    const failures: string[] = [];
    for (const [url, cookie] of pages) {
      const r = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
      if (r.statusCode !== 200) failures.push(`${url}: ${r.statusCode}`);
    }
    assert.deepEqual(failures, []);
    const letter = await app.inject({ method: 'GET', url: `${c}/files/${fixture.attachmentId}`, headers: { cookie: supervisor.cookie } });
    assert.ok(letter.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')), 'the case document decrypts to what was uploaded');
    const notes = await app.inject({ method: 'GET', url: `${c}/notes`, headers: { cookie: supervisor.cookie } });
    assert.match(notes.body, /First meeting at the clinic/, 'the sealed note written by the previous release still reads');
    assert.equal((await verifyAudit(ctx.db)).ok, true);
  } finally {
    await app.close();
    await ctx.database.close();
  }
}

describe('upgrade of a data directory made by the previous release (sqlite)', () => {
  let dataDir: string;
  before(() => {
    dataDir = copyFixture();
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrate --dry-run lists what would run and applies nothing', () => {
    const run = (dir: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate', '--dry-run'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dir, LOG_LEVEL: 'warn' },
      });
    const dir = copyFixture();
    try {
      // Take the newest migration off the copy: it is then the one the dry run names.
      const newest = Object.keys(MIGRATIONS).at(-1) as string;
      const db = openSqlite(join(dir, 'abri.db'));
      db.sqlite?.prepare('delete from kysely_migration where name = ?').run(newest);
      // The fixture was made by an older release: every migration since then is pending too, in time order.
      const rows = db.sqlite ? (db.sqlite.prepare('select name from kysely_migration').all() as Array<{ name: string }>) : [];
      const applied = new Set(rows.map((m) => m.name));
      db.sqlite?.close();
      const pending = Object.keys(MIGRATIONS).filter((m) => !applied.has(m));
      assert.equal(pending.at(-1), newest);
      const r = run(dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${pending.length} migrations would run:\\n  ${pending.join('\\n  ')}`));
      assert.match(run(dir).stdout, new RegExp(`${pending.length} migrations would run`), 'still pending: nothing was applied');
      const empty = mkdtempSync(join(tmpdir(), 'abri-upgrade-empty-'));
      const none = run(empty);
      assert.match(none.stdout, new RegExp(`all ${Object.keys(MIGRATIONS).length} migrations would run`));
      assert.ok(!existsSync(join(empty, 'abri.db')), 'the dry run creates no database');
      rmSync(empty, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates with the current code; every main page and every file still answers; the audit chain holds', async () => {
    await upgradeAndCheck(dataDir, ids);
  });
});

// PostgreSQL has its own fixture (made by make-postgres.ts with the same data): its schema is built by the
// PostgreSQL branches of the migrations, which the SQLite fixture never runs.
describe('upgrade of a PostgreSQL database made by the previous release (postgres)', { skip: !process.env.TEST_DATABASE_URL }, () => {
  const pgIds = readIds(PG_FIXTURE);
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> };
  before(async () => {
    dataDir = copyFixture(PG_FIXTURE);
    database = await freshPostgresDatabase();
    // The dump, replayed as pg_dump wrote it, on a connection of its own (it empties that session's search_path).
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(readFileSync(join(PG_FIXTURE, 'dump.sql'), 'utf8'));
    } finally {
      await client.end();
    }
  });
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('the fixture is older than the current schema and holds its data', async () => {
    const known = Object.keys(MIGRATIONS);
    assert.ok(known.indexOf(pgIds.madeWithSchema) >= 0 && known.indexOf(pgIds.madeWithSchema) < known.length - 1, 'made by an earlier release');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const counts = await client.query<{ reports: number; cases: number; notes: number; files: number }>(
        'select (select count(*)::int from reports) as reports, (select count(*)::int from cases) as cases, (select count(*)::int from case_notes) as notes, (select count(*)::int from case_attachments) as files',
      );
      assert.deepEqual(counts.rows[0], { reports: 1, cases: 1, notes: 1, files: 1 });
    } finally {
      await client.end();
    }
  });

  it('migrates with the current code; every main page and every file still answers; the audit chain holds', async () => {
    await upgradeAndCheck(dataDir, pgIds, database.url);
  });
});
