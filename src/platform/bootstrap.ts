import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ensureAnchorFile } from './audit/anchors.js';
import { registerAuditKey } from './audit/audit.js';
import type { AppContext } from './context.js';
import { KeyRing, MasterKeys } from './crypto/keys.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { databaseFileStore, localFileStore } from './files/file-store.js';
import { SharedLimiter } from './http/shared-limits.js';
import { I18n } from './i18n/i18n.js';
import { createLogger } from './logger.js';

export interface Started {
  ctx: AppContext;
  createdKey: boolean;
  migrations: string[];
}

/** Creates the data directory and keys on first run, opens and migrates the database, builds the context. */
export async function startContext(config: Config, opts: { log?: Logger; migrate?: boolean } = {}): Promise<Started> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(config.dataDir, 'files'), { recursive: true, mode: 0o700 });
  const createdKey = MasterKeys.ensure(config.dataDir, config.masterKey);
  const master = new MasterKeys(config.dataDir, config.masterKey);
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: join(config.dataDir, 'abri.db'), replicaUrl: config.databaseReplicaUrl });
  const migrations = opts.migrate === false ? [] : await migrateToLatest(database);
  const log = opts.log ?? createLogger(config.logLevel);
  const keys = new KeyRing(database.db, master);
  // The system key exists before the limiter's secret is derived from it (and before concurrent first uses race).
  await keys.activeKey(null, 'system');
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    keys,
    files: config.fileStore === 'database' ? databaseFileStore(database.db) : localFileStore(join(config.dataDir, 'files')),
    i18n: new I18n(),
    // Throttles and sign-in delays in the database, so that every process on it counts the same hits.
    limiter: new SharedLimiter(database, await keys.derivedSecret('rate-limit')),
    log,
  };
  // The index and system keys exist from the start, so that concurrent first uses never race to create them.
  await ctx.keys.activeKey(null, 'index');
  // The audit chain is keyed by a secret of the key store (usable only with the master key), never stored as such.
  registerAuditKey(database.db, await ctx.keys.derivedSecret('audit-chain'));
  await ensureAnchorFile(ctx);
  return { ctx, createdKey, migrations };
}
