import type { Insertable } from 'kysely';
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
    .select(['case_notes.id', 'case_notes.body_enc', 'case_notes.created_at', 'users.display_name'])
    .where('case_notes.case_id', '=', caseId)
    .orderBy('case_notes.created_at', 'desc')
    .execute();
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
