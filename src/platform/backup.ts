import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.js';
import { ArchiveError, ArchiveWriter, archiveKeyId, type EntrySummary, fileSink, memorySink, readArchive } from './backup-archive.js';
import { checkDump, dumpPostgres, postgresHasTables, postgresTableCounts, requirePgTool, restorePostgres } from './backup-postgres.js';
import { MasterKeys } from './crypto/keys.js';

/**
 * Backups hold everything a restored system needs except the master key: the database (SQLite online backup, or
 * pg_dump in one snapshot), every attachment under DATA_DIR/files, and a manifest with row counts and checksums.
 * The master key is kept apart on purpose (see the README): an archive alone reveals nothing.
 */
export interface Manifest {
  format: 2;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  database: EntrySummary & { tables: Record<string, number> };
  files: EntrySummary[];
}

export interface BackupSummary {
  file: string;
  dialect: Manifest['dialect'];
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
  /** SHA-256 of the archive file itself. */
  sha256: string;
  /** Files deleted (purged) between the listing and their copy. */
  vanished: number;
}

const MANIFEST = 'manifest.json';
const SQLITE_ENTRY = 'database/abri.db';
const PG_ENTRY = 'database/abri.pgdump';
/** Entry names of attachments: relative, forward slashes, no `..`; anything else in an archive is refused. */
const FILE_ENTRY = /^files\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export class BackupError extends Error {}

function masterKeys(config: Config): MasterKeys {
  try {
    return new MasterKeys(config.dataDir, config.masterKey);
  } catch {
    throw new BackupError(
      `No master key in ${config.dataDir}: copy the master key file (master.key) of the system that was backed up into the data directory, or set ABRI_MASTER_KEY, then run the command again`,
    );
  }
}

function keyFor(config: Config, file: string): Buffer {
  const id = archiveKeyId(file);
  try {
    return masterKeys(config).get(id);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`The backup was sealed with master key ${id}, which this data directory does not hold (a retired key? see master.key.retired-*)`);
  }
}

/** Every attachment file under DATA_DIR/files, as relative paths with forward slashes; half-written *.tmp skipped. */
function storedFiles(root: string): Array<{ rel: string; path: string; size: number }> {
  if (!existsSync(root)) return [];
  const out: Array<{ rel: string; path: string; size: number }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) out.push({ rel: relative(root, path).split(sep).join('/'), path, size: statSync(path).size });
    }
  };
  walk(root);
  return out;
}

/** Opens a SQLite copy in rollback-journal mode (so no -wal/-shm appear), checks it and counts its rows. */
function checkSqliteCopy(file: string): Record<string, number> {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = DELETE');
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`The database copy failed its integrity check: ${String(integrity)}`);
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as Array<{ name: string }>;
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
    return counts;
  } finally {
    db.close();
  }
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Writes the archive. The database is copied first, then the files: a row never names a file missing from it. */
export async function createBackup(config: Config, out: string): Promise<BackupSummary> {
  const master = masterKeys(config).active;
  const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  if (dialect === 'sqlite' && !existsSync(join(config.dataDir, 'abri.db'))) throw new BackupError(`No database at ${join(config.dataDir, 'abri.db')}`);
  if (config.databaseUrl) requirePgTool('pg_dump');
  // The plain copy exists for a moment only, inside the data directory (mode 0700), never beside the output.
  const tmp = join(config.dataDir, `.backup-${randomBytes(8).toString('hex')}.tmp`);
  mkdirSync(dirname(out), { recursive: true });
  let writer: ArchiveWriter | undefined;
  try {
    let tables: Record<string, number>;
    if (config.databaseUrl) {
      tables = await dumpPostgres(config.databaseUrl, tmp);
    } else {
      const source = new SQLite(join(config.dataDir, 'abri.db'), { readonly: true });
      try {
        await source.backup(tmp);
      } finally {
        source.close();
      }
      tables = checkSqliteCopy(tmp);
    }
    writer = new ArchiveWriter(out, master);
    const database = { ...writer.addFile(dialect === 'sqlite' ? SQLITE_ENTRY : PG_ENTRY, tmp, statSync(tmp).size), tables };
    rmSync(tmp, { force: true });
    const files: EntrySummary[] = [];
    let vanished = 0;
    for (const f of storedFiles(join(config.dataDir, 'files'))) {
      try {
        files.push(writer.addFile(`files/${f.rel}`, f.path, f.size));
      } catch (e) {
        // Deleted since the listing (a retention purge): nothing was written for it yet, so the archive stays whole.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        vanished++;
      }
    }
    const manifest: Manifest = { format: 2, createdAt: new Date().toISOString(), dialect, database, files };
    writer.addBuffer(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
    const sha256 = writer.close();
    writer = undefined;
    return { file: out, sha256, dialect, tables: Object.keys(tables).length, rows: sum(tables), files: files.length, fileBytes: files.reduce((a, f) => a + f.bytes, 0), vanished };
  } finally {
    writer?.abort();
    rmSync(tmp, { force: true });
  }
}

/** Every entry read matches the manifest, and the manifest names every entry read. */
function checkAgainstManifest(read: EntrySummary[], manifestBytes: Buffer[]): Manifest {
  if (read.at(-1)?.name !== MANIFEST) throw new BackupError('The backup has no manifest: it is incomplete');
  const manifest = JSON.parse(Buffer.concat(manifestBytes).toString('utf8')) as Manifest;
  if (manifest.format !== 2) throw new BackupError(`Unknown backup format ${String(manifest.format)}`);
  const expected = [manifest.database, ...manifest.files];
  const got = read.slice(0, -1);
  if (got.length !== expected.length) throw new BackupError(`The backup holds ${got.length} entries, its manifest lists ${expected.length}`);
  got.forEach((entry, i) => {
    const want = expected[i] as EntrySummary;
    if (entry.name !== want.name || entry.bytes !== want.bytes || entry.sha256 !== want.sha256) throw new BackupError(`${entry.name} does not match its checksum in the manifest`);
  });
  return manifest;
}

function sameCounts(what: string, got: Record<string, number>, want: Record<string, number>): void {
  for (const [table, n] of Object.entries(want)) {
    if (got[table] !== n) throw new BackupError(`${what}: table ${table} has ${got[table] ?? 'no'} rows, the manifest says ${n}`);
  }
}

export interface VerifySummary {
  manifest: Manifest;
  entries: number;
}

/** Reads the whole archive, checks every checksum and the database copy, and writes nothing in the data directory. */
export async function verifyBackup(config: Config, file: string): Promise<VerifySummary> {
  const key = keyFor(config, file);
  const scratch = mkdtempSync(join(tmpdir(), 'abri-verify-'));
  try {
    const manifestBytes: Buffer[] = [];
    const dbCopy = join(scratch, 'database');
    const read = readArchive(file, key, ({ name }) => {
      if (name === MANIFEST) return memorySink(manifestBytes);
      if (name === SQLITE_ENTRY || name === PG_ENTRY) return fileSink(dbCopy);
      if (!FILE_ENTRY.test(name)) throw new BackupError(`Unexpected entry in the backup: ${name}`);
      return undefined;
    });
    const manifest = checkAgainstManifest(read, manifestBytes);
    if (manifest.dialect === 'sqlite') sameCounts('The database copy', checkSqliteCopy(dbCopy), manifest.database.tables);
    else await checkDump(dbCopy);
    return { manifest, entries: read.length };
  } catch (e) {
    if (e instanceof ArchiveError) throw new BackupError(e.message);
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** What is already in the data directory (or PostgreSQL database) that a restore would replace. */
async function existingData(config: Config): Promise<string | undefined> {
  if (config.databaseUrl) {
    if (await postgresHasTables(config.databaseUrl)) return 'the PostgreSQL database already has tables';
  } else if (existsSync(join(config.dataDir, 'abri.db'))) {
    return `${join(config.dataDir, 'abri.db')} exists`;
  }
  if (storedFiles(join(config.dataDir, 'files')).length > 0) return `${join(config.dataDir, 'files')} holds files`;
  return undefined;
}

export interface RestoreSummary {
  manifest: Manifest;
  tables: number;
  rows: number;
  files: number;
}

/**
 * Unpacks into a staging folder inside the data directory, checks everything there (checksums, integrity, row
 * counts), and only then puts the database and the files in place. Refuses a data directory that already holds
 * data unless `force`. The SQLite file is left in rollback-journal mode with no -wal or -shm beside it.
 */
export async function restoreBackup(config: Config, file: string, opts: { force?: boolean } = {}): Promise<RestoreSummary> {
  const key = keyFor(config, file);
  const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  const existing = await existingData(config);
  if (existing && !opts.force) throw new BackupError(`${existing}: restore goes into an empty data directory. Stop Abri and add --force to replace what is there.`);
  if (config.databaseUrl) requirePgTool('pg_restore');
  const staging = join(config.dataDir, `.restore-${randomBytes(8).toString('hex')}`);
  mkdirSync(join(staging, 'files'), { recursive: true, mode: 0o700 });
  try {
    const manifestBytes: Buffer[] = [];
    const dbCopy = join(staging, 'database');
    const read = readArchive(file, key, ({ name }) => {
      if (name === MANIFEST) return memorySink(manifestBytes);
      if (name === SQLITE_ENTRY || name === PG_ENTRY) {
        if (name !== (dialect === 'sqlite' ? SQLITE_ENTRY : PG_ENTRY)) throw new BackupError(`This backup is of a ${name === SQLITE_ENTRY ? 'SQLite' : 'PostgreSQL'} database; set DATABASE_URL accordingly`);
        return fileSink(dbCopy);
      }
      if (!FILE_ENTRY.test(name)) throw new BackupError(`Unexpected entry in the backup: ${name}`);
      const target = join(staging, name);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      return fileSink(target);
    });
    const manifest = checkAgainstManifest(read, manifestBytes);
    const target = join(config.dataDir, 'abri.db');
    if (config.databaseUrl) {
      await restorePostgres(config.databaseUrl, dbCopy, opts.force === true);
      sameCounts('The restored database', await postgresTableCounts(config.databaseUrl), manifest.database.tables);
    } else {
      sameCounts('The database copy', checkSqliteCopy(dbCopy), manifest.database.tables);
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(dbCopy, target);
    }
    rmSync(join(config.dataDir, 'files'), { recursive: true, force: true });
    renameSync(join(staging, 'files'), join(config.dataDir, 'files'));
    return { manifest, tables: Object.keys(manifest.database.tables).length, rows: sum(manifest.database.tables), files: manifest.files.length };
  } catch (e) {
    if (e instanceof ArchiveError) throw new BackupError(e.message);
    throw e;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
