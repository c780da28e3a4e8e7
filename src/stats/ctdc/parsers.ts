import { alpha2 } from '../../platform/countries.js';
import { COLUMN_INDEX, type FlagColumn, type TextColumn, type ValueRow } from './variables.js';

/**
 * How a CTDC cell is read: one parser per kind of column (flags, choices, lists, age bands, countries, years). A
 * parser writes the value into the row and returns false when it does not understand it.
 */

export type Parser = (raw: string, out: ValueRow) => boolean;

/** Values that mean "missing" in every release: blank (synthetic files) and -99 (k-anonymised files). */
export function isMissing(v: string): boolean {
  return v === '' || v === '-99' || v === '.';
}

export const ignore: Parser = () => true;

export function flag(column: FlagColumn): Parser {
  const at = COLUMN_INDEX[column];
  return (v, out) => {
    if (isMissing(v)) return true;
    if (v === '1' || v === '1.0') out[at] = 1;
    else if (v === '0' || v === '0.0') out[at] = 0;
    else return false;
    return true;
  };
}

/** A categorical value from a closed list, compared without case; `Unknown` is missing. */
export function choice(column: TextColumn, values: Record<string, string>): Parser {
  const lookup = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  const at = COLUMN_INDEX[column];
  return (v, out) => {
    if (isMissing(v)) return true;
    const canonical = lookup.get(v.toLowerCase());
    if (canonical === undefined) return /^unknown$/i.test(v);
    out[at] = canonical;
    return true;
  };
}

/** `;`-joined values from a closed list, stored sorted and joined with `separator` (as CTDC publishes them). */
export function multiChoice(column: TextColumn, values: readonly string[], separator: string): Parser {
  const lookup = new Map(values.map((v) => [v.toLowerCase(), v]));
  const at = COLUMN_INDEX[column];
  return (v, out) => {
    if (isMissing(v)) return true;
    const parts: string[] = [];
    for (const p of v.split(';')) {
      const c = lookup.get(p.trim().toLowerCase());
      if (c === undefined) return false;
      if (!parts.includes(c)) parts.push(c);
    }
    out[at] = parts.sort().join(separator);
    return true;
  };
}

/** CTDC's age bands, then the wider bands Abri's k-anonymised export may generalise them to. */
export const AGE_BANDS = ['0--8', '9--17', '18--20', '21--23', '24--26', '27--29', '30--38', '39--47', '48+', '0--17', '18--29', '30--47'];
export const IP_AGE_BANDS = ['0--29', '30--38', '39--47', '48+'];

/** Age bands as files write them: `9--17`, `09--17`, `9-17`, `9–17` all mean the band CTDC writes `9--17`. */
export function normaliseAgeBand(v: string): string | undefined {
  const m = /^(\d{1,3})\s*(?:--|-|–|—)\s*(\d{1,3})$/.exec(v.trim());
  if (m) return `${Number(m[1])}--${Number(m[2])}`;
  const plus = /^(\d{1,3})\s*\+$/.exec(v.trim());
  if (plus) return `${Number(plus[1])}+`;
  return undefined;
}

export function ageBand(column: TextColumn, bands: readonly string[]): Parser {
  const at = COLUMN_INDEX[column];
  return (v, out) => {
    if (isMissing(v) || /^unknown$/i.test(v)) return true;
    const parts: string[] = [];
    for (const p of v.split(';')) {
      const b = normaliseAgeBand(p);
      if (!b || !bands.includes(b)) return false;
      if (!parts.includes(b)) parts.push(b);
    }
    parts.sort((a, b) => bands.indexOf(a) - bands.indexOf(b));
    out[at] = parts.join(';');
    return true;
  };
}

/** ISO 3166-1 alpha-2 or alpha-3, stored as alpha-2; `ZZ` and `00` are CTDC's unknown country. */
export function normaliseCountry(v: string): string | null | undefined {
  const c = v.trim().toUpperCase();
  if (isMissing(c) || c === 'ZZ' || c === '00' || c === 'ZZZ' || c === 'UNKNOWN') return null;
  if (/^[A-Z]{2}$/.test(c)) return c;
  if (/^[A-Z]{3}$/.test(c)) return c === 'XKX' ? 'XK' : alpha2(c);
  return undefined;
}

export function country(column: TextColumn): Parser {
  const at = COLUMN_INDEX[column];
  return (v, out) => {
    const c = normaliseCountry(v);
    if (c === undefined) return false;
    out[at] = c;
    return true;
  };
}

const YEAR_LABEL = COLUMN_INDEX.year_label;
const YEAR_FROM = COLUMN_INDEX.year_from;
const YEAR_TO = COLUMN_INDEX.year_to;

/** A year (2016) or a band of years (2014-2018, as in the victim-perpetrator file). */
export const year: Parser = (v, out) => {
  if (isMissing(v)) return true;
  const single = /^(\d{4})(?:\.0)?$/.exec(v);
  const band = /^(\d{4})\s*-{1,2}\s*(\d{4})$/.exec(v);
  const from = Number(single?.[1] ?? band?.[1]);
  const to = Number(single?.[1] ?? band?.[2]);
  if (!(from >= 1990 && to <= 2100 && from <= to)) return false;
  out[YEAR_LABEL] = from === to ? String(from) : `${from}-${to}`;
  out[YEAR_FROM] = from;
  out[YEAR_TO] = to;
  return true;
};

export const GENDER = {
  Female: 'Female',
  Woman: 'Female',
  Male: 'Male',
  Man: 'Male',
  'Transgender/NonConforming': 'Transgender/NonConforming',
  'Trans/Transgender/NonConforming': 'Transgender/NonConforming',
  Transgender: 'Transgender/NonConforming',
};
export const MAJORITY = { Adult: 'Adult', Minor: 'Minor' };
export const REGIONS = ['Africa', 'Americas/Oceania', 'Asia', 'Europe', 'Oceania'];
export const RECRUITER_RELATIONSHIP = ['Intimate Partner', 'Friend', 'Family/Relative', 'Other', 'Unknown', 'Not Specified'];
export const TRAFFICK_MONTHS = { '0--12 (0-1 yr)': '0--12 (0-1 yr)', '13--24 (1-2 yrs)': '13--24 (1-2 yrs)', '25+ (2+ yrs)': '25+ (2+ yrs)' };
