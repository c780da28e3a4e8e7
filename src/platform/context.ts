import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { KeyRing } from './crypto/keys.js';
import type { Database, Db } from './db/database.js';
import type { FileStore } from './files/file-store.js';
import type { SharedLimiter } from './http/shared-limits.js';
import type { I18n } from './i18n/i18n.js';

/** What services need from the platform, built once per process (or per test) and passed explicitly. */
export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly db: Db;
  readonly keys: KeyRing;
  /** Encrypted attachments: DATA_DIR/files, or the database with FILE_STORE=database. */
  readonly files: FileStore;
  readonly i18n: I18n;
  readonly limiter: SharedLimiter;
  readonly log: Logger;
}
