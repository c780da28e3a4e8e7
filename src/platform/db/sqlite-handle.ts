import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type SQLite from 'better-sqlite3';

/**
 * The better-sqlite3 handle as Kysely's SqliteDialect sees it, with two changes measured in BENCHMARKS.md (issue 16):
 *
 * - Prepared statements are kept (Kysely prepares every query again, about 2 ms a report of 15 statements): at most
 *   MAX_STATEMENTS, a statement still being iterated is never handed out twice.
 * - Group commit without the fsync on the event loop: a transaction run by `database.durableTransaction` commits
 *   with synchronous=NORMAL (in WAL mode: the WAL is written, not fsynced; never a corrupt file), then `durable()`
 *   fsyncs the WAL file on the libuv pool. One fsync covers every commit made before it started, so reports arriving
 *   together share one, and the caller acknowledges only after `durable()` resolved: an acknowledged report survives
 *   a power cut exactly as with synchronous=FULL. Every other transaction keeps synchronous=FULL.
 */
const MAX_STATEMENTS = 500;

export class SqliteHandle {
  private readonly statements = new Map<string, SQLite.Statement>();
  private committed = 0;
  private synced = 0;
  private syncing: Promise<void> | undefined;
  private dirSynced = false;
  private wal: FileHandle | undefined;

  constructor(
    readonly sqlite: SQLite.Database,
    private readonly file: string,
  ) {}

  prepare(sql: string): SQLite.Statement {
    const cached = this.statements.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = this.sqlite.prepare(sql);
    if (cached) return statement;
    if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
    this.statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.statements.clear();
    void this.wal?.close();
    this.wal = undefined;
    this.sqlite.close();
  }

  /** A transaction committed with synchronous=NORMAL: the next `durable()` must cover it. */
  committedWithoutSync(): void {
    // An in-memory database has no WAL file and nothing to make durable.
    if (this.file !== ':memory:') this.committed++;
  }

  /** Resolves once every deferred commit made so far is on disk (an fsync of the WAL, shared with concurrent callers). */
  async durable(): Promise<void> {
    const target = this.committed;
    while (this.synced < target) {
      if (!this.syncing) {
        const upTo = this.committed;
        this.syncing = this.syncWal()
          .then(() => {
            this.synced = Math.max(this.synced, upTo);
          })
          .finally(() => {
            this.syncing = undefined;
          });
      }
      await this.syncing;
    }
  }

  private async syncWal(): Promise<void> {
    // Kept open: SQLite removes the WAL file only when the last connection closes (this one, in close()).
    this.wal ??= await open(`${this.file}-wal`, 'r');
    await this.wal.sync();
    if (!this.dirSynced) {
      // The WAL file's directory entry, once (the file is created when the database is opened and kept while it is).
      const dir = await open(dirname(this.file), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      this.dirSynced = true;
    }
  }
}
