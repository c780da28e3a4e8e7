import type { Kysely } from 'kysely';
import * as m20261127T230000 from './20261127T230000-platform.js';
import * as m20261128T000000 from './20261128T000000-cases-core.js';
import * as m20261128T050000 from './20261128T050000-cases-work.js';
import * as m20261128T051000 from './20261128T051000-cases-worklist-indexes.js';

export type MigrationDialect = 'sqlite' | 'postgres';

export interface AbriMigration {
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its day
  up(db: Kysely<any>, dialect: MigrationDialect): Promise<void>;
}

/** Every migration, by timestamped name. Features add theirs here, one line each, in time order. */
export const MIGRATIONS: Record<string, AbriMigration> = {
  '20261127T230000-platform': m20261127T230000,
  '20261128T000000-cases-core': m20261128T000000,
  '20261128T050000-cases-work': m20261128T050000,
  '20261128T051000-cases-worklist-indexes': m20261128T051000,
};
