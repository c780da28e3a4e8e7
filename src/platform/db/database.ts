import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { DB } from '../../schema.js';
import { SqliteHandle } from './sqlite-handle.js';

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
  /**
   * For read-only statistics and exports that may lag the primary by a moment (today the CTDC export's rows):
   * the replica of DATABASE_REPLICA_URL when there is one, else the primary. Never for a read that
   * decides a write, nor for anything a user has just changed and expects to see.
   */
  readonly readDb: Db;
  /**
   * `readDb` once it has replayed everything the primary had committed when this was called (so that a read just
   * after a write, such as the export after its facts refresh, sees that write); the primary itself if the replica
   * lags more than REPLICA_WAIT_MS or cannot be reached.
   */
  caughtUpReadDb(): Promise<Db>;
  /**
   * A transaction whose caller acknowledges it only after this resolves, committed through group commit: on SQLite
   * the commit does not fsync on the event loop; one fsync of the WAL on the libuv pool covers every such commit made
   * before it (see sqlite-handle.ts). The same durability as `inTransaction` once resolved. PostgreSQL: a plain
   * transaction (the server's commit is already off this process's event loop). Rejects with `NotDurableError` when
   * the work committed but could not be made durable: the caller must not acknowledge it, nor undo what it wrote
   * outside the database (the rows exist).
   */
  durableTransaction<T>(work: (tx: Tx, onCommit: (fn: AfterCommit) => void) => Promise<T>): Promise<T>;
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
  const handle = new SqliteHandle(sqlite, file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: handle }) });
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
    readDb: db,
    caughtUpReadDb: async () => db,
    durableTransaction: async (work) => {
      const after: AfterCommit[] = [];
      // The connection is held from pragma to pragma: no other transaction commits with NORMAL by mistake.
      const result = await db.connection().execute(async (c) => {
        await sql`pragma synchronous = normal`.execute(c);
        try {
          const r = await c.transaction().execute((tx) => work(tx, (fn) => after.push(fn)));
          handle.committedWithoutSync();
          return r;
        } finally {
          await sql`pragma synchronous = full`.execute(c);
        }
      });
      try {
        await handle.durable();
      } catch (e) {
        throw new NotDurableError(e);
      }
      for (const fn of after) await fn();
      return result;
    },
    close: () => db.destroy(),
  };
}

/** A group commit that committed but whose fsync failed (a disk error): not to be acknowledged, not to be undone. */
export class NotDurableError extends Error {
  constructor(cause: unknown) {
    super('committed, but the write-ahead log could not be synced to disk', { cause });
  }
}

/** How long a read that must see the latest writes waits for the replica before reading the primary instead. */
export const REPLICA_WAIT_MS = 5_000;

export function openPostgres(url: string, options: { max?: number; replicaUrl?: string | undefined } = {}): Database {
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
  let readDb = db;
  if (options.replicaUrl) {
    // Read-only by construction: a write sent here by mistake fails instead of reaching a standby.
    const replicaPool = new (loadPg().Pool)({ connectionString: options.replicaUrl, max: 4, options: '-c default_transaction_read_only=on' });
    replicaPool.on('error', () => undefined);
    readDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: replicaPool }) });
  }
  const replica = readDb;
  const caughtUpReadDb = async (): Promise<Db> => {
    if (replica === db) return db;
    try {
      const lsn = (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db)).rows[0]?.lsn;
      const until = Date.now() + REPLICA_WAIT_MS;
      while (Date.now() < until) {
        const r = await sql<{ ok: boolean | null }>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as ok`.execute(replica);
        if (r.rows[0]?.ok) return replica;
        await new Promise((res) => setTimeout(res, 20));
      }
    } catch {}
    return db;
  };
  return {
    db,
    dialect: 'postgres',
    sqlite: undefined,
    pool,
    relaxed: (work) => work(relaxed()),
    readDb,
    caughtUpReadDb,
    durableTransaction: (work) => inTransaction(db, work),
    close: async () => {
      await relaxedDb?.destroy();
      if (readDb !== db) await readDb.destroy();
      await db.destroy();
    },
  };
}

export function openDatabase(opts: { databaseUrl: string | undefined; sqliteFile: string; replicaUrl?: string | undefined }): Database {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, { replicaUrl: opts.replicaUrl }) : openSqlite(opts.sqliteFile);
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
