import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';

/** PostgreSQL side of backups: pg_dump / pg_restore from PATH, never a hand-made dump. */

export class PgToolMissing extends Error {}

export function requirePgTool(tool: 'pg_dump' | 'pg_restore'): void {
  const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new PgToolMissing(
      `${tool} was not found on PATH. Install the PostgreSQL client tools of the same major version as the server (e.g. apt-get install postgresql-client), then run the command again.`,
    );
  }
}

function run(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${err.trim().slice(0, 2000)}`))));
  });
}

async function tableCounts(client: pg.ClientBase): Promise<Record<string, number>> {
  const tables = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by tablename");
  const counts: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    const r = await client.query<{ n: string }>(`select count(*) as n from "${tablename.replace(/"/g, '""')}"`);
    counts[tablename] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

/**
 * Dumps the database (custom format) and counts its rows in one snapshot: the counts in the manifest are exactly
 * what the dump holds, even while Abri keeps writing.
 */
export async function dumpPostgres(url: string, out: string): Promise<Record<string, number>> {
  requirePgTool('pg_dump');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snap = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const counts = await tableCounts(client);
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snap.rows[0]?.id}`, `--file=${out}`, `--dbname=${url}`]);
    await client.query('commit');
    return counts;
  } finally {
    await client.end();
  }
}

export async function postgresTableCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await tableCounts(client);
  } finally {
    await client.end();
  }
}

/** Lists a dump's table of contents: proves pg_restore can read it, without touching any database. */
export async function checkDump(file: string): Promise<void> {
  requirePgTool('pg_restore');
  await run('pg_restore', ['--list', file]);
}

/** Restores a dump into the database; `clean` drops what is there first (restore --force). */
export async function restorePostgres(url: string, file: string, clean: boolean): Promise<void> {
  requirePgTool('pg_restore');
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...(clean ? ['--clean', '--if-exists'] : []), `--dbname=${url}`, file]);
}

export async function postgresHasTables(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query("select 1 from pg_tables where schemaname = 'public' limit 1");
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
