import { Migrator } from 'kysely';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

/** The migrations the database has not run yet, in the order `migrate` would apply them; applies nothing. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => Object.fromEntries(Object.keys(MIGRATIONS).map((name) => [name, { up: async () => undefined }])) },
  });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
