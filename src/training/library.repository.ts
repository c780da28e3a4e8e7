import type { Executor } from '../platform/db/database.js';
import type { Insertable } from 'kysely';
import type { LibraryDocumentTable } from './training.table.js';

/** Every query on the material library's documents (their files are on disk, see library.service.ts). */

export function listDocuments(db: Executor, filter: { topic?: string | undefined; language?: string | undefined }) {
  let q = db.selectFrom('library_documents').selectAll().orderBy('topic').orderBy('language').orderBy('title');
  if (filter.topic) q = q.where('topic', '=', filter.topic);
  if (filter.language) q = q.where('language', '=', filter.language);
  return q.execute();
}

export function findDocument(db: Executor, id: string) {
  return db.selectFrom('library_documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDocument(db: Executor, row: Insertable<LibraryDocumentTable>): Promise<void> {
  await db.insertInto('library_documents').values(row).execute();
}

export async function deleteDocument(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('library_documents').where('id', '=', id).execute();
}
