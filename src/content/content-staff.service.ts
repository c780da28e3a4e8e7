import type { Executor } from '../platform/db/database.js';
import { NotFoundError } from '../platform/http/errors.js';
import { isId } from '../platform/ids.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import type { EditModel, ItemModel, ItemRow, RevisionRow, TranslationState } from './content-staff.views.js';
import * as repo from './content.repository.js';
import { publicPath, translationState } from './content.service.js';
import type { ContentItem, ContentTranslation } from './content.table.js';

/*
 * What the editors' pages read: items, their translations' states and revisions. The changes themselves are in
 * content.service.ts. The routes are reachable only with content.edit (declared on each route).
 */

function itemTitle(item: ContentItem, translations: ContentTranslation[]): string {
  const t = translations.find((x) => x.locale === item.source_locale) ?? translations[0];
  return t?.title ?? item.key;
}

function states(item: ContentItem, translations: ContentTranslation[]): Record<Locale, TranslationState> {
  return Object.fromEntries(LOCALES.map((l) => [l, translationState(item, translations, l)])) as Record<Locale, TranslationState>;
}

/** The item with this id, or not found (an id that is not one is not found either). */
export async function findItemOrFail(db: Executor, id: string): Promise<ContentItem> {
  const item = isId(id) ? await repo.findItem(db, id) : undefined;
  if (!item) throw new NotFoundError();
  return item;
}

/** Every item with its title and the state of each language, for the editors' overview. */
export async function itemRows(db: Executor): Promise<ItemRow[]> {
  const items = await repo.listItems(db);
  const translations = await repo.translationsOf(db, items.map((i) => i.id));
  return items.map((item) => {
    const mine = translations.filter((x) => x.item_id === item.id);
    return { id: item.id, title: itemTitle(item, mine), kind: item.kind, archived: item.archived_at !== null, states: states(item, mine) };
  });
}

/** An item's page: its languages and, to archive it, the live items of its kind that may succeed it. */
export async function itemModel(db: Executor, item: ContentItem): Promise<ItemModel> {
  const translations = await repo.translationsOf(db, [item.id]);
  const others = (await repo.listItems(db)).filter((i) => i.id !== item.id && !i.archived_at && i.kind === item.kind);
  const otherTranslations = await repo.translationsOf(db, others.map((o) => o.id));
  return {
    item,
    title: itemTitle(item, translations),
    translations: LOCALES.map((locale) => {
      const tr = translations.find((x) => x.locale === locale);
      return { locale, state: translationState(item, translations, locale), exists: tr !== undefined, publicPath: tr?.published_revision ? publicPath(item, locale, tr.slug) : undefined };
    }),
    successors: others.map((o) => ({ value: o.id, label: itemTitle(o, otherTranslations.filter((x) => x.item_id === o.id)) })),
  };
}

/** One language of an item, with the source language's text beside it when it is a translation. */
export async function editModel(db: Executor, item: ContentItem, locale: Locale): Promise<EditModel> {
  const translations = await repo.translationsOf(db, [item.id]);
  return {
    item,
    locale,
    translation: translations.find((x) => x.locale === locale),
    source: locale === item.source_locale ? undefined : translations.find((x) => x.locale === item.source_locale),
    state: translationState(item, translations, locale),
  };
}

/** Every revision of one language, newest first; not found when the language was never written. */
export async function revisionRows(db: Executor, item: ContentItem, locale: Locale): Promise<RevisionRow[]> {
  const tr = await repo.findTranslation(db, item.id, locale);
  if (!tr) throw new NotFoundError();
  const revisions = await repo.listRevisions(db, tr.id);
  return revisions.map((r) => ({ revision: r.revision, createdAt: r.created_at, title: r.title, live: r.revision === tr.published_revision, wasPublished: Boolean(r.published) }));
}
