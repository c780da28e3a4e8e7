import {
  AGE_BANDS,
  ageBand,
  choice,
  country,
  flag,
  GENDER,
  IP_AGE_BANDS,
  ignore,
  MAJORITY,
  multiChoice,
  type Parser,
  RECRUITER_RELATIONSHIP,
  REGIONS,
  TRAFFICK_MONTHS,
  year,
} from './parsers.js';
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
  type ValueRow,
} from './variables.js';

/**
 * The CTDC file formats (see the shared CTDC README): how each column of each release is read into the reference
 * model. A parser returns false when it does not understand a value; the importer then names the line and column.
 */
export const CTDC_FORMATS = ['global-kanon', 'global-synthetic-2021', 'global-synthetic-2024', 'vp-synthetic-2022'] as const;
export type CtdcFormat = (typeof CTDC_FORMATS)[number];


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
