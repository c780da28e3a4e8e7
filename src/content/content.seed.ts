import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../platform/context.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './content.repository.js';
import { publishSeedTranslations, type SeedTranslation } from './content.service.js';

const SEED_DIR = fileURLToPath(new URL('./seed/', import.meta.url));

/** The starting content every new installation shows; an office edits or replaces it. */
export const SEED_ITEMS: Array<{ key: string; kind: 'page' | 'news'; sortOrder: number; comments: boolean }> = [
  { key: 'home', kind: 'page', sortOrder: 0, comments: false },
  { key: 'what-is-trafficking', kind: 'page', sortOrder: 10, comments: false },
  { key: 'warning-signs', kind: 'page', sortOrder: 20, comments: false },
  { key: 'your-rights', kind: 'page', sortOrder: 30, comments: false },
  { key: 'how-we-help', kind: 'page', sortOrder: 40, comments: false },
  { key: 'how-to-report', kind: 'page', sortOrder: 50, comments: false },
  { key: 'job-offers-abroad', kind: 'news', sortOrder: 100, comments: true },
];

export interface SeedDocument {
  slug: string;
  title: string;
  summary: string;
  body: string;
}

/** Reads `seed/<key>.<locale>.md`: a small header (slug, title, summary) then the markdown body. */
export function readSeedDocument(key: string, locale: string): SeedDocument {
  const raw = readFileSync(`${SEED_DIR}${key}.${locale}.md`, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
  if (!m) throw new Error(`seed ${key}.${locale}: no header`);
  const head = Object.fromEntries(
    (m[1] ?? '').split('\n').map((line) => {
      const i = line.indexOf(':');
      return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
    }),
  );
  return { slug: head.slug ?? key, title: head.title ?? key, summary: head.summary ?? '', body: (m[2] ?? '').trim() };
}

/** Whether a seed page is written in this language (a language may be added before its public pages are). */
export function hasSeedDocument(key: string, locale: string): boolean {
  return existsSync(`${SEED_DIR}${key}.${locale}.md`);
}

/** Loads the seed content into an empty content table, published in every language it is written in. Safe to call on every start. */
export async function seedContentIfEmpty(ctx: AppContext): Promise<boolean> {
  if ((await repo.countItems(ctx.db)) > 0) return false;
  try {
    const rows: SeedTranslation[] = [];
    for (const seed of SEED_ITEMS) {
      const now = nowIso();
      const id = newId();
      await repo.insertItem(ctx.db, {
        id,
        kind: seed.kind,
        key: seed.key,
        source_locale: 'en',
        office_id: null,
        comments_enabled: seed.comments ? 1 : 0,
        archived_at: null,
        successor_id: null,
        sort_order: seed.sortOrder,
        created_at: now,
        updated_at: now,
      });
      for (const locale of LOCALES.filter((l) => hasSeedDocument(seed.key, l)))
        rows.push({ itemId: id, locale, doc: readSeedDocument(seed.key, locale), source: locale === 'en' });
    }
    await publishSeedTranslations(ctx, rows);
  } catch (err) {
    // Another process sharing the database seeded at the same moment: its content stands.
    if ((await repo.countItems(ctx.db)) > 0 && (await repo.findItemByKey(ctx.db, 'home'))) {
      ctx.log.info('content already seeded by another process');
      return false;
    }
    throw err;
  }
  ctx.log.info({ items: SEED_ITEMS.length }, 'seeded the starting public content');
  return true;
}

/**
 * A language added after the content was seeded (an upgrade that brings Portuguese, say) gets the starting pages in
 * that language, published, for every seed item the office still has and has not translated into it itself.
 * Nothing an office wrote is replaced, and an address the office already uses in that language is left to its page.
 * Two queries when there is nothing to add; safe to call on every start.
 */
export async function seedNewLanguages(ctx: AppContext): Promise<number> {
  const items = (await repo.listItems(ctx.db)).filter((i) => !i.archived_at && SEED_ITEMS.some((s) => s.key === i.key));
  const existing = await repo.translationsOf(
    ctx.db,
    items.map((i) => i.id),
  );
  const has = new Set(existing.map((t) => `${t.item_id}\u0000${t.locale}`));
  const taken = new Set(existing.map((t) => `${t.locale}\u0000${t.slug}`));
  const rows: SeedTranslation[] = [];
  for (const item of items) {
    for (const locale of LOCALES) {
      if (has.has(`${item.id}\u0000${locale}`) || !hasSeedDocument(item.key, locale)) continue;
      const doc = readSeedDocument(item.key, locale);
      if (taken.has(`${locale}\u0000${doc.slug}`) || (await repo.findTranslationBySlug(ctx.db, locale, doc.slug))) {
        ctx.log.warn({ key: item.key, locale }, 'a starting page was not added in a new language: its address is taken');
        continue;
      }
      taken.add(`${locale}\u0000${doc.slug}`);
      rows.push({ itemId: item.id, locale, doc, source: item.source_locale === locale });
    }
  }
  try {
    await publishSeedTranslations(ctx, rows);
  } catch (err) {
    // Another process added them at the same moment: its pages stand.
    ctx.log.info({ err: (err as Error).name }, 'starting pages in new languages were added by another process');
    return 0;
  }
  if (rows.length > 0) ctx.log.info({ added: rows.length }, 'added the starting public content in new languages');
  return rows.length;
}
