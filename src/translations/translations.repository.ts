import type { Db, Executor } from '../platform/db/database.js';
import type { CatalogReview } from './translations.table.js';

export function listReviews(db: Db, locale?: string): Promise<CatalogReview[]> {
  let q = db.selectFrom('catalog_reviews').selectAll();
  if (locale) q = q.where('locale', '=', locale);
  return q.execute();
}

export async function saveReview(tx: Executor, row: CatalogReview): Promise<void> {
  await tx
    .insertInto('catalog_reviews')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['locale', 'namespace'])
        .doUpdateSet({ status: row.status, content_hash: row.content_hash, reviewed_by: row.reviewed_by, reviewed_at: row.reviewed_at }),
    )
    .execute();
}

export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
