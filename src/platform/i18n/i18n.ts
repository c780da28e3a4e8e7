import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

export const LOCALES = ['fr', 'en', 'es', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALES_DIR = fileURLToPath(new URL('../../../locales/', import.meta.url));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

type Catalog = Map<string, string>;

function flatten(prefix: string, value: unknown, out: Catalog): void {
  if (typeof value === 'string') {
    out.set(prefix, value);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  }
}

/** Reads locales/<locale>/<namespace>.json; keys are `<namespace>.<path>`. */
export function loadCatalog(locale: Locale, dir = LOCALES_DIR): Catalog {
  const catalog: Catalog = new Map();
  const localeDir = join(dir, locale);
  for (const file of readdirSync(localeDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const ns = file.replace(/\.json$/, '');
    flatten(ns, JSON.parse(readFileSync(join(localeDir, file), 'utf8')), catalog);
  }
  return catalog;
}

/** Every language's catalog at once (tests compare them). */
export function loadCatalogs(dir = LOCALES_DIR): Record<Locale, Catalog> {
  const catalogs = {} as Record<Locale, Catalog>;
  for (const locale of LOCALES) catalogs[locale] = loadCatalog(locale, dir);
  return catalogs;
}

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

export interface Translator {
  readonly locale: Locale;
  readonly dir: 'rtl' | 'ltr';
  (key: string, values?: MessageValues): string;
  has(key: string): boolean;
  date(iso: string | Date | null | undefined, timeZone?: string, withTime?: boolean): string;
  number(n: number): string;
}

/** Shown instead of a missing message, so tests can find untranslated keys on any page. */
export const MISSING = (key: string) => `⟦${key}⟧`;

export class I18n {
  private readonly formats = new Map<string, IntlMessageFormat>();
  private readonly translators = new Map<string, Translator>();

  private readonly loaded: Partial<Record<Locale, Catalog>>;

  /**
   * Without catalogs given, each language's catalog is read the first time a message of that language is asked
   * for: a process keeps only the languages it serves (each is a few hundred KB of JSON and a few MB while parsed),
   * and messages are compiled one by one on first use. The default language, every message's fallback, is read
   * at once, so a broken catalog stops the start.
   */
  constructor(catalogs?: Record<Locale, Catalog>) {
    this.loaded = { ...catalogs };
    this.catalog(DEFAULT_LOCALE);
  }

  catalog(locale: Locale): Catalog {
    let catalog = this.loaded[locale];
    if (!catalog) {
      catalog = loadCatalog(locale);
      this.loaded[locale] = catalog;
    }
    return catalog;
  }

  message(locale: Locale, key: string, values?: MessageValues): string {
    // A field error may carry its limit in the key itself ("errors.tooLongMax|max=2000"): forms keep one string per field.
    const bar = key.indexOf('|');
    if (bar > 0) {
      const carried: MessageValues = {};
      for (const pair of key.slice(bar + 1).split('&')) {
        const [k, v] = pair.split('=');
        if (k && v !== undefined) carried[k] = /^\d+$/.test(v) ? Number(v) : v;
      }
      return this.message(locale, key.slice(0, bar), { ...carried, ...values });
    }
    const cacheKey = `${locale}\u0000${key}`;
    let fmt = this.formats.get(cacheKey);
    if (!fmt) {
      const source = this.catalog(locale).get(key) ?? this.catalog(DEFAULT_LOCALE).get(key);
      if (source === undefined) return MISSING(key);
      fmt = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
      this.formats.set(cacheKey, fmt);
    }
    const out = fmt.format(values as Record<string, string | number | Date | boolean>);
    return typeof out === 'string' ? out : String(out);
  }

  translator(locale: Locale, defaultTimeZone = 'UTC'): Translator {
    const cacheKey = `${locale}\u0000${defaultTimeZone}`;
    const cached = this.translators.get(cacheKey);
    if (cached) return cached;
    const numberFormat = new Intl.NumberFormat(locale);
    const t = ((key: string, values?: MessageValues) => this.message(locale, key, values)) as Translator;
    Object.assign(t, {
      locale,
      dir: direction(locale),
      has: (key: string) => this.catalog(locale).has(key.split('|')[0] ?? key),
      date: (iso: string | Date | null | undefined, timeZone = defaultTimeZone, withTime = false) => {
        if (!iso) return '';
        const d = typeof iso === 'string' ? new Date(iso) : iso;
        if (Number.isNaN(d.getTime())) return '';
        return new Intl.DateTimeFormat(locale, { ...dateFormatOptions(locale, withTime), timeZone }).format(d);
      },
      number: (n: number) => numberFormat.format(n),
    });
    this.translators.set(cacheKey, t);
    return t;
  }
}

/**
 * The one date format of each language. Arabic's "medium" style is all digits (03/12/2026) while its month names
 * appear elsewhere (charts, months): one written form, "3 ديسمبر 2026", everywhere instead (issue 21).
 */
export function dateFormatOptions(locale: string, withTime = false): Intl.DateTimeFormatOptions {
  if (locale === 'ar') return { day: 'numeric', month: 'long', year: 'numeric', ...(withTime ? { hour: 'numeric', minute: '2-digit' } : {}) };
  return { dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}) };
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}
