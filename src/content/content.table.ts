import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** A page or a news article, whatever its language. */
export interface ContentItemTable {
  id: string;
  kind: 'page' | 'news';
  /** Stable name used by code and seed content (e.g. 'home'); never shown. */
  key: string;
  /** The language editors write first; other translations are compared with it. */
  source_locale: string;
  /** Null: the whole organisation's content. */
  office_id: string | null;
  comments_enabled: Generated<number>;
  archived_at: Iso | null;
  /** For an archived item: the item that replaces it. */
  successor_id: string | null;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** One language of an item: the draft being edited and the copy visitors read. */
export interface ContentTranslationTable {
  id: string;
  item_id: string;
  locale: string;
  slug: string;
  title: string;
  summary: string;
  /** Markdown, sanitised when rendered. */
  body: string;
  revision: Generated<number>;
  published_revision: number | null;
  published_title: string | null;
  published_summary: string | null;
  published_body: string | null;
  first_published_at: Iso | null;
  published_at: Iso | null;
  /** The source translation's revision this translation was last brought in line with. */
  source_revision: number | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export interface ContentRevisionTable {
  id: string;
  translation_id: string;
  revision: number;
  slug: string;
  title: string;
  summary: string;
  body: string;
  published: Generated<number>;
  created_by: string | null;
  created_at: Iso;
}

export type ContentItem = Selectable<ContentItemTable>;
export type ContentTranslation = Selectable<ContentTranslationTable>;
export type ContentRevision = Selectable<ContentRevisionTable>;
