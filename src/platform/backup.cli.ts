import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { BackupError, createBackup, restoreBackup, verifyBackup } from './backup.js';
import { PgToolMissing } from './backup-postgres.js';
import { openDatabase } from './db/database.js';
import { pendingMigrations } from './db/migrate-plan.js';
import { MIGRATIONS } from './db/migrations/index.js';

/** Lines of the command-line help for the commands below. */
export const OPS_HELP = `  migrate --dry-run       list the migrations that would run, apply nothing
  backup FILE | --out FILE
                          one encrypted archive: database, every attachment, manifest with counts and checksums
  backup verify FILE      decrypt and check an archive (checksums, database integrity) without restoring it
  restore FILE | --in FILE [--force]
                          restore an archive into an empty data directory (--force replaces what is there)
`;

function defaultOut(config: Config): string {
  return join(config.dataDir, 'backups', `abri-${new Date().toISOString().replace(/[:.]/g, '-')}.abribk`);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function run(command: string, argv: string[], config: Config): Promise<number | undefined> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, in: { type: 'string' }, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: false,
  });
  if (command === 'migrate' && values['dry-run'] === true) {
    if (!config.databaseUrl && !existsSync(join(config.dataDir, 'abri.db'))) {
      const all = Object.keys(MIGRATIONS);
      console.log(`no database yet in ${config.dataDir}: all ${all.length} migrations would run:\n  ${all.join('\n  ')}`);
      return 0;
    }
    const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: join(config.dataDir, 'abri.db') });
    try {
      const pending = await pendingMigrations(database);
      console.log(pending.length ? `${pending.length} migrations would run:\n  ${pending.join('\n  ')}` : 'database is up to date: nothing would run');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'backup' && positionals[0] === 'verify') {
    const file = positionals[1] ?? (typeof values.in === 'string' ? values.in : undefined);
    if (!file) {
      console.error('backup verify needs FILE');
      return 1;
    }
    const r = await verifyBackup(config, file);
    console.log(`backup of ${r.manifest.createdAt} (${r.manifest.dialect}) is intact: ${r.entries} entries, ${Object.keys(r.manifest.database.tables).length} tables, ${r.manifest.files.length} files, every checksum matches`);
    return 0;
  }
  if (command === 'backup') {
    const out = positionals[0] ?? (typeof values.out === 'string' ? values.out : defaultOut(config));
    const r = await createBackup(config, out);
    console.log(`backup written to ${r.file}: ${r.tables} tables (${r.rows} rows), ${r.files} files (${mb(r.fileBytes)}); sha256 ${r.sha256}`);
    if (r.vanished > 0) console.log(`${r.vanished} files were deleted (retention purge) while the backup ran and are not in it`);
    console.log('keep the master key apart from this file: without it the backup cannot be read');
    return 0;
  }
  if (command === 'restore') {
    const file = positionals[0] ?? (typeof values.in === 'string' ? values.in : undefined);
    if (!file) {
      console.error('restore needs FILE (or --in FILE)');
      return 1;
    }
    const r = await restoreBackup(config, file, { force: values.force === true });
    console.log(`restored the backup of ${r.manifest.createdAt}: ${r.tables} tables (${r.rows} rows), ${r.files} files; every checksum matched, integrity check passed`);
    console.log('run `abri verify-audit`, then start Abri (it applies any newer migrations)');
    return 0;
  }
  return undefined;
}

/** Runs backup, restore and `migrate --dry-run` before the usual start (which would create and migrate a database). */
export async function runOpsCommand(command: string, argv: string[], config: Config): Promise<number | undefined> {
  try {
    return await run(command, argv, config);
  } catch (e) {
    if (e instanceof BackupError || e instanceof PgToolMissing) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
