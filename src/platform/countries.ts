import { loadCountries } from '../data/domain-data.js';

/**
 * ISO 3166-1 countries (alpha-2 and alpha-3) and UN M49 regions, from src/data/countries.json (checked against
 * its schema at start-up). Names come from Intl.DisplayNames in the reader's language, so no catalog lists them.
 */
const DATA = loadCountries();
const ALPHA2 = DATA.countries.map(([a2]) => a2);

export const COUNTRY_CODES: readonly string[] = ALPHA2;

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

export function alpha3(code: string): string | undefined {
  return toAlpha3.get(code.toUpperCase());
}

export function alpha2(code: string): string | undefined {
  const c = code.toUpperCase();
  return toAlpha3.has(c) ? c : toAlpha2.get(c);
}

const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, locale: string): string {
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

/** Options for a country select, sorted by name in the reader's language. */
export function countryOptions(locale: string): Array<{ value: string; label: string }> {
  const collator = new Intl.Collator(locale);
  return COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, locale) })).sort((a, b) => collator.compare(a.label, b.label));
}
