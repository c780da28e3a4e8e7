import type { Kysely } from 'kysely';

/** The dialect a migration runs on, for the few statements that differ between SQLite and PostgreSQL. */
export type MigrationDialect = 'sqlite' | 'postgres';

/**
 * One migration of src/platform/db/migrations/. Migrations import this type from here, not from the list in
 * migrations/index.ts, so that the list and its entries do not import each other.
 */
export interface AbriMigration {
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its day
  up(db: Kysely<any>, dialect: MigrationDialect): Promise<void>;
}
