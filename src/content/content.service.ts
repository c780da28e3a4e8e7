import type { AuthUser } from '../platform/auth/auth-user.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { newId, nowIso } from '../platform/ids.js';
import { clearPageCache } from '../platform/views/page-cache.js';
import { can } from './content.policy.js';
import * as repo from './content.repository.js';
import { RESERVED_SLUGS } from './content.schema.js';
import type { TranslationState } from './content-staff.views.js';
import type { ContentItem, ContentTranslation } from './content.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'content.created': { kind: string; key: string };
    'content.saved': { locale: string; revision: number };
    'content.published': { locale: string; revision: number };
    'content.archived': { successorId: string | null };
    'content.restored': Record<string, never>;
    'content.seeded': { locales: string[]; translations: number };
  }
}

/** Where visitors read an item in a language. */
export function publicPath(item: Pick<ContentItem, 'kind' | 'key'>, locale: string, slug: string): string {
  if (item.kind === 'page' && item.key === 'home') return `/${locale}/`;
  return item.kind === 'news' ? `/${locale}/news/${slug}` : `/${locale}/${slug}`;
}

/**
 * A translation's state for the editors' overview: missing; draft (never published); changed (published, with
 * unpublished edits); outdated (the source language changed since it was translated); published.
 */
export function translationState(item: ContentItem, translations: ContentTranslation[], locale: string): TranslationState {
  const t = translations.find((x) => x.locale === locale);
  if (!t) return 'missing';
  if (t.published_revision === null) return 'draft';
  if (locale !== item.source_locale) {
    const source = translations.find((x) => x.locale === item.source_locale);
    const sourceRevision = source?.published_revision ?? null;
    if (sourceRevision !== null && (t.source_revision ?? 0) < sourceRevision) return 'outdated';
  }
  if (t.revision !== t.published_revision) return 'changed';
  return 'published';
}

export interface ItemInput {
  kind: 'page' | 'news';
  key: string;
  sourceLocale: Locale;
  commentsEnabled?: '1' | undefined;
}

export async function createItem(ctx: AppContext, user: AuthUser, input: ItemInput): Promise<string> {
  if (!can(user, 'edit')) throw new ForbiddenError();
  if (await repo.findItemByKey(ctx.db, input.key)) throw new ValidationError({ key: 'content.errors.keyTaken' });
  const id = newId();
  const now = nowIso();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertItem(tx, {
      id,
      kind: input.kind,
      key: input.key,
      source_locale: input.sourceLocale,
      office_id: null,
      comments_enabled: input.commentsEnabled ? 1 : input.kind === 'news' ? 1 : 0,
      archived_at: null,
      successor_id: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, { type: 'content.created', actorId: user.id, subjectType: 'content', subjectId: id, data: { kind: input.kind, key: input.key } });
  });
  return id;
}

export interface TranslationInput {
  slug: string;
  title: string;
  summary: string;
  body: string;
  version?: number | undefined;
}

async function checkSlug(ctx: AppContext, itemId: string, locale: string, slug: string): Promise<void> {
  const item = await repo.findItem(ctx.db, itemId);
  if (item?.kind === 'page' && RESERVED_SLUGS.has(slug)) throw new ValidationError({ slug: 'content.errors.slugReserved' });
  const other = await repo.findTranslationBySlug(ctx.db, locale, slug);
  if (other && other.item_id !== itemId) throw new ValidationError({ slug: 'content.errors.slugTaken' });
}

/** Saves a new revision of one language as a draft; with `publish`, visitors see it at once. */
export async function saveTranslation(
  ctx: AppContext,
  { user, itemId, locale, input, publish }: { user: AuthUser | null; itemId: string; locale: Locale; input: TranslationInput; publish: boolean },
): Promise<void> {
  if (user && !can(user, 'edit')) throw new ForbiddenError();
  const item = await repo.findItem(ctx.db, itemId);
  if (!item) throw new NotFoundError();
  await checkSlug(ctx, itemId, locale, input.slug);
  const now = nowIso();
  await inTransaction(ctx.db, async (tx, onCommit) => {
    const existing = await repo.findTranslation(tx, itemId, locale);
    const source = locale === item.source_locale ? undefined : await repo.findTranslation(tx, itemId, item.source_locale);
    // A translation saved now is brought in line with the source as it stands.
    const sourceRevision = source ? (source.published_revision ?? source.revision) : null;
    let revision: number;
    let translationId: string;
    if (!existing) {
      translationId = newId();
      revision = 1;
      await repo.insertTranslation(tx, {
        id: translationId,
        item_id: itemId,
        locale,
        slug: input.slug,
        title: input.title,
        summary: input.summary,
        body: input.body,
        revision,
        published_revision: null,
        published_title: null,
        published_summary: null,
        published_body: null,
        first_published_at: null,
        published_at: null,
        source_revision: sourceRevision,
        created_at: now,
        updated_at: now,
      });
    } else {
      if (input.version !== undefined && input.version !== existing.version) throw new StaleVersionError();
      translationId = existing.id;
      revision = existing.revision + 1;
      const ok = await repo.updateTranslation(tx, {
        id: existing.id,
        version: existing.version,
        changes: {
          slug: input.slug,
          title: input.title,
          summary: input.summary,
          body: input.body,
          revision,
          source_revision: sourceRevision,
          updated_at: now,
        },
      });
      if (!ok) throw new StaleVersionError();
    }
    await repo.insertRevision(tx, {
      id: newId(),
      translation_id: translationId,
      revision,
      slug: input.slug,
      title: input.title,
      summary: input.summary,
      body: input.body,
      published: 0,
      created_by: user?.id ?? null,
      created_at: now,
    });
    await recordEvent(tx, { type: 'content.saved', actorId: user?.id ?? null, subjectType: 'content', subjectId: itemId, data: { locale, revision } });
    if (publish) {
      const fresh = await repo.findTranslation(tx, itemId, locale);
      if (!fresh) throw new NotFoundError();
      await publishRow(tx, user, item, fresh, now);
      onCommit(clearPageCache);
    }
  });
}

async function publishRow(
  tx: Parameters<typeof repo.findItem>[0],
  user: AuthUser | null,
  item: ContentItem,
  t: ContentTranslation,
  now: string,
): Promise<void> {
  const ok = await repo.updateTranslation(tx, {
    id: t.id,
    version: t.version,
    changes: {
      published_revision: t.revision,
      published_title: t.title,
      published_summary: t.summary,
      published_body: t.body,
      published_at: now,
      first_published_at: t.first_published_at ?? now,
      updated_at: now,
    },
  });
  if (!ok) throw new StaleVersionError();
  await repo.markRevisionPublished(tx, t.id, t.revision);
  await recordEvent(tx, {
    type: 'content.published',
    actorId: user?.id ?? null,
    subjectType: 'content',
    subjectId: item.id,
    data: { locale: t.locale, revision: t.revision },
  });
}

export async function publishTranslation(
  ctx: AppContext,
  { user, itemId, locale, version }: { user: AuthUser; itemId: string; locale: Locale; version: number },
): Promise<void> {
  if (!can(user, 'publish')) throw new ForbiddenError();
  const item = await repo.findItem(ctx.db, itemId);
  if (!item) throw new NotFoundError();
  await inTransaction(ctx.db, async (tx, onCommit) => {
    const t = await repo.findTranslation(tx, itemId, locale);
    if (!t) throw new NotFoundError();
    if (t.version !== version) throw new StaleVersionError();
    await publishRow(tx, user, item, t, nowIso());
    onCommit(clearPageCache);
  });
}

/** Archives an item: it stays readable at its address, with a banner pointing to its successor. */
export async function archiveItem(
  ctx: AppContext,
  { user, itemId, successorId, version }: { user: AuthUser; itemId: string; successorId: string | undefined; version: number },
): Promise<void> {
  if (!can(user, 'archive')) throw new ForbiddenError();
  const item = await repo.findItem(ctx.db, itemId);
  if (!item) throw new NotFoundError();
  if (item.key === 'home') throw new ConflictError('content.errors.archiveHome');
  if (successorId) {
    const successor = await repo.findItem(ctx.db, successorId);
    if (!successor || successor.id === itemId || successor.archived_at) throw new ValidationError({ successorId: 'content.errors.successor' });
  }
  await inTransaction(ctx.db, async (tx, onCommit) => {
    const ok = await repo.updateItem(tx, { id: itemId, version, changes: { archived_at: nowIso(), successor_id: successorId ?? null, updated_at: nowIso() } });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'content.archived',
      actorId: user.id,
      subjectType: 'content',
      subjectId: itemId,
      data: { successorId: successorId ?? null },
    });
    onCommit(clearPageCache);
  });
}

export async function restoreItem(ctx: AppContext, { user, itemId, version }: { user: AuthUser; itemId: string; version: number }): Promise<void> {
  if (!can(user, 'archive')) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx, onCommit) => {
    const ok = await repo.updateItem(tx, { id: itemId, version, changes: { archived_at: null, successor_id: null, updated_at: nowIso() } });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, { type: 'content.restored', actorId: user.id, subjectType: 'content', subjectId: itemId, data: {} });
    onCommit(clearPageCache);
  });
}

/** Links to the published versions of an item in every language. */
export async function alternatesFor(ctx: AppContext, item: ContentItem): Promise<Partial<Record<Locale, string>>> {
  const translations = await repo.translationsOf(ctx.db, [item.id]);
  const out: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const t = translations.find((x) => x.locale === locale && x.published_revision !== null);
    if (t) out[locale] = publicPath(item, locale, t.slug);
  }
  return out;
}

/** Where an archived item's successor is read, in this language if it exists, else in its source language. */
export async function successorPath(ctx: AppContext, item: ContentItem, locale: Locale): Promise<string | undefined> {
  if (!item.successor_id) return undefined;
  const successor = await repo.findItem(ctx.db, item.successor_id);
  if (!successor) return undefined;
  const translations = await repo.translationsOf(ctx.db, [successor.id]);
  const t =
    translations.find((x) => x.locale === locale && x.published_revision !== null) ??
    translations.find((x) => x.locale === successor.source_locale && x.published_revision !== null);
  return t ? publicPath(successor, t.locale, t.slug) : undefined;
}

export interface SeedTranslation {
  itemId: string;
  locale: Locale;
  doc: TranslationInput;
  /** Whether this is the item's source language (its revision is what the others follow). */
  source: boolean;
}

/**
 * Writes starting pages as first revisions, published at once, in one transaction and one audit event: the starting
 * content of a new installation (seventy pages in ten languages) or a language added by an upgrade. Only for pages no
 * one has written in that language; slugs already used in a language are skipped by the caller.
 */
export async function publishSeedTranslations(ctx: AppContext, rows: SeedTranslation[]): Promise<void> {
  if (rows.length === 0) return;
  const now = nowIso();
  await inTransaction(ctx.db, async (tx, onCommit) => {
    for (const r of rows) {
      const id = newId();
      await repo.insertTranslation(tx, {
        id,
        item_id: r.itemId,
        locale: r.locale,
        slug: r.doc.slug,
        title: r.doc.title,
        summary: r.doc.summary,
        body: r.doc.body,
        revision: 1,
        published_revision: 1,
        published_title: r.doc.title,
        published_summary: r.doc.summary,
        published_body: r.doc.body,
        first_published_at: now,
        published_at: now,
        source_revision: r.source ? null : 1,
        created_at: now,
        updated_at: now,
      });
      await repo.insertRevision(tx, {
        id: newId(),
        translation_id: id,
        revision: 1,
        slug: r.doc.slug,
        title: r.doc.title,
        summary: r.doc.summary,
        body: r.doc.body,
        published: 1,
        created_by: null,
        created_at: now,
      });
    }
    await recordEvent(tx, {
      type: 'content.seeded',
      actorId: null,
      subjectType: 'content',
      subjectId: null,
      data: { locales: [...new Set(rows.map((r) => r.locale))], translations: rows.length },
    });
    onCommit(clearPageCache);
  });
}
