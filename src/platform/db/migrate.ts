import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

class AbriMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Database['dialect']) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return out;
  }
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new AbriMigrationProvider(database.dialect) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
