import type { Executor } from '../db/database.js';
import { nowIso } from '../ids.js';

/* The stored_files table (FILE_STORE=database): encrypted bytes by their path under the file store. */

/** Inserts a new file; a path already taken fails, as opening a local file with `wx` does. */
export async function insertStoredFile(db: Executor, path: string, bytes: Buffer): Promise<void> {
  await db.insertInto('stored_files').values({ path, bytes, size: bytes.length, created_at: nowIso() }).execute();
}

export async function findStoredFile(db: Executor, path: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('stored_files').select('bytes').where('path', '=', path).executeTakeFirst();
  return row ? Buffer.from(row.bytes) : undefined;
}

export async function deleteStoredFile(db: Executor, path: string): Promise<void> {
  await db.deleteFrom('stored_files').where('path', '=', path).execute();
}

/** Paths and sizes under a prefix, for backups' checks and tests. */
export function listStoredFiles(db: Executor, prefix: string) {
  return db
    .selectFrom('stored_files')
    .select(['path', 'size'])
    .where('path', 'like', `${prefix.replace(/[%_\\]/g, '\\$&')}%`)
    .orderBy('path')
    .execute();
}
