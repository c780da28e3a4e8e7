import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/*
 * A whole Abri for a route test: a fresh data directory, a fresh database on SQLite or PostgreSQL, the app built
 * from src/features.ts (as the server builds it) and every log line kept for assertions.
 */

/** SQLite always; PostgreSQL when TEST_DATABASE_URL points at a server (npm test arranges one). */
export const DIALECTS: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Creates an empty database on the test PostgreSQL server and returns its URL and a drop function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `abri_t_${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
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

export async function createTestEnv(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-test-'));
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const fresh = await freshPostgresDatabase();
    databaseUrl = fresh.url;
    dropDb = fresh.drop;
  }
  const config = loadConfig({}, { dataDir, databaseUrl, logLevel: 'info', jobs: false, publicUrl: 'http://localhost:3000', ...overrides });
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      cb();
    },
  });
  const log = pino(loggerOptions('info'), stream);
  const { ctx } = await startContext(config, { log });
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
      if (dropDb) await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
