import type { Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * An editor's review of one namespace of one language's catalog. It holds for the catalog's text it was made on
 * (`content_hash`): when an upgrade changes that namespace, the mark no longer applies and the page says so.
 */
export interface CatalogReviewTable {
  locale: string;
  namespace: string;
  status: 'reviewed' | 'draft';
  content_hash: string;
  reviewed_by: string;
  reviewed_at: Iso;
}

export type CatalogReview = Selectable<CatalogReviewTable>;
