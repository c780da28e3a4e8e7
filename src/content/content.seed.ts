import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../platform/context.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './content.repository.js';
import { saveTranslation } from './content.service.js';

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

/** Loads the seed content into an empty content table, published in all four languages. Safe to call on every start. */
export async function seedContentIfEmpty(ctx: AppContext): Promise<boolean> {
  if ((await repo.countItems(ctx.db)) > 0) return false;
  try {
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
      // The source language first, so the translations are recorded as up to date with it.
      for (const locale of ['en', ...LOCALES.filter((l) => l !== 'en' && hasSeedDocument(seed.key, l))]) {
        await saveTranslation(ctx, null, id, locale, readSeedDocument(seed.key, locale), true);
      }
    }
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
 * Nothing an office wrote is replaced. Safe to call on every start.
 */
export async function seedNewLanguages(ctx: AppContext): Promise<number> {
  let added = 0;
  for (const seed of SEED_ITEMS) {
    const item = await repo.findItemByKey(ctx.db, seed.key);
    if (!item || item.archived_at) continue;
    for (const locale of LOCALES) {
      if (!hasSeedDocument(seed.key, locale) || (await repo.findTranslation(ctx.db, item.id, locale))) continue;
      try {
        await saveTranslation(ctx, null, item.id, locale, readSeedDocument(seed.key, locale), true);
        added++;
      } catch (err) {
        // The office already uses this address for another page, or another process added it first: its page stands.
        ctx.log.warn({ key: seed.key, locale, err: (err as Error).name }, 'a starting page was not added in a new language');
      }
    }
  }
  if (added > 0) ctx.log.info({ added }, 'added the starting public content in new languages');
  return added;
}
