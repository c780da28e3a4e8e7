import type { Executor } from '../platform/db/database.js';
import type { ContentItem, ContentItemTable, ContentRevisionTable, ContentTranslation, ContentTranslationTable } from './content.table.js';
import type { Insertable, Updateable } from 'kysely';

export async function countItems(db: Executor): Promise<number> {
  const r = await db.selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertItem(db: Executor, row: Insertable<ContentItemTable>): Promise<void> {
  await db.insertInto('content_items').values(row).execute();
}

export async function insertTranslation(db: Executor, row: Insertable<ContentTranslationTable>): Promise<void> {
  await db.insertInto('content_translations').values(row).execute();
}

export async function insertRevision(db: Executor, row: Insertable<ContentRevisionTable>): Promise<void> {
  await db.insertInto('content_revisions').values(row).execute();
}

export async function findItem(db: Executor, id: string): Promise<ContentItem | undefined> {
  return db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemByKey(db: Executor, key: string): Promise<ContentItem | undefined> {
  return db.selectFrom('content_items').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function listItems(db: Executor): Promise<ContentItem[]> {
  return db.selectFrom('content_items').selectAll().orderBy('kind').orderBy('sort_order').orderBy('created_at', 'desc').execute();
}

export async function translationsOf(db: Executor, itemIds: string[]): Promise<ContentTranslation[]> {
  if (itemIds.length === 0) return [];
  return db.selectFrom('content_translations').selectAll().where('item_id', 'in', itemIds).execute();
}

export async function findTranslation(db: Executor, itemId: string, locale: string): Promise<ContentTranslation | undefined> {
  return db.selectFrom('content_translations').selectAll().where('item_id', '=', itemId).where('locale', '=', locale).executeTakeFirst();
}

export async function findTranslationBySlug(db: Executor, locale: string, slug: string): Promise<ContentTranslation | undefined> {
  return db.selectFrom('content_translations').selectAll().where('locale', '=', locale).where('slug', '=', slug).executeTakeFirst();
}

/** Published items of a kind in a language, with their published copy; archived ones only when asked. */
export async function listPublished(db: Executor, opts: { locale: string; kind: 'page' | 'news'; includeArchived?: boolean; limit?: number }) {
  let q = db
    .selectFrom('content_translations as t')
    .innerJoin('content_items as i', 'i.id', 't.item_id')
    .select(['i.id as itemId', 'i.key', 'i.kind', 'i.archived_at', 't.slug', 't.locale', 't.published_title', 't.published_summary', 't.published_body', 't.first_published_at', 't.published_at'])
    .where('t.locale', '=', opts.locale)
    .where('i.kind', '=', opts.kind)
    .where('t.published_revision', 'is not', null);
  if (!opts.includeArchived) q = q.where('i.archived_at', 'is', null);
  q = opts.kind === 'news' ? q.orderBy('t.first_published_at', 'desc') : q.orderBy('i.sort_order').orderBy('i.created_at');
  if (opts.limit) q = q.limit(opts.limit);
  return q.execute();
}

/** Every published translation, for the sitemap. */
export async function listAllPublished(db: Executor) {
  return db
    .selectFrom('content_translations as t')
    .innerJoin('content_items as i', 'i.id', 't.item_id')
    .select(['i.id as itemId', 'i.key', 'i.kind', 'i.archived_at', 't.slug', 't.locale', 't.published_at'])
    .where('t.published_revision', 'is not', null)
    .orderBy('i.kind')
    .orderBy('i.sort_order')
    .execute();
}

export async function listRevisions(db: Executor, translationId: string) {
  return db.selectFrom('content_revisions').selectAll().where('translation_id', '=', translationId).orderBy('revision', 'desc').execute();
}

/** Optimistic update: returns false when the row changed since it was read. */
export async function updateTranslation(
  db: Executor,
  { id, version, changes }: { id: string; version: number; changes: Updateable<ContentTranslationTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('content_translations')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateItem(
  db: Executor,
  { id, version, changes }: { id: string; version: number; changes: Updateable<ContentItemTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('content_items')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markRevisionPublished(db: Executor, translationId: string, revision: number): Promise<void> {
  await db.updateTable('content_revisions').set({ published: 1 }).where('translation_id', '=', translationId).where('revision', '=', revision).execute();
}
