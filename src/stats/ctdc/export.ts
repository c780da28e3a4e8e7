import { alpha2, alpha3 } from '../../platform/countries.js';
import { csvChunks } from '../downloads.js';
import { type KAnonymityReport, type QuasiIdentifier, type Table, kAnonymise, kAnonymityViolations } from '../k-anonymity.js';
import type { CtdcCaseRecord, CtdcExportSchema } from './htcds.js';
import { ctdcValues, slot, type Values } from './values.js';
import { EXPLOIT, LABOUR, MEANS, MEANS_2024, RECRUITER, SEX } from './variables.js';

/**
 * CTDC export: an office's cases as a CTDC file, in one of CTDC's layouts, k-anonymised. The input is the HTCDS
 * record of each case (htcds.ts), mapped to CTDC variables (values.ts); nothing here touches the database.
 */

export const SYNTHETIC_2024_HEADER = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'citizenship',
  'CountryOfExploitation',
  'traffickMonths',
  ...MEANS_2024.map(([n]) => n),
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'typeOfLabourAgriculture',
  'typeOfLabourConstruction',
  'typeOfLabourDomesticWork',
  'typeOfLabourHospitality',
  'typeOfSexProstitution',
  'typeOfSexPornography',
  'recruiterRelationIntimatePartner',
  'recruiterRelationFriend',
  'recruiterRelationFamily',
  'recruiterRelationOther',
] as const;

/** The 2020/2021 k-anonymised layout (63 columns). */
export const KANON_HEADER = [
  'yearOfRegistration',
  'Datasource',
  'gender',
  'ageBroad',
  'majorityStatus',
  'majorityStatusAtExploit',
  'majorityEntry',
  'citizenship',
  ...MEANS.map(([s]) => `meansOfControl${s}`),
  'meansOfControlConcatenated',
  ...EXPLOIT.map(([n]) => n),
  'typeOfExploitConcatenated',
  ...LABOUR.map(([s]) => `typeOfLabour${s}`),
  'typeOfLabourConcatenated',
  ...SEX.filter(([s]) => s !== 'Other').map(([s]) => `typeOfSex${s}`),
  'typeOfSexConcatenated',
  'isAbduction',
  'RecruiterRelationship',
  'CountryOfExploitation',
  ...RECRUITER.map(([s]) => `recruiterRelation${s}`),
] as const;

const CONCATENATED: Record<string, { prefix: string; labels: Record<string, string> }> = {
  meansOfControlConcatenated: {
    prefix: 'meansOfControl',
    labels: {
      DebtBondage: 'Debt bondage',
      TakesEarnings: 'Takes/Withholds Earnings',
      RestrictsFinancialAccess: 'Restricts access to finances',
      Threats: 'Threats to individual or others',
      PsychologicalAbuse: 'Psychological abuse',
      PhysicalAbuse: 'Physical abuse',
      SexualAbuse: 'Sexual abuse',
      FalsePromises: 'False promises/deception',
      PsychoactiveSubstances: 'Use of psychoactive substances',
      RestrictsMovement: 'Denied freedom of movement/kept in isolation',
      RestrictsMedicalCare: 'Limits/restricts medical services',
      ExcessiveWorkingHours: 'Excessive working hours',
      UsesChildren: 'Restricts access to/manipulates children',
      ThreatOfLawEnforcement: 'Threat of action by law enforcement',
      WithholdsNecessities: 'Withholds/denies basic necessities',
      WithholdsDocuments: 'Withholds/Destroys Important Documents',
      Other: 'Other',
      NotSpecified: 'Not Specified',
    },
  },
  typeOfExploitConcatenated: {
    prefix: '',
    labels: { isForcedLabour: 'Forced labour and/or services', isSexualExploit: 'Sexual exploitation', isOtherExploit: 'Other' },
  },
  typeOfLabourConcatenated: {
    prefix: 'typeOfLabour',
    labels: {
      Agriculture: 'Agriculture/Farms/Animal Husbandry',
      Aquafarming: 'Aquafarming/Fishing',
      Begging: 'Begging',
      Construction: 'Construction',
      DomesticWork: 'Domestic Work',
      Hospitality: 'Hospitality/Restaurant/Food Service/Hotel',
      IllicitActivities: 'Illicit Activities',
      Manufacturing: 'Manufacturing/Factory work',
      MiningOrDrilling: 'Mining, Quarrying, Oil/Gas Extraction',
      Peddling: 'Peddling/informal street commerce',
      Transportation: 'Transportation',
      Other: 'Other',
      NotSpecified: 'Not Specified',
    },
  },
  typeOfSexConcatenated: {
    prefix: 'typeOfSex',
    labels: {
      Prostitution: 'Prostitution',
      Pornography: 'Pornography',
      RemoteInteractiveServices: 'Remote interactive services',
      PrivateSexualServices: 'Private sexual services',
    },
  },
};

const countryCells = new Map<string, string>();
function countryCell(schema: CtdcExportSchema, value: string): string {
  const key = `${schema}:${value}`;
  let c = countryCells.get(key);
  if (c === undefined) {
    c = schema === 'global-synthetic-2024' ? (alpha3(value) ?? alpha3(alpha2(value) ?? '') ?? '') : (alpha2(value) ?? 'ZZ');
    if (countryCells.size < 10_000) countryCells.set(key, c);
  }
  return c;
}

function cell(schema: CtdcExportSchema, column: string, value: string | number | null): string {
  if (schema === 'global-synthetic-2024') {
    // Synthetic-schema flags are 1 or empty: never 0 (README §3.4).
    if (value === null || value === 0) return '';
    if (column === 'citizenship' || column === 'CountryOfExploitation') return countryCell(schema, String(value));
    if (column === 'gender') return value === 'Female' ? 'Woman' : value === 'Male' ? 'Man' : 'Trans/Transgender/NonConforming';
    if (column === 'ageBroad' && value === '9--17') return '09--17';
    return value === 1 ? '1' : String(value);
  }
  if (value === null) return '-99';
  if (column === 'citizenship' || column === 'CountryOfExploitation') return countryCell(schema, String(value));
  return value === 1 ? '1' : value === 0 ? '0' : String(value);
}

/** Per column of a schema, how to fill it; concatenated columns with their labels already in output order. */
function columnPlan(header: readonly string[], schema: CtdcExportSchema): Array<(v: Values) => string> {
  return header.map((column) => {
    const concat = CONCATENATED[column];
    const at = slot(column);
    if (!concat) return (v: Values) => cell(schema, column, v[at] ?? null);
    const sources = Object.entries(concat.labels)
      .map(([suffix, label]) => [slot(`${concat.prefix}${suffix}`), label] as const)
      .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return (v: Values) => {
      let out = '';
      for (const [at2, label] of sources) if (v[at2] === 1) out = out ? `${out}; ${label}` : label;
      return out || '-99';
    };
  });
}

/** Maps case records to rows of a CTDC schema (no anonymisation yet: see exportCtdc). */
export function toCtdcRows(records: Iterable<CtdcCaseRecord>, schema: CtdcExportSchema): Table {
  const header: readonly string[] = schema === 'global-synthetic-2024' ? SYNTHETIC_2024_HEADER : KANON_HEADER;
  const plan = columnPlan(header, schema);
  const rows: string[][] = [];
  for (const r of records) {
    const v = ctdcValues(r);
    const row = new Array<string>(plan.length);
    for (let i = 0; i < plan.length; i++) row[i] = (plan[i] as (v: Values) => string)(v);
    rows.push(row);
  }
  return { header, rows };
}

const MISSING = (schema: CtdcExportSchema) => (schema === 'global-synthetic-2024' ? '' : '-99');

/** Generalisation hierarchies of the CTDC quasi-identifiers; the last level of each is "missing". */
export function ctdcQuasiIdentifiers(schema: CtdcExportSchema): QuasiIdentifier[] {
  const missing = MISSING(schema);
  const drop = () => missing;
  const yearBand = (v: string) => {
    const y = Number(v);
    if (!/^\d{4}$/.test(v)) return v;
    const from = y - (y % 5);
    return `${from}-${from + 4}`;
  };
  const wideAge = (v: string) =>
    ({
      '0--8': '0--17',
      '9--17': '0--17',
      '09--17': '0--17',
      '18--20': '18--29',
      '21--23': '18--29',
      '24--26': '18--29',
      '27--29': '18--29',
      '30--38': '30--47',
      '39--47': '30--47',
    })[v] ?? v;
  const qis: QuasiIdentifier[] = [
    { column: 'yearOfRegistration', levels: [yearBand, drop], levelNames: ['year', '5-year band', 'removed'] },
    { column: 'gender', levels: [drop], levelNames: ['as recorded', 'removed'] },
    { column: 'ageBroad', levels: [wideAge, drop], levelNames: ['CTDC age band', 'wide age band', 'removed'] },
    { column: 'citizenship', levels: [drop], levelNames: ['country', 'removed'] },
    { column: 'CountryOfExploitation', levels: [drop], levelNames: ['country', 'removed'] },
  ];
  if (schema === 'global-kanon') qis.push({ column: 'majorityStatus', levels: [drop], levelNames: ['as recorded', 'removed'] });
  else qis.push({ column: 'traffickMonths', levels: [drop], levelNames: ['as recorded', 'removed'] });
  return qis;
}

export interface CtdcExportOptions {
  schema: CtdcExportSchema;
  /** Default 11, as CTDC's k-anonymised releases. */
  k?: number;
  maxSuppressionRate?: number;
  /** Share of records that may be left out rather than removing a whole variable. Default 0.15. */
  maxSuppressionBeforeRemoval?: number;
}

/**
 * Up to 15 % of an office's records may be left out before a whole variable (gender, citizenship, country of
 * exploitation...) is removed from every record: on a small office's data, dropping a few rare records keeps far
 * more of what CTDC needs than emptying a column.
 */
export const DEFAULT_REMOVAL_BUDGET = 0.15;

export interface CtdcExport extends Table {
  schema: CtdcExportSchema;
  report: KAnonymityReport;
  quasiIdentifiers: string[];
}

export const DEFAULT_K = 11;

/** Case records → an anonymised CTDC table, with the report of what was generalised and suppressed. */
export function exportCtdc(records: Iterable<CtdcCaseRecord>, options: CtdcExportOptions): CtdcExport {
  const table = toCtdcRows(records, options.schema);
  const qis = ctdcQuasiIdentifiers(options.schema);
  const result = kAnonymise(table, {
    k: options.k ?? DEFAULT_K,
    quasiIdentifiers: qis,
    maxSuppressionRate: options.maxSuppressionRate ?? 0.05,
    maxSuppressionBeforeRemoval: options.maxSuppressionBeforeRemoval ?? DEFAULT_REMOVAL_BUDGET,
  });
  const columns = qis.map((q) => q.column);
  // The check is cheap and independent of the algorithm: an export that fails it is a bug, never a file.
  if (kAnonymityViolations(result, columns, result.report.k).length > 0) throw new Error('CTDC export is not k-anonymous');
  return { header: result.header, rows: result.rows, report: result.report, schema: options.schema, quasiIdentifiers: columns };
}

/** The report of an export in English, for the command line (pages translate the fields of `report`). */
export function describeExportReport(e: CtdcExport): string[] {
  const r = e.report;
  return [
    `schema ${e.schema}, k = ${r.k}: ${r.inputRows} cases in, ${r.outputRows} rows out`,
    `suppressed: ${r.suppressedRows} cases, in ${r.suppressedCombinations} combinations of quasi-identifiers seen fewer than ${r.k} times`,
    `budgets: ${r.suppressionBudget} records may be left out before generalising, ${r.removalBudget} before removing a variable`,
    ...r.generalisation.map((g) => `${g.column}: ${g.levelName} (${g.distinctValues} distinct values)${g.removed ? ', removed' : ''}`),
  ];
}

/** The export as CSV chunks (UTF-8, CRLF), to write to a file or a response without one giant string. */
export function ctdcExportCsv(e: CtdcExport): Generator<string> {
  return csvChunks(e.header, e.rows);
}
