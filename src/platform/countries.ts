import { loadCountries } from '../data/domain-data.js';

/**
 * ISO 3166-1 countries (alpha-2 and alpha-3) and UN M49 regions, from src/data/countries.json (checked against
 * its schema at start-up). Names come from Intl.DisplayNames in the reader's language, so no catalog lists them.
 */
const DATA = loadCountries();
const LEGACY = new Set(DATA.legacy);

/** Every code Abri reads, legacy codes included (old records, CTDC files). */
export const COUNTRY_CODES: readonly string[] = DATA.countries.map(([a2]) => a2);

/** The codes a form offers: current ISO 3166-1 (and XK), without the legacy codes. */
export const CURRENT_COUNTRY_CODES: readonly string[] = COUNTRY_CODES.filter((c) => !LEGACY.has(c));

/** Legacy codes have no name of their own in ICU (AN reads as "Curaçao", TB and Y1 as raw codes): they are named by
 * the current country they are read as, followed by the code, so two entries never share a name. */
const LEGACY_READ_AS: Readonly<Record<string, string>> = { AN: 'CW', TB: 'CN', Y1: 'RS' };

const toAlpha3 = new Map(DATA.countries.map(([a2, a3]) => [a2, a3]));
const toAlpha2 = new Map(DATA.countries.map(([a2, a3]) => [a3, a2]));
const regionOfCountry = new Map(DATA.regions.flatMap((r) => r.countries.map((c) => [c, { region: r.region, subRegion: r.id }] as const)));

/** The M49 region and sub-region of a country (ids such as `africa`, `northern-africa`); undefined when it has none. */
export function regionOf(code: string): { region: string; subRegion: string } | undefined {
  return regionOfCountry.get(code.toUpperCase());
}

/** The M49 regions and sub-regions, in the data file's order. */
export const REGIONS: ReadonlyArray<{ id: string; region: string; countries: readonly string[] }> = DATA.regions;

export function isCountry(code: unknown): code is string {
  return typeof code === 'string' && toAlpha3.has(code);
}

/** A code a form may take: current ISO 3166-1 or XK, never a legacy code. */
export function isCurrentCountry(code: unknown): code is string {
  return isCountry(code) && !LEGACY.has(code);
}

export function alpha3(code: string): string | undefined {
  return toAlpha3.get(code.toUpperCase());
}

export function alpha2(code: string): string | undefined {
  const c = code.toUpperCase();
  return toAlpha3.has(c) ? c : toAlpha2.get(c);
}

const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, locale: string): string {
  const readAs = LEGACY_READ_AS[code];
  if (readAs) return `${countryName(readAs, locale)} (${code})`;
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Options for a country select: the current codes, sorted by name in the reader's language. */
export function countryOptions(locale: string): Array<{ value: string; label: string }> {
  const collator = new Intl.Collator(locale);
  return CURRENT_COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, locale) })).sort((a, b) => collator.compare(a.label, b.label));
}
