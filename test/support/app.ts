import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after } from 'node:test';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { startContext } from '../../src/platform/bootstrap.js';
import type { AppContext } from '../../src/platform/context.js';
import { randomToken } from '../../src/platform/crypto/keys.js';
import type { Dialect } from '../../src/platform/db/database.js';
import { loggerOptions } from '../../src/platform/logger.js';
import { clearPageCache } from '../../src/platform/views/page-cache.js';
import {
  type BuildTemplate,
  copyTemplateDir,
  dropRunTemplates,
  ensureTemplate,
  OWN_RUN,
  RUN,
  TEMPLATES_ENABLED,
  templateName,
  templatesBuilt,
} from './template.js';

/*
 * A whole Abri for a route test: a data directory and a database of its own on SQLite or PostgreSQL, the app built
 * from src/features.ts (as the server builds it) and every log line kept for assertions. The directory and database
 * are a copy of the run's template (migrated, keys created, starting content seeded: template.ts) unless the test
 * asks for a fresh start or changes where or under which key a start writes; then they start empty.
 */

/** SQLite always; PostgreSQL when TEST_DATABASE_URL points at a server (npm test arranges one). */
export const DIALECTS: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Creates an empty database (or a copy of `template`) on the test PostgreSQL server; its URL and a drop function. */
export async function freshPostgresDatabase(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `abri_t_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestEnv {
  dialect: Dialect;
  ctx: AppContext;
  app: FastifyInstance;
  config: Config;
  /** Every log line written during the test, as parsed JSON objects. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** What a test may ask of its environment beyond the configuration. */
export interface TestEnvOptions {
  /**
   * Start on an empty database and data directory instead of a copy of the run's template (see template.ts): keys of
   * its own, created by this start. For tests of key creation or of two installations with different keys.
   */
  fresh?: boolean;
}

/** Configuration that changes what a start writes (where, and under which master key): such an environment starts fresh. */
const START_UP_SETTINGS: ReadonlyArray<keyof Config> = ['dataDir', 'databaseUrl', 'databaseReplicaUrl', 'masterKey'];

/** Templates serve the test runner's processes (and a run of scripts/test.ts), not benchmarks that build environments. */
const TEMPLATES = TEMPLATES_ENABLED && (process.env.NODE_TEST_CONTEXT !== undefined || !OWN_RUN);
if (TEMPLATES && OWN_RUN) after(() => (templatesBuilt() ? dropRunTemplates(RUN) : undefined));

export async function createTestEnv(dialect: Dialect, overrides: Partial<Config> = {}, options: TestEnvOptions = {}): Promise<TestEnv> {
  const fromTemplate = TEMPLATES && !options.fresh && !START_UP_SETTINGS.some((k) => k in overrides);
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-test-'));
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (fromTemplate) await ensureTemplate(dialect, buildTemplate(dialect));
  if (fromTemplate) copyTemplateDir(dialect, dataDir);
  if (dialect === 'postgres') {
    const fresh = await freshPostgresDatabase(fromTemplate ? templateName('postgres') : undefined);
    databaseUrl = fresh.url;
    dropDb = fresh.drop;
  }
  return startEnv(dialect, { dataDir, databaseUrl, ...overrides }, async () => {
    if (dropDb) await dropDb();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

/** The template's start: an environment on the template's directory and database, shut down again, nothing removed. */
function buildTemplate(dialect: Dialect): BuildTemplate {
  return async (dataDir, databaseUrl) => {
    const env = await startEnv(dialect, { dataDir, databaseUrl }, async () => undefined);
    await env.close();
  };
}

async function startEnv(dialect: Dialect, settings: Partial<Config>, cleanUp: () => Promise<void>): Promise<TestEnv> {
  const config = loadConfig({}, { logLevel: 'info', jobs: false, publicUrl: 'http://localhost:3000', ...settings });
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      cb();
    },
  });
  const log = pino(loggerOptions('info'), stream);
  const { ctx } = await startContext(config, { log });
  // A new Abri process starts with no page kept; this process may hold pages of an earlier environment (a fresh
  // database's seeding would clear them, a copy of the template seeds nothing).
  clearPageCache();
  const app = await buildApp({ ctx });
  await app.ready();
  return {
    dialect,
    ctx,
    app,
    config,
    logs,
    close: async () => {
      await app.close();
      await ctx.database.close();
      await cleanUp();
    },
  };
}
