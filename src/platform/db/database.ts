import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { DB } from '../../schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** A repository function takes either: the same function works inside and outside a transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  readonly db: Db;
  readonly dialect: Dialect;
  /** The SQLite handle, for online backup; undefined on PostgreSQL. */
  readonly sqlite: SQLite.Database | undefined;
  /** The PostgreSQL pool, for its metrics; undefined on SQLite. */
  readonly pool?: pg.Pool | undefined;
  /**
   * Runs single-statement writes whose commit does not wait for the disk: for counters that may lose their last
   * increments on a power cut (throttles, sign-in delays), never for records. SQLite: the one connection, held,
   * with synchronous=NORMAL for these statements only (in WAL mode: no fsync, never a corrupt file), FULL again
   * after. PostgreSQL: a small pool of its own with synchronous_commit=off (the server never corrupts; at worst the
   * last increments are lost if it crashes). Either way one round trip, without an fsync in the request's path.
   */
  relaxed<T>(work: (db: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
let pgModule: typeof pg | undefined;

/**
 * The PostgreSQL client, loaded the first time a pool is opened: an installation on SQLite never loads it (about
 * 15 MB of memory). PostgreSQL returns bigint (count(*), sums) as strings by default; counts here stay far below 2^53.
 */
function loadPg(): typeof pg {
  if (!pgModule) {
    pgModule = require('pg') as typeof pg;
    pgModule.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    pgModule.types.setTypeParser(1700, (v) => Number.parseFloat(v));
  }
  return pgModule;
}

export function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged write survives a power cut or a kill -9, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    // db.connection() holds the connection: no other statement (no open transaction's commit) runs meanwhile.
    relaxed: (work) =>
      db.connection().execute(async (c) => {
        await sql`pragma synchronous = normal`.execute(c);
        try {
          return await work(c);
        } finally {
          await sql`pragma synchronous = full`.execute(c);
        }
      }),
    close: () => db.destroy(),
  };
}

export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new (loadPg().Pool)({ connectionString: url, max: options.max ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let relaxedDb: Db | undefined;
  const relaxed = () => {
    if (!relaxedDb) {
      const relaxedPool = new (loadPg().Pool)({ connectionString: url, max: 3, options: '-c synchronous_commit=off' });
      relaxedPool.on('error', () => undefined);
      relaxedDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: relaxedPool }) });
    }
    return relaxedDb;
  };
  return {
    db,
    dialect: 'postgres',
    sqlite: undefined,
    pool,
    relaxed: (work) => work(relaxed()),
    close: async () => {
      await relaxedDb?.destroy();
      await db.destroy();
    },
  };
}

export function openDatabase(opts: { databaseUrl: string | undefined; sqliteFile: string }): Database {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openSqlite(opts.sqliteFile);
}

type AfterCommit = () => void | Promise<void>;

/**
 * One transaction per change. Side effects registered with `onCommit` run only once the transaction
 * has committed, so a rolled-back change sends nothing and caches nothing.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx, onCommit: (fn: AfterCommit) => void) => Promise<T>): Promise<T> {
  const after: AfterCommit[] = [];
  const result = await db.transaction().execute((tx) => work(tx, (fn) => after.push(fn)));
  for (const fn of after) await fn();
  return result;
}

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
