import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.js';
import { MasterKeys } from './crypto/keys.js';

const MAGIC = Buffer.from('ABRIBK1\n');

/**
 * Online backup of the SQLite database (consistent while Abri runs), encrypted with a key derived from the
 * master key. The master key itself is not in the backup: keep it apart, or the backup cannot be read.
 */
export async function backupSqlite(config: Config, out: string): Promise<{ bytes: number; sha256: string }> {
  if (config.databaseUrl) throw new Error('PostgreSQL is backed up with its own tools (pg_dump); see the README');
  const dbFile = join(config.dataDir, 'abri.db');
  if (!existsSync(dbFile)) throw new Error(`No database at ${dbFile}`);
  // The plain copy exists for a moment only, inside the data directory (mode 0700), never beside the output.
  const tmp = join(config.dataDir, `.backup-${randomBytes(8).toString('hex')}.sqlite.tmp`);
  const source = new SQLite(dbFile, { readonly: true });
  try {
    await source.backup(tmp);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    source.close();
  }
  const plain = readFileSync(tmp);
  rmSync(tmp, { force: true });
  const master = new MasterKeys(config.dataDir, config.masterKey).active;
  const key = createHash('sha256').update(master.key).update('abri-backup').digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(master.id));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  const header = Buffer.from(`${master.id}\n`);
  const blob = Buffer.concat([MAGIC, header, iv, cipher.getAuthTag(), ct]);
  // The default backups/ folder may not exist yet.
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, blob, { mode: 0o600 });
  return { bytes: blob.length, sha256: createHash('sha256').update(blob).digest('hex') };
}

/** Decrypts a backup, checks the copy (integrity check, tables present) and only then puts it in place. */
export function restoreSqlite(config: Config, file: string, opts: { force?: boolean } = {}): { tables: number; users: number } {
  if (config.databaseUrl) throw new Error('PostgreSQL is restored with its own tools (pg_restore); see the README');
  const blob = readFileSync(file);
  if (!blob.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('Not an Abri backup file');
  const nl = blob.indexOf(0x0a, MAGIC.length);
  const keyId = blob.subarray(MAGIC.length, nl).toString();
  const masterKey = new MasterKeys(config.dataDir, config.masterKey).get(keyId);
  const key = createHash('sha256').update(masterKey).update('abri-backup').digest();
  const iv = blob.subarray(nl + 1, nl + 13);
  const tag = blob.subarray(nl + 13, nl + 29);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(blob.subarray(nl + 29)), decipher.final()]);
  } catch {
    throw new Error('The backup was altered or was made with another master key');
  }
  const target = join(config.dataDir, 'abri.db');
  const staged = `${target}.restore`;
  writeFileSync(staged, plain, { mode: 0o600 });
  const check = new SQLite(staged, { readonly: true });
  let tables = 0;
  let users = 0;
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The restored copy failed its integrity check: ${String(integrity)}`);
    tables = (check.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;
    users = (check.prepare('select count(*) as n from users').get() as { n: number }).n;
  } finally {
    check.close();
  }
  if (existsSync(target) && !opts.force) {
    rmSync(staged);
    throw new Error(`${target} exists: stop Abri and run restore with --force to replace it`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staged, target);
  return { tables, users };
}
