import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { CaseAttachmentTable, CaseNoteTable } from './cases.table.js';

/* Every query on a case's notes and attachments. */

export async function insertNote(db: Executor, row: Insertable<CaseNoteTable>): Promise<void> {
  await db.insertInto('case_notes').values(row).execute();
}

export function noteRows(db: Executor, caseId: string) {
  return db
    .selectFrom('case_notes')
    .leftJoin('users', 'users.id', 'case_notes.author_id')
    .select([
      'case_notes.id',
      'case_notes.body_enc',
      'case_notes.created_at',
      'case_notes.version',
      'case_notes.corrected_at',
      'case_notes.withdrawn_at',
      'users.display_name',
    ])
    .where('case_notes.case_id', '=', caseId)
    .orderBy('case_notes.created_at', 'desc')
    .execute();
}

export function findNote(db: Executor, caseId: string, noteId: string) {
  return db.selectFrom('case_notes').selectAll().where('id', '=', noteId).where('case_id', '=', caseId).executeTakeFirst();
}

/** Corrects or withdraws a note at the version read; false when someone changed it meanwhile. */
export async function updateNote(db: Executor, { id, version, set }: { id: string; version: number; set: Updateable<CaseNoteTable> }): Promise<boolean> {
  const r = await db
    .updateTable('case_notes')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAttachment(db: Executor, row: Insertable<CaseAttachmentTable>): Promise<void> {
  await db.insertInto('case_attachments').values(row).execute();
}

export function attachmentRows(db: Executor, caseId: string) {
  return db
    .selectFrom('case_attachments')
    .leftJoin('users', 'users.id', 'case_attachments.uploaded_by')
    .select([
      'case_attachments.id',
      'case_attachments.name_enc',
      'case_attachments.content_type',
      'case_attachments.size',
      'case_attachments.created_at',
      'users.display_name',
    ])
    .where('case_attachments.case_id', '=', caseId)
    .orderBy('case_attachments.created_at', 'desc')
    .execute();
}

export function findAttachment(db: Executor, caseId: string, attachmentId: string) {
  return db.selectFrom('case_attachments').selectAll().where('id', '=', attachmentId).where('case_id', '=', caseId).executeTakeFirst();
}
