import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { type Database, NotDurableError, openSqlite } from '../../src/platform/db/database.js';
import { SqliteHandle } from '../../src/platform/db/sqlite-handle.js';

const synchronous = async (d: Database) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(d.db)).rows[0]?.synchronous;

describe('SQLite group commit (durableTransaction)', () => {
  let dir = '';
  let d: Database;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'abri-gc-'));
    d = openSqlite(join(dir, 'abri.db'));
    await sql`create table t (id integer primary key, v text not null)`.execute(d.db);
  });
  after(async () => {
    await d.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits, runs the after-commit work once durable, and leaves every other transaction at synchronous=FULL', async () => {
    const order: string[] = [];
    const r = await d.durableTransaction(async (tx, onCommit) => {
      assert.equal((await sql<{ synchronous: number }>`pragma synchronous`.execute(tx)).rows[0]?.synchronous, 1);
      await sql`insert into t (v) values ('a')`.execute(tx);
      onCommit(() => void order.push('after'));
      order.push('work');
      return 42;
    });
    assert.equal(r, 42);
    assert.deepEqual(order, ['work', 'after']);
    assert.equal(await synchronous(d), 2);
  });

  it('rolls back a failed transaction, keeps nothing of it, and restores FULL', async () => {
    await assert.rejects(
      d.durableTransaction(async (tx) => {
        await sql`insert into t (v) values ('lost')`.execute(tx);
        throw new Error('refused');
      }),
      /refused/,
    );
    const rows = (await sql<{ v: string }>`select v from t where v = 'lost'`.execute(d.db)).rows;
    assert.equal(rows.length, 0);
    assert.equal(await synchronous(d), 2);
  });

  it('acknowledges 40 concurrent transactions, every one visible to another process once its promise resolved', async () => {
    const done = await Promise.all(
      Array.from({ length: 40 }, (_, i) => d.durableTransaction((tx) => sql`insert into t (v) values (${`c${i}`})`.execute(tx)).then(() => i)),
    );
    assert.equal(done.length, 40);
    // Another process reads the file as it is (not this process's cache).
    const count = execFileSync(
      process.execPath,
      [
        '-e',
        `const S=require('better-sqlite3');const db=new S(${JSON.stringify(join(dir, 'abri.db'))},{readonly:true});console.log(db.prepare("select count(*) n from t where v like 'c%'").get().n)`,
      ],
      { cwd: process.cwd(), encoding: 'utf8' },
    );
    assert.equal(Number(count.trim()), 40);
  });

  it('a plain transaction next to group commits keeps its own order and FULL durability', async () => {
    await Promise.all([
      d.durableTransaction((tx) => sql`insert into t (v) values ('g1')`.execute(tx)),
      d.db.transaction().execute(async (tx) => {
        assert.equal((await sql<{ synchronous: number }>`pragma synchronous`.execute(tx)).rows[0]?.synchronous, 2);
        await sql`insert into t (v) values ('p1')`.execute(tx);
      }),
      d.durableTransaction((tx) => sql`insert into t (v) values ('g2')`.execute(tx)),
    ]);
    const rows = (await sql<{ v: string }>`select v from t where v in ('g1', 'p1', 'g2') order by v`.execute(d.db)).rows.map((r) => r.v);
    assert.deepEqual(rows, ['g1', 'g2', 'p1']);
  });
});

describe('SQLite prepared statement cache', () => {
  it('hands out the same statement for the same SQL, and a fresh one while the cached one is being iterated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'abri-st-'));
    const d = openSqlite(join(dir, 'abri.db'));
    const handle = new SqliteHandle(d.sqlite as NonNullable<typeof d.sqlite>, join(dir, 'abri.db'));
    try {
      handle.prepare('create table u (x int)').run();
      handle.prepare('insert into u values (1), (2)').run();
      const a = handle.prepare('select x from u');
      assert.equal(handle.prepare('select x from u'), a);
      const it = a.iterate();
      it.next();
      const b = handle.prepare('select x from u');
      assert.notEqual(b, a);
      assert.deepEqual(b.all(), [{ x: 1 }, { x: 2 }]);
      it.return?.();
    } finally {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DATABASE_REPLICA_URL setting', () => {
  it('is refused without DATABASE_URL or when it is not a PostgreSQL URL', () => {
    assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', DATABASE_REPLICA_URL: 'postgres://r/abri' }), /DATABASE_REPLICA_URL/);
    assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://p/abri', DATABASE_REPLICA_URL: 'mysql://r/abri' }), /DATABASE_REPLICA_URL/);
    assert.equal(
      loadConfig({ DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://p/abri', DATABASE_REPLICA_URL: 'postgres://r/abri' }).databaseReplicaUrl,
      'postgres://r/abri',
    );
  });
});

describe('group commit on an in-memory database', () => {
  it('commits without a WAL file to fsync', async () => {
    const d = openSqlite(':memory:');
    try {
      await sql`create table m (x int)`.execute(d.db);
      await d.durableTransaction((tx) => sql`insert into m values (1)`.execute(tx));
      assert.equal((await sql<{ n: number }>`select count(*) as n from m`.execute(d.db)).rows[0]?.n, 1);
    } finally {
      await d.close();
    }
  });
});

describe('group commit when the fsync fails', () => {
  it('rejects with NotDurableError after the commit, so the caller neither acknowledges nor undoes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abri-gcf-'));
    const d = openSqlite(join(dir, 'abri.db'));
    try {
      await sql`create table f (x int)`.execute(d.db);
      // The WAL file's name now leads nowhere (SQLite keeps its own descriptor): opening it for the fsync fails.
      rmSync(join(dir, 'abri.db-wal'), { force: true });
      symlinkSync(join(dir, 'nowhere'), join(dir, 'abri.db-wal'));
      await assert.rejects(
        d.durableTransaction((tx) => sql`insert into f values (1)`.execute(tx)),
        (e: unknown) => e instanceof NotDurableError,
      );
    } finally {
      await d.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
