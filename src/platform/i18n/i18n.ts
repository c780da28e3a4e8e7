import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

export const LOCALES_DIR = fileURLToPath(new URL('../../../locales/', import.meta.url));

/** One line of `locales/languages.json`: adding a language is data, not code (README, "Adding a language"). */
export interface Language {
  /** BCP 47 language code, also the catalog folder's name and the first segment of public addresses. */
  code: string;
  /** The language's name in its own script, as the language chooser shows it. */
  name: string;
  dir: 'ltr' | 'rtl';
  /** ISO 15924 script: which fonts and which PDF renderer can draw it. */
  script: 'Latn' | 'Cyrl' | 'Arab' | (string & {});
  /** Other codes that Accept-Language may send for this language (e.g. `prs`, Dari, read in Persian). */
  aliases?: string[];
  /** The calendar dates are written in; Intl's default for the language otherwise. */
  calendar?: string;
}

export interface LanguageConfig {
  default: string;
  languages: Language[];
}

/** Reads and checks `locales/languages.json`; a malformed file stops the start with a message saying what is wrong. */
export function loadLanguageConfig(dir = LOCALES_DIR): LanguageConfig {
  const raw = JSON.parse(readFileSync(join(dir, 'languages.json'), 'utf8')) as Partial<LanguageConfig>;
  const languages = raw.languages ?? [];
  const seen = new Set<string>();
  for (const l of languages) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l.code ?? '')) throw new Error(`locales/languages.json: "${l.code}" is not a language code`);
    if (seen.has(l.code)) throw new Error(`locales/languages.json: ${l.code} is listed twice`);
    if (!l.name?.trim()) throw new Error(`locales/languages.json: ${l.code} has no name`);
    if (l.dir !== 'ltr' && l.dir !== 'rtl') throw new Error(`locales/languages.json: ${l.code} needs "dir": "ltr" or "rtl"`);
    seen.add(l.code);
  }
  const def = raw.default ?? 'en';
  if (!seen.has(def)) throw new Error(`locales/languages.json: the default language ${def} is not listed`);
  return { default: def, languages };
}

const CONFIG = loadLanguageConfig();
export const LANGUAGES: readonly Language[] = CONFIG.languages;
/** Every configured language code, in the chooser's order. */
export const LOCALES: readonly string[] = LANGUAGES.map((l) => l.code);
/** A configured language code (checked with `isLocale` wherever one arrives from outside). */
export type Locale = string;
export const DEFAULT_LOCALE: Locale = CONFIG.default;
const BY_CODE = new Map(LANGUAGES.map((l) => [l.code, l]));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && BY_CODE.has(value);
}

export function language(code: string): Language | undefined {
  return BY_CODE.get(code);
}

/** A language's name in its own script ("Русский"), as every language chooser shows it; the code if unknown. */
export function languageOwnName(code: string): string {
  return BY_CODE.get(code)?.name ?? code;
}

export function direction(locale: Locale): 'rtl' | 'ltr' {
  return BY_CODE.get(locale)?.dir ?? 'ltr';
}

/** The list separators of a language: the Arabic comma and semicolon in Arabic script (Arabic, Farsi, Urdu). */
export function listSeparator(locale: Locale, kind: 'comma' | 'semicolon' = 'comma'): string {
  const arabic = BY_CODE.get(locale)?.script === 'Arab';
  if (kind === 'semicolon') return arabic ? '؛ ' : '; ';
  return arabic ? '، ' : ', ';
}


type Catalog = Map<string, string>;
const EMPTY_CATALOG: Catalog = new Map();

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
  // A language configured before its folder exists shows English everywhere (the translation page says so).
  if (!existsSync(localeDir)) return catalog;
  // Files starting with "_" describe the catalog (its review status), they hold no messages.
  for (const file of readdirSync(localeDir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
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

  /** A language's messages, read on first use; an empty catalog (English for every key) for a code Abri does not speak. */
  catalog(locale: Locale): Catalog {
    let catalog = this.loaded[locale];
    if (!catalog) {
      if (!isLocale(locale)) return EMPTY_CATALOG;
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
  // A language may name its calendar (Farsi: Intl's default is the Solar Hijri calendar, while every date field of a form
  // and every partner's record is Gregorian: one calendar on a page, so a date typed is the date read).
  const calendar = BY_CODE.get(locale)?.calendar;
  const base: Intl.DateTimeFormatOptions = calendar ? { calendar } : {};
  if (locale === 'ar') return { ...base, day: 'numeric', month: 'long', year: 'numeric', ...(withTime ? { hour: 'numeric', minute: '2-digit' } : {}) };
  return { ...base, dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}) };
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
    const base = tag.split('-')[0] ?? '';
    if (isLocale(base)) return base;
    const aliased = LANGUAGES.find((l) => l.aliases?.includes(base));
    if (aliased) return aliased.code;
  }
  return DEFAULT_LOCALE;
}
