import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { DEFAULT_LOCALE, direction, isLocale, language } from '../platform/i18n/i18n.js';
import { nowIso } from '../platform/ids.js';
import { type CatalogFacts, catalogFacts, type FileStatus } from './catalog-status.js';
import * as repo from './translations.repository.js';
import type { CatalogReview } from './translations.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'translations.reviewed': { locale: string; namespace: string; status: 'reviewed' | 'draft' };
  }
}

/**
 * A namespace's status as an editor sees it: the source (English), reviewed by an editor of this installation (for
 * the text as it is now), reviewed by the translators (as shipped), changed since an editor reviewed it, or a draft.
 */
export type ReviewStatus = 'source' | 'reviewed' | 'shippedReviewed' | 'changed' | 'draft';

export interface NamespaceStatus {
  namespace: string;
  total: number;
  present: number;
  missing: string[];
  status: ReviewStatus;
  reviewedBy?: string;
  reviewedAt?: string;
}

export interface LanguageStatus {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  note: string | undefined;
  total: number;
  present: number;
  /** Namespaces that still need a native speaker's review (draft or changed since review). */
  needsReview: number;
  namespaces: NamespaceStatus[];
}

export function canReview(user: AuthUser): boolean {
  return hasPermission(user, 'content.edit');
}

function statusOf(fileStatus: FileStatus, hash: string, mark: CatalogReview | undefined): ReviewStatus {
  if (fileStatus === 'source') return 'source';
  if (mark && mark.content_hash === hash) return mark.status;
  if (mark && mark.status === 'reviewed') return 'changed';
  return fileStatus === 'reviewed' ? 'shippedReviewed' : 'draft';
}

function languageStatus(facts: CatalogFacts, marks: CatalogReview[], names: Map<string, string>): LanguageStatus {
  const lang = language(facts.locale);
  const byNs = new Map(marks.filter((m) => m.locale === facts.locale).map((m) => [m.namespace, m]));
  const namespaces = facts.namespaces.map((n): NamespaceStatus => {
    const mark = byNs.get(n.namespace);
    const status = statusOf(n.fileStatus, n.hash, mark);
    const out: NamespaceStatus = { namespace: n.namespace, total: n.total, present: n.present, missing: n.missing, status };
    if (mark && mark.content_hash === n.hash) {
      out.reviewedBy = names.get(mark.reviewed_by) ?? '—';
      out.reviewedAt = mark.reviewed_at;
    }
    return out;
  });
  return {
    code: facts.locale,
    name: lang?.name ?? facts.locale,
    dir: direction(facts.locale),
    note: facts.note,
    total: namespaces.reduce((s, n) => s + n.total, 0),
    present: namespaces.reduce((s, n) => s + n.present, 0),
    needsReview: namespaces.filter((n) => n.status === 'draft' || n.status === 'changed').length,
    namespaces,
  };
}

async function statuses(ctx: AppContext, locale?: string): Promise<LanguageStatus[]> {
  const marks = await repo.listReviews(ctx.db, locale);
  const names = await repo.userNames(ctx.db, [...new Set(marks.map((m) => m.reviewed_by))]);
  return catalogFacts()
    .filter((f) => !locale || f.locale === locale)
    .map((f) => languageStatus(f, marks, names));
}

/** Every configured language with how complete and how reviewed its catalog is. */
export async function translationOverview(ctx: AppContext, user: AuthUser): Promise<LanguageStatus[]> {
  if (!canReview(user)) throw new ForbiddenError();
  return statuses(ctx);
}

export async function languageDetail(ctx: AppContext, user: AuthUser, locale: string): Promise<LanguageStatus> {
  if (!canReview(user)) throw new ForbiddenError();
  if (!isLocale(locale)) throw new NotFoundError();
  const [status] = await statuses(ctx, locale);
  if (!status) throw new NotFoundError();
  return status;
}

/**
 * An editor marks one namespace of a language reviewed (a native speaker read it and it reads well) or back to
 * draft. The mark holds for the catalog's text as it is now; the source language has nothing to review.
 */
export async function markNamespace(
  ctx: AppContext,
  user: AuthUser,
  input: { locale: string; namespace: string; status: 'reviewed' | 'draft' },
): Promise<void> {
  if (!canReview(user)) throw new ForbiddenError();
  if (!isLocale(input.locale)) throw new NotFoundError();
  if (input.locale === DEFAULT_LOCALE) throw new ValidationError({ namespace: 'translations.errors.source' });
  const facts = catalogFacts().find((f) => f.locale === input.locale);
  const ns = facts?.namespaces.find((n) => n.namespace === input.namespace);
  if (!ns) throw new ValidationError({ namespace: 'translations.errors.namespace' });
  if (input.status === 'reviewed' && ns.missing.length > 0) throw new ValidationError({ namespace: 'translations.errors.incomplete' });
  await inTransaction(ctx.db, async (tx) => {
    await repo.saveReview(tx, {
      locale: input.locale,
      namespace: input.namespace,
      status: input.status,
      content_hash: ns.hash,
      reviewed_by: user.id,
      reviewed_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'translations.reviewed',
      actorId: user.id,
      subjectType: 'catalog',
      subjectId: `${input.locale}/${input.namespace}`,
      data: { ...input },
    });
  });
}
