import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { Comment, CommentStatus, CommentTable } from './comments.table.js';

export async function insertComment(db: Executor, row: Insertable<CommentTable>): Promise<void> {
  await db.insertInto('comments').values(row).execute();
}

export async function findComment(db: Executor, id: string): Promise<Comment | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Approved comments on an article in one language, replies included, oldest first: only the published copies are read. */
export function listApprovedThread(db: Executor, itemId: string, locale: string) {
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'published_name', 'published_body', 'author_user_id', 'created_at'])
    .where('item_id', '=', itemId)
    .where('locale', '=', locale)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .execute();
}

/** The latest hundred approved visitor comments (not replies), with their article's key, newest first. */
export function listApproved(db: Executor) {
  return db
    .selectFrom('comments as c')
    .innerJoin('content_items as i', 'i.id', 'c.item_id')
    .select(['c.id', 'c.published_name', 'c.published_body', 'c.created_at', 'i.key'])
    .where('c.status', '=', 'approved')
    .where('c.parent_id', 'is', null)
    .orderBy('c.created_at', 'desc')
    .limit(100)
    .execute();
}

/** The moderation queue: waiting and held comments, held (flagged) first. */
export async function listQueue(db: Executor, statuses: CommentStatus[]) {
  return db
    .selectFrom('comments as c')
    .innerJoin('content_items as i', 'i.id', 'c.item_id')
    .select(['c.id', 'c.item_id', 'c.locale', 'c.status', 'c.name_enc', 'c.body_enc', 'c.flagged', 'c.flag_reasons', 'c.triage_status', 'c.version', 'c.created_at', 'i.key as itemKey'])
    .where('c.status', 'in', statuses)
    .where('c.parent_id', 'is', null)
    .orderBy('c.flagged', 'desc')
    .orderBy('c.created_at')
    .limit(200)
    .execute();
}

/** Held comments for the triage queue; a comment on organisation-wide content (no office) is shown to every office. */
export async function listFlagged(db: Executor, officeId?: string) {
  let q = db
    .selectFrom('comments')
    .select(['id', 'item_id', 'office_id', 'locale', 'status', 'flag_reasons', 'triage_status', 'created_at', 'version'])
    .where('flagged', '=', 1)
    .where('triage_status', '=', 'open');
  if (officeId) q = q.where((eb) => eb.or([eb('office_id', '=', officeId), eb('office_id', 'is', null)]));
  return q.orderBy('created_at').execute();
}

export async function updateComment(
  db: Executor,
  { id, version, changes }: { id: string; version: number; changes: Updateable<CommentTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('comments')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
