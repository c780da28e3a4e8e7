/**
 * DATABASE_REPLICA_URL against a real streaming replica: the test makes its own PostgreSQL 15 primary (initdb, on a
 * free port, in a temporary directory), a standby of it with pg_basebackup -R on another port, runs Abri on the
 * primary with the standby as its replica, and stops and removes both at the end. Skipped where the PostgreSQL
 * server binaries are not installed, or where there is no unprivileged `postgres` user to run them as root.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { startContext } from '../../src/platform/bootstrap.js';
import type { AppContext } from '../../src/platform/context.js';
import { exportOffices } from '../../src/stats/ctdc/case-export.js';
import { rng, syntheticCase } from '../../src/stats/synthetic.js';
import { insertSynthetic } from '../../src/stats/synthetic.repository.js';
import { createOffice } from '../helper.js';

const BIN = '/usr/lib/postgresql/15/bin';
const asRoot = userInfo().uid === 0;
const pgUser = (() => {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
})();
const skip = !existsSync(join(BIN, 'initdb'))
  ? 'PostgreSQL 15 server binaries not installed'
  : asRoot && pgUser === undefined
    ? 'no postgres user to run the server as'
    : false;

function run(cmd: string, args: string[]): string {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args]] : [join(BIN, cmd), args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('read replica (DATABASE_REPLICA_URL) on a real streaming standby', { skip, timeout: 240_000 }, () => {
  let root = '';
  let ctx: AppContext;
  const started: string[] = [];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'abri-replica-'));
    if (asRoot && pgUser !== undefined) chownSync(root, pgUser, pgUser);
    const primary = join(root, 'primary');
    const standby = join(root, 'standby');
    const [pPort, sPort] = [await freePort(), await freePort()];
    run('initdb', ['-D', primary, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    // initdb's pg_hba.conf already lets 127.0.0.1 replicate with trust.
    const common = `listen_addresses = '127.0.0.1'\nunix_socket_directories = '${root}'\nfsync = off\nshared_buffers = 16MB\nmax_connections = 40\n`;
    appendFileSync(join(primary, 'postgresql.conf'), `${common}port = ${pPort}\nwal_level = replica\nmax_wal_senders = 4\n`);
    run('pg_ctl', ['-D', primary, '-l', join(root, 'primary.log'), '-w', 'start']);
    started.push(primary);
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(pPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream']);
    appendFileSync(join(standby, 'postgresql.conf'), `port = ${sPort}\n`);
    run('pg_ctl', ['-D', standby, '-l', join(root, 'standby.log'), '-w', 'start']);
    started.push(standby);
    const config = loadConfig(
      {},
      {
        dataDir: join(root, 'data'),
        databaseUrl: `postgres://postgres@127.0.0.1:${pPort}/postgres`,
        databaseReplicaUrl: `postgres://postgres@127.0.0.1:${sPort}/postgres`,
        logLevel: 'silent',
        jobs: false,
      },
    );
    ({ ctx } = await startContext(config));
  });

  after(async () => {
    await ctx?.database.close();
    for (const dir of started.reverse()) run('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
    rmSync(root, { recursive: true, force: true });
  });

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const lsn = (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(ctx.db)).rows[0]?.lsn;
    for (let i = 0; i < 200; i++) {
      const r = await sql<{ ok: boolean }>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as ok`.execute(ctx.database.readDb);
      if (r.rows[0]?.ok) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('the standby did not catch up in 10 s');
  }

  it('reads statistics from the standby and everything else from the primary', async () => {
    const recovery = async (db: typeof ctx.db) => (await sql<{ r: boolean }>`select pg_is_in_recovery() as r`.execute(db)).rows[0]?.r;
    assert.equal(await recovery(ctx.db), false);
    assert.equal(await recovery(ctx.database.readDb), true);
  });

  it('a CTDC export reads its cases through the replica, with the same result as the primary', async () => {
    const office = await createOffice(ctx, 'RP', 'TN');
    const r = rng(5);
    const items = Array.from({ length: 120 }, (_, i) =>
      syntheticCase(r, { id: office, code: 'RP', country: 'TN' }, { seq: i + 1, start: Date.parse('2024-01-01T00:00:00Z'), spanDays: 300 }),
    );
    await insertSynthetic(ctx.db, items);
    // exportOffices refreshes the facts on the primary, then reads the replica once it has replayed them: no wait here.
    assert.equal(await ctx.database.caughtUpReadDb(), ctx.database.readDb);
    const fromReplica = await exportOffices(ctx, [office], { schema: 'global-kanon', k: 5 });
    assert.equal(fromReplica.report.inputRows, 120);
    await caughtUp();
    const facts = async (db: typeof ctx.db) =>
      Number((await sql<{ n: number }>`select count(*)::int as n from case_facts where office_id = ${office}`.execute(db)).rows[0]?.n);
    assert.equal(await facts(ctx.database.readDb), await facts(ctx.db));
  });

  it('refuses a write sent to the replica by mistake', async () => {
    await assert.rejects(sql`create table mistake (x int)`.execute(ctx.database.readDb), /read-only/);
  });
});
