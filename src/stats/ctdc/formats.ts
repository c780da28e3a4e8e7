import { alpha2 } from '../../platform/countries.js';
import {
  COLUMN_INDEX,
  EXPLOIT,
  type FlagColumn,
  LABOUR,
  MEANS,
  MEANS_2024,
  PERPETRATOR_ROLES,
  RECRUITER,
  SEX,
  type TextColumn,
  type ValueRow,
} from './variables.js';

/**
 * The CTDC file formats (see the shared CTDC README): how each column of each release is read into the reference
 * model. A parser returns false when it does not understand a value; the importer then names the line and column.
 */
export const CTDC_FORMATS = ['global-kanon', 'global-synthetic-2021', 'global-synthetic-2024', 'vp-synthetic-2022'] as const;
export type CtdcFormat = (typeof CTDC_FORMATS)[number];

type Parser = (raw: string, out: ValueRow) => boolean;

export interface ColumnSpec {
  /** The header as CTDC writes it. */
  name: string;
  /** Other spellings seen in real files or codebooks. */
  aliases?: readonly string[];
  parse: Parser;
}

export interface FormatSpec {
  format: CtdcFormat;
  /** Columns that identify the format: all must be present. */
  signature: readonly string[];
  columns: readonly ColumnSpec[];
  /** Derives the merged 2024 means from the 2017 ones after a row is read. */
  deriveMerged: boolean;
}

/** Values that mean "missing" in every release: blank (synthetic files) and -99 (k-anonymised files). */
function isMissing(v: string): boolean {
  return v === '' || v === '-99' || v === '.';
}

const ignore: Parser = () => true;

function flag(column: FlagColumn): Parser {
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
function choice(column: TextColumn, values: Record<string, string>): Parser {
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
function multiChoice(column: TextColumn, values: readonly string[], separator: string): Parser {
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
const AGE_BANDS = ['0--8', '9--17', '18--20', '21--23', '24--26', '27--29', '30--38', '39--47', '48+', '0--17', '18--29', '30--47'];
const IP_AGE_BANDS = ['0--29', '30--38', '39--47', '48+'];

/** Age bands as files write them: `9--17`, `09--17`, `9-17`, `9–17` all mean the band CTDC writes `9--17`. */
export function normaliseAgeBand(v: string): string | undefined {
  const m = /^(\d{1,3})\s*(?:--|-|–|—)\s*(\d{1,3})$/.exec(v.trim());
  if (m) return `${Number(m[1])}--${Number(m[2])}`;
  const plus = /^(\d{1,3})\s*\+$/.exec(v.trim());
  if (plus) return `${Number(plus[1])}+`;
  return undefined;
}

function ageBand(column: TextColumn, bands: readonly string[]): Parser {
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

function country(column: TextColumn): Parser {
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
const year: Parser = (v, out) => {
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

const GENDER = {
  Female: 'Female',
  Woman: 'Female',
  Male: 'Male',
  Man: 'Male',
  'Transgender/NonConforming': 'Transgender/NonConforming',
  'Trans/Transgender/NonConforming': 'Transgender/NonConforming',
  Transgender: 'Transgender/NonConforming',
};
const MAJORITY = { Adult: 'Adult', Minor: 'Minor' };
const REGIONS = ['Africa', 'Americas/Oceania', 'Asia', 'Europe', 'Oceania'];
const RECRUITER_RELATIONSHIP = ['Intimate Partner', 'Friend', 'Family/Relative', 'Other', 'Unknown', 'Not Specified'];
const TRAFFICK_MONTHS = { '0--12 (0-1 yr)': '0--12 (0-1 yr)', '13--24 (1-2 yrs)': '13--24 (1-2 yrs)', '25+ (2+ yrs)': '25+ (2+ yrs)' };

const meansColumns = (suffixes: readonly string[]): ColumnSpec[] =>
  MEANS.filter(([s]) => suffixes.includes(s)).map(([suffix, column]) => {
    const name = `meansOfControl${suffix}`;
    // The 2021 synthetic file's names are cut at 32 characters (a database export limit).
    return { name, aliases: name.length > 32 ? [name.slice(0, 32)] : [], parse: flag(column) };
  });
const prefixed = (prefix: string, list: readonly (readonly [string, FlagColumn])[], only?: readonly string[]): ColumnSpec[] =>
  list.filter(([s]) => !only || only.includes(s)).map(([suffix, column]) => ({ name: `${prefix}${suffix}`, parse: flag(column) }));

const KANON: FormatSpec = {
  format: 'global-kanon',
  signature: ['yearOfRegistration', 'Datasource', 'gender', 'ageBroad', 'citizenship', 'CountryOfExploitation'],
  deriveMerged: true,
  columns: [
    { name: 'yearOfRegistration', parse: year },
    { name: 'Datasource', parse: choice('datasource', { 'Case Management': 'Case Management', Hotline: 'Hotline' }) },
    { name: 'gender', parse: choice('gender', GENDER) },
    { name: 'ageBroad', parse: ageBand('age_band', AGE_BANDS) },
    { name: 'majorityStatus', parse: choice('majority_status', MAJORITY) },
    { name: 'majorityStatusAtExploit', parse: choice('majority_at_exploit', MAJORITY) },
    { name: 'majorityEntry', parse: choice('majority_entry', MAJORITY) },
    { name: 'citizenship', parse: country('citizenship') },
    ...meansColumns(MEANS.map((m) => m[0])),
    { name: 'meansOfControlConcatenated', parse: ignore },
    ...prefixed('', EXPLOIT),
    { name: 'typeOfExploitConcatenated', parse: ignore },
    ...prefixed('typeOfLabour', LABOUR),
    { name: 'typeOfLabourConcatenated', parse: ignore },
    ...prefixed('typeOfSex', SEX, ['Prostitution', 'Pornography', 'RemoteInteractiveServices', 'PrivateSexualServices']),
    { name: 'typeOfSexConcatenated', parse: ignore },
    { name: 'isAbduction', parse: flag('is_abduction') },
    { name: 'RecruiterRelationship', parse: multiChoice('recruiter_relationship', RECRUITER_RELATIONSHIP, '; ') },
    { name: 'CountryOfExploitation', parse: country('exploitation_country') },
    ...prefixed('recruiterRelation', RECRUITER),
  ],
};

const SYNTHETIC_2021: FormatSpec = {
  format: 'global-synthetic-2021',
  signature: ['yearOfRegistration', 'traffickMonths', 'meansOfControlDebtBondage'],
  deriveMerged: true,
  columns: [
    { name: 'yearOfRegistration', parse: year },
    { name: 'gender', parse: choice('gender', GENDER) },
    { name: 'ageBroad', parse: ageBand('age_band', AGE_BANDS) },
    { name: 'majorityStatusAtExploit', parse: choice('majority_at_exploit', MAJORITY) },
    { name: 'traffickMonths', parse: choice('traffick_months', TRAFFICK_MONTHS) },
    { name: 'citizenship', parse: country('citizenship') },
    { name: 'CountryOfExploitation', parse: country('exploitation_country') },
    ...meansColumns(MEANS.map((m) => m[0]).filter((s) => !['RestrictsFinancialAccess', 'UsesChildren', 'NotSpecified'].includes(s))),
    ...prefixed('', EXPLOIT, ['isForcedLabour', 'isSexualExploit', 'isOtherExploit']),
    ...prefixed('typeOfLabour', LABOUR, ['Agriculture', 'Construction', 'DomesticWork', 'Hospitality', 'Other']),
    ...prefixed('typeOfSex', SEX, ['Prostitution', 'Pornography', 'Other']),
    ...prefixed('recruiterRelation', RECRUITER, ['IntimatePartner', 'Friend', 'Family', 'Other']),
  ],
};

const SYNTHETIC_2024: FormatSpec = {
  format: 'global-synthetic-2024',
  signature: ['yearOfRegistration', 'meansDebtBondageEarnings'],
  deriveMerged: false,
  columns: [
    { name: 'yearOfRegistration', parse: year },
    { name: 'gender', parse: choice('gender', GENDER) },
    { name: 'ageBroad', parse: ageBand('age_band', AGE_BANDS) },
    { name: 'citizenship', parse: country('citizenship') },
    { name: 'CountryOfExploitation', parse: country('exploitation_country') },
    { name: 'traffickMonths', parse: choice('traffick_months', TRAFFICK_MONTHS) },
    ...MEANS_2024.map(([name, column]) => ({ name, aliases: name === 'meansWithholdDocs' ? ['meansWithholdDocuments'] : [], parse: flag(column) })),
    ...prefixed('', EXPLOIT, ['isForcedLabour', 'isSexualExploit', 'isOtherExploit']),
    ...prefixed('typeOfLabour', LABOUR, ['Agriculture', 'Construction', 'DomesticWork', 'Hospitality']),
    ...prefixed('typeOfSex', SEX, ['Prostitution', 'Pornography']),
    ...prefixed('recruiterRelation', RECRUITER, ['IntimatePartner', 'Friend', 'Family', 'Other']),
  ],
};

const VP_2022: FormatSpec = {
  format: 'vp-synthetic-2022',
  signature: ['yearRegister', 'IP_Exploiter'],
  deriveMerged: false,
  columns: [
    { name: 'yearRegister', parse: year },
    { name: 'gender', parse: choice('gender', GENDER) },
    { name: 'majorityStatus', parse: choice('majority_status', MAJORITY) },
    ...prefixed('', EXPLOIT, ['isForcedLabour', 'isSexualExploit']),
    { name: 'UN_COO_Region', parse: choice('citizenship_region', Object.fromEntries(REGIONS.map((r) => [r, r]))) },
    { name: 'UN_COE_Region', parse: choice('exploitation_region', Object.fromEntries(REGIONS.map((r) => [r, r]))) },
    ...PERPETRATOR_ROLES.map(([name, column]) => ({ name, aliases: name === 'IP_RecruiterBroker' ? ['IP_RecruitBroker'] : [], parse: flag(column) })),
    { name: 'IP_Gender', parse: multiChoice('ip_gender', ['Female', 'Male'], ';') },
    { name: 'IP_ageBroad', parse: ageBand('ip_age_band', IP_AGE_BANDS) },
    { name: 'IP_citizen_UNRegion', parse: multiChoice('ip_citizen_region', REGIONS, ';') },
    { name: 'IP_Relation', parse: multiChoice('ip_relation', ['FamilyIntimatePartner', 'FriendAcquaintance', 'StrangerUnknownOther'], ';') },
    { name: 'IP_PayMoney', parse: multiChoice('ip_pay_money', ['Yes', 'No'], ';') },
  ],
};

export const FORMAT_SPECS: readonly FormatSpec[] = [KANON, SYNTHETIC_2021, SYNTHETIC_2024, VP_2022];

/** Fills the merged 2024 means from the 2017 ones: 1 if any is 1, 0 if all are 0, otherwise unknown. */
const MERGED = MEANS_2024.map(([, column, parts]) => [COLUMN_INDEX[column], parts.map((p) => COLUMN_INDEX[p])] as const);

export function deriveMergedMeans(out: ValueRow): void {
  for (const [at, parts] of MERGED) {
    let any = false;
    let allZero = true;
    for (const p of parts) {
      const v = out[p];
      if (v === 1) any = true;
      if (v !== 0) allZero = false;
    }
    out[at] = any ? 1 : allZero ? 0 : null;
  }
}

/** Where each header cell of a file goes: a column spec, or nothing (the leading index / terms-of-use column). */
export interface HeaderPlan {
  spec: FormatSpec;
  /** One entry per field of a row. */
  parsers: Array<ColumnSpec | null>;
}

export type HeaderProblem =
  | { code: 'header.unknownColumn'; column: number; name: string; format: CtdcFormat }
  | { code: 'header.duplicateColumn'; column: number; name: string }
  | { code: 'header.unrecognised'; column: number; name: string }
  | { code: 'header.empty'; column: number };

const TERMS_OF_USE = /terms\s*(of|-)\s*use/i;

/** Header cells are compared after trimming the BOM, quotes and spaces. */
export function cleanHeaderCell(cell: string): string {
  return cell.replace(/^\uFEFF/, '').trim();
}

/** Recognises the format from the header; every other column must be one the format knows. */
export function planHeader(cells: readonly string[]): HeaderPlan | HeaderProblem {
  const names = cells.map(cleanHeaderCell);
  if (names.every((n) => n === '')) return { code: 'header.empty', column: 1 };
  // The 2017 file starts with an unnamed index column; the 2020 file with the Terms-of-Use sentence.
  const skipFirst = names[0] === '' || TERMS_OF_USE.test(names[0] ?? '');
  const present = new Set(names);
  const spec = FORMAT_SPECS.find((f) => f.signature.every((s) => present.has(s)));
  if (!spec) {
    const known = new Set(FORMAT_SPECS.flatMap((f) => f.columns.flatMap((c) => [c.name, ...(c.aliases ?? [])])));
    const first = names.findIndex((n, i) => !(i === 0 && skipFirst) && !known.has(n));
    const column = first >= 0 ? first : skipFirst ? 1 : 0;
    return { code: 'header.unrecognised', column: column + 1, name: names[column] ?? '' };
  }
  const byName = new Map<string, ColumnSpec>();
  for (const c of spec.columns) for (const n of [c.name, ...(c.aliases ?? [])]) byName.set(n, c);
  const parsers: Array<ColumnSpec | null> = [];
  const seen = new Set<ColumnSpec>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? '';
    if (i === 0 && skipFirst) {
      parsers.push(null);
      continue;
    }
    const c = byName.get(name);
    if (!c) return { code: 'header.unknownColumn', column: i + 1, name, format: spec.format };
    if (seen.has(c)) return { code: 'header.duplicateColumn', column: i + 1, name };
    seen.add(c);
    parsers.push(c);
  }
  return { spec, parsers };
}
