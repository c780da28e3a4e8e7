import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { DirectoryEntry, DirectoryEntryTable } from './directory.table.js';

export async function listActive(db: Executor, country?: string): Promise<DirectoryEntry[]> {
  let q = db.selectFrom('directory_entries').selectAll().where('active', '=', 1);
  if (country) q = q.where('country', '=', country);
  return q.orderBy('country').orderBy('kind').orderBy('name').execute();
}

export async function countriesWithEntries(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('directory_entries').select('country').where('active', '=', 1).groupBy('country').execute();
  return rows.map((r) => r.country);
}

export async function listAll(db: Executor): Promise<DirectoryEntry[]> {
  return db.selectFrom('directory_entries').selectAll().orderBy('country').orderBy('name').execute();
}

export async function findEntry(db: Executor, id: string): Promise<DirectoryEntry | undefined> {
  return db.selectFrom('directory_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertEntry(db: Executor, row: Insertable<DirectoryEntryTable>): Promise<void> {
  await db.insertInto('directory_entries').values(row).execute();
}

export async function updateEntry(
  db: Executor,
  { id, version, changes }: { id: string; version: number; changes: Updateable<DirectoryEntryTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('directory_entries')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function hasAnyEntry(db: Executor): Promise<boolean> {
  return (await db.selectFrom('directory_entries').select('id').limit(1).execute()).length > 0;
}
