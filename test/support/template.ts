import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Dialect } from '../../src/platform/db/database.js';
import { MIGRATIONS } from '../../src/platform/db/migrations/index.js';

/*
 * Template databases for route tests. Every Abri starts by migrating its database, creating its keys and seeding the
 * starting public content in every language: about 0.3 s on SQLite and 0.9 s on PostgreSQL, paid by every test
 * environment. Instead, the first environment of a kind does that start once into a template (a database and the data
 * directory its keys belong to), and later environments start from a copy of it: PostgreSQL clones the template with
 * `CREATE DATABASE … TEMPLATE`, SQLite copies the data directory (database file, master key, audit anchors). The app
 * then starts on the copy as it starts on an existing installation: nothing left to migrate, keys and content there.
 *
 * A copy's state is the state a fresh start writes, with one difference: the key material (master key, data keys, the
 * secrets derived from them) is the template's, shared by every copy of one test run. A test that needs keys of its
 * own (key creation, two installations with different keys) asks for a fresh start (`createTestEnv(…, { fresh: true })`).
 *
 * Scope: one test run. `npm test` (scripts/test.ts) sets ABRI_TEST_RUN, so that its processes share the templates,
 * and drops them at the end; a file run alone uses templates of its own process, dropped when its tests end.
 * Templates are named by a hash of the migrations and the seed content, and built under an advisory lock (PostgreSQL)
 * or renamed into place once complete (SQLite), so that concurrent processes never see a half-built one.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Bumped when what a template holds changes in a way the hash below does not see. */
const TEMPLATE_VERSION = 1;
const STALE_MS = 24 * 3600_000;

/** Templates are not used when ABRI_TEST_TEMPLATES=0 (every environment starts fresh, as before). */
export const TEMPLATES_ENABLED = process.env.ABRI_TEST_TEMPLATES !== '0';

/** `<time>_<tag>`: the run these templates belong to; the time (base 36) lets a later run drop leftovers of a crash. */
function runScope(): string {
  const given = process.env.ABRI_TEST_RUN;
  if (given && /^[a-z0-9]+_[a-z0-9]+$/.test(given)) return given;
  return `${Date.now().toString(36)}_p${process.pid}`;
}

export const RUN = runScope();
export const OWN_RUN = !process.env.ABRI_TEST_RUN;

/** A new run scope, for scripts/test.ts. */
export function newRunScope(): string {
  return `${Date.now().toString(36)}_r${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

function contentHash(): string {
  const h = createHash('sha256');
  h.update(`v${TEMPLATE_VERSION}\n`);
  for (const name of Object.keys(MIGRATIONS)) h.update(`${name}\n`);
  const seedDir = join(ROOT, 'src/content/seed');
  for (const file of readdirSync(seedDir).sort()) h.update(file).update(readFileSync(join(seedDir, file)));
  h.update(readFileSync(join(ROOT, 'locales/languages.json')));
  return h.digest('hex').slice(0, 10);
}

const HASH = contentHash();

export function templateName(dialect: Dialect): string {
  return dialect === 'postgres' ? `abri_tpl_${RUN}_${HASH}` : `abri-tpl-${RUN}-${HASH}-sqlite`;
}

/** The data directory of a template (for PostgreSQL: the key files the template database's keys are sealed with). */
export function templateDir(dialect: Dialect): string {
  return join(tmpdir(), dialect === 'postgres' ? `abri-tpl-${RUN}-${HASH}-postgres` : templateName('sqlite'));
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts an Abri on `dataDir` (and the database at `url` on PostgreSQL) and shuts it down again: the template's start. */
export type BuildTemplate = (dataDir: string, databaseUrl: string | undefined) => Promise<void>;

const ready = new Map<Dialect, Promise<void>>();

/** Whether this process has made or used a template. */
export function templatesBuilt(): boolean {
  return ready.size > 0;
}

/** Ensures the template of this dialect exists (once per process; shared across processes of one run). */
export function ensureTemplate(dialect: Dialect, build: BuildTemplate): Promise<void> {
  let p = ready.get(dialect);
  if (!p) {
    p = dialect === 'postgres' ? ensurePostgresTemplate(build) : ensureSqliteTemplate(build);
    // A failure is not remembered: the next environment tries again.
    p.catch(() => ready.delete(dialect));
    ready.set(dialect, p);
  }
  return p;
}

async function ensureSqliteTemplate(build: BuildTemplate): Promise<void> {
  const target = templateDir('sqlite');
  if (existsSync(join(target, 'abri.db'))) return;
  dropStaleDirs();
  const building = mkdtempSync(join(tmpdir(), 'abri-tpl-building-'));
  try {
    await build(building, undefined);
    try {
      renameSync(building, target);
    } catch (e) {
      // Another process of the run renamed its own into place first: that one stands.
      if (!existsSync(join(target, 'abri.db'))) throw e;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

async function ensurePostgresTemplate(build: BuildTemplate): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = templateName('postgres');
  const dir = templateDir('postgres');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name]);
    if (found.rowCount === 1 && existsSync(join(dir, 'master.key'))) return;
    await dropStalePostgres(admin);
    await dropPostgresTemplate(admin, name);
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`CREATE DATABASE ${name}`);
    const building = mkdtempSync(join(tmpdir(), 'abri-tpl-building-'));
    try {
      await build(building, databaseUrl(base, name));
      renameSync(building, dir);
    } catch (e) {
      rmSync(building, { recursive: true, force: true });
      await dropPostgresTemplate(admin, name);
      throw e;
    }
    // No connection may be open to a template while it is cloned: none can be opened any more.
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
}

/** Copies a template's data directory into a new, empty one. */
export function copyTemplateDir(dialect: Dialect, dataDir: string): void {
  cpSync(templateDir(dialect), dataDir, { recursive: true });
}

async function dropPostgresTemplate(admin: pg.Client, name: string): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount !== 1) return;
  await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

function scopeTime(scope: string): number {
  return Number.parseInt(scope.split('_')[0] ?? '', 36);
}

/** Templates of runs that ended without dropping theirs (a crash, an interrupt), a day old or more. */
async function dropStalePostgres(admin: pg.Client): Promise<void> {
  const rows = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'abri\\_tpl\\_%'");
  for (const { datname } of rows.rows) {
    const time = scopeTime(datname.slice('abri_tpl_'.length));
    if (Number.isFinite(time) && Date.now() - time > STALE_MS) await dropPostgresTemplate(admin, datname);
  }
}

function dropStaleDirs(): void {
  for (const entry of readdirSync(tmpdir())) {
    const m = /^abri-tpl-([a-z0-9]+)_/.exec(entry);
    const full = join(tmpdir(), entry);
    const old = m ? Date.now() - scopeTime(m[1] ?? '') > STALE_MS : entry.startsWith('abri-tpl-building-') && Date.now() - statSync(full).mtimeMs > STALE_MS;
    if (old) rmSync(full, { recursive: true, force: true });
  }
}

/** Drops every template of a run: its databases and data directories (scripts/test.ts at the end; a lone file's own). */
export async function dropRunTemplates(scope: string): Promise<void> {
  for (const entry of readdirSync(tmpdir())) if (entry.startsWith(`abri-tpl-${scope}-`)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const rows = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`abri\\_tpl\\_${scope}\\_%`]);
    for (const { datname } of rows.rows) await dropPostgresTemplate(admin, datname);
  } finally {
    await admin.end();
  }
}
