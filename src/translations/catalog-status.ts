import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOCALE, LOCALES, LOCALES_DIR } from '../platform/i18n/i18n.js';

/** What a catalog says of itself in `locales/<code>/_review.json`: the translators' status, before any editor's review. */
export type FileStatus = 'source' | 'reviewed' | 'draft';

export interface ReviewFile {
  status: FileStatus;
  /** Who translated it and how, for the editor deciding whether to review ("first translation, December 2026"). */
  note?: string;
  /** Namespaces whose status differs from the catalog's. */
  namespaces?: Record<string, FileStatus>;
}

export interface NamespaceFacts {
  namespace: string;
  /** Messages in the English catalog, the source every other catalog follows. */
  total: number;
  present: number;
  missing: string[];
  fileStatus: FileStatus;
  /** sha256 of the namespace file: an editor's review holds for this text only. */
  hash: string;
}

export interface CatalogFacts {
  locale: string;
  note: string | undefined;
  namespaces: NamespaceFacts[];
}

function flatKeys(prefix: string, value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(prefix);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatKeys(prefix ? `${prefix}.${k}` : k, v, out);
  return out;
}

function readReviewFile(dir: string, locale: string): ReviewFile {
  const path = join(dir, locale, '_review.json');
  if (!existsSync(path)) return { status: locale === DEFAULT_LOCALE ? 'source' : 'draft' };
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<ReviewFile>;
  const ok = (s: unknown): s is FileStatus => s === 'source' || s === 'reviewed' || s === 'draft';
  const namespaces = Object.fromEntries(Object.entries(raw.namespaces ?? {}).filter(([, s]) => ok(s))) as Record<string, FileStatus>;
  return { status: ok(raw.status) ? raw.status : 'draft', ...(raw.note ? { note: raw.note } : {}), namespaces };
}

/**
 * The facts of every configured catalog, read from the files once (they change only with an upgrade): per namespace,
 * how many of the English messages it has, which are missing, and the status its translators gave it.
 */
export function readCatalogFacts(dir = LOCALES_DIR, locales: readonly string[] = LOCALES): CatalogFacts[] {
  const enDir = join(dir, DEFAULT_LOCALE);
  const namespaces = readdirSync(enDir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const english = new Map(namespaces.map((ns) => [ns, flatKeys('', JSON.parse(readFileSync(join(enDir, `${ns}.json`), 'utf8')), [])]));
  return locales.map((locale) => {
    const review = readReviewFile(dir, locale);
    return {
      locale,
      note: review.note,
      namespaces: namespaces.map((ns) => {
        const path = join(dir, locale, `${ns}.json`);
        const text = existsSync(path) ? readFileSync(path) : undefined;
        const keys = new Set(text ? flatKeys('', JSON.parse(text.toString('utf8')), []) : []);
        const expected = english.get(ns) ?? [];
        const missing = expected.filter((k) => !keys.has(k));
        return {
          namespace: ns,
          total: expected.length,
          present: expected.length - missing.length,
          missing,
          fileStatus: review.namespaces?.[ns] ?? review.status,
          hash: createHash('sha256')
            .update(text ?? '')
            .digest('hex'),
        };
      }),
    };
  });
}

let cached: CatalogFacts[] | undefined;

/** The facts of the installed catalogs (read once per process). */
export function catalogFacts(): CatalogFacts[] {
  cached ??= readCatalogFacts();
  return cached;
}
