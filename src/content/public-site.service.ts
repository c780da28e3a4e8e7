import { publicThread } from '../comments/comments.service.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { NotFoundError } from '../platform/http/errors.js';
import type { Locale } from '../platform/i18n/i18n.js';
import * as repo from './content.repository.js';
import { alternatesFor, publicPath, successorPath } from './content.service.js';
import type { ContentItem, ContentTranslation } from './content.table.js';
import type { ArticleModel, ListEntry } from './content.views.js';
import { renderMarkdown } from './markdown.js';

/*
 * What the public site shows: published pages and news, read for visitors. Only published copies leave here.
 */

export interface Published {
  item: ContentItem;
  translation: ContentTranslation;
}

/** The published page or article at this address, or not found. */
export async function findPublished(db: Executor, opts: { locale: Locale; slug: string; kind: 'page' | 'news' }): Promise<Published> {
  const translation = await repo.findTranslationBySlug(db, opts.locale, opts.slug);
  if (!translation || translation.published_revision === null) throw new NotFoundError();
  const item = await repo.findItem(db, translation.item_id);
  if (!item || item.kind !== opts.kind) throw new NotFoundError();
  return { item, translation };
}

/** A published news article that takes comments now (not archived, comments on), or not found. */
export async function findCommentableArticle(db: Executor, locale: Locale, slug: string): Promise<Published> {
  const found = await findPublished(db, { locale, slug, kind: 'news' });
  if (!found.item.comments_enabled || found.item.archived_at) throw new NotFoundError();
  return found;
}

/** Everything an article's page shows, comments included for news. */
export async function articleModel(ctx: AppContext, found: Published, locale: Locale): Promise<ArticleModel> {
  const { item, translation } = found;
  const path = publicPath(item, locale, translation.slug);
  return {
    path,
    title: translation.published_title ?? translation.title,
    alternates: await alternatesFor(ctx, item),
    archived: item.archived_at !== null,
    successor: item.archived_at ? await successorPath(ctx, item, locale) : undefined,
    firstPublishedAt: item.kind === 'news' ? translation.first_published_at : null,
    summary: translation.published_summary,
    bodyHtml: renderMarkdown(translation.published_body ?? ''),
    isHome: item.kind === 'page' && item.key === 'home',
    comments: item.kind === 'news' ? await publicThread(ctx.db, item.id, locale) : [],
    commentsOpen: item.kind === 'news' && Boolean(item.comments_enabled) && !item.archived_at,
  };
}

function entries(rows: Awaited<ReturnType<typeof repo.listPublished>>, locale: Locale): ListEntry[] {
  return rows.map((r) => ({ href: publicPath(r, locale, r.slug), title: r.published_title ?? '', summary: r.published_summary, firstPublishedAt: r.first_published_at }));
}

/** The home page: its own article when published, the pages to learn from and the latest three news. */
export async function homeModel(ctx: AppContext, locale: Locale): Promise<{ article: ArticleModel | undefined; pages: ListEntry[]; news: ListEntry[] }> {
  const item = await repo.findItemByKey(ctx.db, 'home');
  const home = item ? await repo.findTranslation(ctx.db, item.id, locale) : undefined;
  const pages = (await repo.listPublished(ctx.db, { locale, kind: 'page' })).filter((p) => p.key !== 'home');
  const news = await repo.listPublished(ctx.db, { locale, kind: 'news', limit: 3 });
  const article = item && home && home.published_revision !== null ? await articleModel(ctx, { item, translation: home }, locale) : undefined;
  return { article, pages: entries(pages, locale), news: entries(news, locale) };
}

/** Published news in a language, newest first; `limit` for the feed. */
export async function newsEntries(db: Executor, locale: Locale, limit?: number): Promise<ListEntry[]> {
  return entries(await repo.listPublished(db, limit ? { locale, kind: 'news', limit } : { locale, kind: 'news' }), locale);
}

/** Published news rows for the Atom feed. */
export function feedRows(db: Executor, locale: Locale) {
  return repo.listPublished(db, { locale, kind: 'news', limit: 50 });
}

/** Every published translation, for the sitemap. */
export function sitemapRows(db: Executor) {
  return repo.listAllPublished(db);
}
