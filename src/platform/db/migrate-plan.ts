import { Migrator, sql } from 'kysely';
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

/** True once every migration this code knows has run (migrations never go backwards, so true stays true). */
export async function migrationsCurrent(database: Database): Promise<boolean> {
  const r = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
  const done = new Set(r.rows.map((row) => row.name));
  return Object.keys(MIGRATIONS).every((name) => done.has(name));
}
