import { alpha2, alpha3 } from '../../platform/countries.js';
import { EXPLOIT, LABOUR, MEANS, MEANS_2024, RECRUITER, SEX } from './variables.js';
import { csvChunks } from '../downloads.js';
import { type KAnonymityReport, type QuasiIdentifier, type Table, kAnonymise, kAnonymityViolations } from '../k-anonymity.js';

/**
 * CTDC export: an office's cases as a CTDC file. The input is a plain record in HTCDS terms (prs_ person, vic_ victim,
 * cas_ case), filled by whoever reads the case tables; nothing here touches the database or a person's identity.
 */

export type TriState = 'yes' | 'no' | 'unknown';

/** HTCDS prs_Gender values. */
export type HtcdsGender = 'Feminine' | 'Masculine' | 'TransgenderFeminine' | 'TransgenderMasculine' | 'NonConforming' | 'NonSpecifiedUnknown';

/** HTCDS vic_MethodsOfControl values, plus RestrictsMovement (CTDC collects it; HTCDS 2.0 does not list it). */
export type HtcdsMeansOfControl =
  | 'PhysicalThreats'
  | 'ThreatsLawEnforcement'
  | 'ThreatensChildrenFamily'
  | 'DebtBondage'
  | 'FalsePromises'
  | 'PhysicalAbuse'
  | 'SexualAbuse'
  | 'TakesEarnings'
  | 'RestrictsFinancialAccess'
  | 'RestrictsMedicalCare'
  | 'WithholdsNecessities'
  | 'PsychologicalAbuse'
  | 'PsychoactiveSubstance'
  | 'ExcessiveWorkingHours'
  | 'WithholdsDocuments'
  | 'RestrictsMovement'
  | 'Other';

/** HTCDS vic_TypeOfExploitation values. */
export type HtcdsExploitation =
  | 'ForcedLabour'
  | 'SexualExploitation'
  | 'ChildLabour'
  | 'ForcedMarriage'
  | 'Servitude'
  | 'ForcedMilitaryByNonStateActors'
  | 'OrganRemoval'
  | 'ForcedBegging'
  | 'ForcedAdoption'
  | 'Surrogacy'
  | 'Other';

export type HtcdsSexExploitation = 'Prostitution' | 'Pornography' | 'RemoteInteractiveServices' | 'PrivateSexualServices';

/** HTCDS vic_RelationshipToTrafficker, plus IntimatePartner (a CTDC category HTCDS folds into Familial). */
export type HtcdsRelationship = 'Familial' | 'IntimatePartner' | 'Acquainted' | 'Unaquainted';

/**
 * One victim, as the CTDC export needs it. Lists are null when the question was not answered (unknown) and empty when
 * the answer was "none"; that difference becomes -99 versus 0 in the k-anonymised schema.
 */
export interface CtdcCaseRecord {
  /** Date the case was registered (ISO date): CTDC yearOfRegistration. */
  cas_RegistrationDate: string | null;
  /** 'Case Management' for cases, 'Hotline' for reports that never became cases. */
  datasource: 'Case Management' | 'Hotline';
  prs_Gender: HtcdsGender | null;
  /** Age in whole years at registration (ageBroad, majorityStatus). */
  prs_AgeAtRegistration: number | null;
  /** HTCDS vic_AgeWhenTrafficked (majorityStatusAtExploit). */
  vic_AgeWhenTrafficked: number | null;
  /** Age when the person entered the trafficking process, if different (majorityEntry). */
  vic_AgeAtEntry: number | null;
  /** HTCDS prs_Citizenship: ISO 3166-1 alpha-2 or alpha-3, the first one when several. */
  prs_Citizenship: string | null;
  /** Country of the last exploitation (else where first assisted), alpha-2 or alpha-3. */
  vic_CountryOfExploitation: string | null;
  /** Months between the start of the exploitation and its end or the identification (traffickMonths). */
  vic_MonthsInExploitation: number | null;
  vic_MethodsOfControl: readonly HtcdsMeansOfControl[] | null;
  vic_TypeOfExploitation: readonly HtcdsExploitation[] | null;
  /** HTCDS vic_ForcedLabourIndustry: ISIC sections (`A_AgricultureForestryAndFishing`) or codes (`A03`), or Abri's `Begging`, `IllicitActivities`, `Peddling`. */
  vic_ForcedLabourIndustry: readonly string[] | null;
  vic_TypeOfSexExploitation: readonly HtcdsSexExploitation[] | null;
  vic_RelationshipToTrafficker: readonly HtcdsRelationship[] | null;
  /** Wrongful removal or retention (isAbduction). */
  vic_Abduction: TriState;
}

export const CTDC_EXPORT_SCHEMAS = ['global-synthetic-2024', 'global-kanon'] as const;
export type CtdcExportSchema = (typeof CTDC_EXPORT_SCHEMAS)[number];

export function isExportSchema(v: unknown): v is CtdcExportSchema {
  return typeof v === 'string' && (CTDC_EXPORT_SCHEMAS as readonly string[]).includes(v);
}

const MEANS_FROM_HTCDS: Record<HtcdsMeansOfControl, string> = {
  PhysicalThreats: 'Threats',
  ThreatsLawEnforcement: 'ThreatOfLawEnforcement',
  ThreatensChildrenFamily: 'UsesChildren',
  DebtBondage: 'DebtBondage',
  FalsePromises: 'FalsePromises',
  PhysicalAbuse: 'PhysicalAbuse',
  SexualAbuse: 'SexualAbuse',
  TakesEarnings: 'TakesEarnings',
  RestrictsFinancialAccess: 'RestrictsFinancialAccess',
  RestrictsMedicalCare: 'RestrictsMedicalCare',
  WithholdsNecessities: 'WithholdsNecessities',
  PsychologicalAbuse: 'PsychologicalAbuse',
  PsychoactiveSubstance: 'PsychoactiveSubstances',
  ExcessiveWorkingHours: 'ExcessiveWorkingHours',
  WithholdsDocuments: 'WithholdsDocuments',
  RestrictsMovement: 'RestrictsMovement',
  Other: 'Other',
};

/** CTDC exploitation flags set by each HTCDS type; "other" covers what is neither labour nor sexual exploitation. */
const EXPLOIT_FROM_HTCDS: Record<HtcdsExploitation, readonly string[]> = {
  ForcedLabour: ['isForcedLabour'],
  SexualExploitation: ['isSexualExploit'],
  ChildLabour: ['isForcedLabour'],
  ForcedBegging: ['isForcedLabour'],
  ForcedMarriage: ['isForcedMarriage', 'isOtherExploit'],
  Servitude: ['isSlaveryAndPractices', 'isOtherExploit'],
  ForcedMilitaryByNonStateActors: ['isForcedMilitary', 'isOtherExploit'],
  OrganRemoval: ['isOrganRemoval', 'isOtherExploit'],
  ForcedAdoption: ['isOtherExploit'],
  Surrogacy: ['isOtherExploit'],
  Other: ['isOtherExploit'],
};

/** ISIC section or code → CTDC labour sector (README §2.1: A01, A03, F, T, I, C, B, H). */
export function labourSector(industry: string): string {
  const v = industry.trim();
  if (['Begging', 'IllicitActivities', 'Peddling'].includes(v)) return v;
  const code = /^([A-U])(\d{0,2})/.exec(v);
  if (!code) return 'Other';
  const [, section, division] = code;
  if (section === 'A') return division === '03' ? 'Aquafarming' : 'Agriculture';
  return (
    { B: 'MiningOrDrilling', C: 'Manufacturing', F: 'Construction', H: 'Transportation', I: 'Hospitality', T: 'DomesticWork' }[section as string] ?? 'Other'
  );
}

const RELATION_FROM_HTCDS: Record<HtcdsRelationship, string> = {
  Familial: 'Family',
  IntimatePartner: 'IntimatePartner',
  Acquainted: 'Friend',
  Unaquainted: 'Other',
};
const RELATIONSHIP_LABEL: Record<string, string> = { Family: 'Family/Relative', IntimatePartner: 'Intimate Partner', Friend: 'Friend', Other: 'Other' };

const AGE_BANDS: Array<[number, number, string]> = [
  [0, 8, '0--8'],
  [9, 17, '9--17'],
  [18, 20, '18--20'],
  [21, 23, '21--23'],
  [24, 26, '24--26'],
  [27, 29, '27--29'],
  [30, 38, '30--38'],
  [39, 47, '39--47'],
  [48, 200, '48+'],
];

export function ageBand(age: number | null): string | null {
  if (age === null || !Number.isFinite(age) || age < 0) return null;
  return AGE_BANDS.find(([lo, hi]) => age >= lo && age <= hi)?.[2] ?? null;
}

function majority(age: number | null): string | null {
  if (age === null || !Number.isFinite(age) || age < 0) return null;
  return age < 18 ? 'Minor' : 'Adult';
}

function trafficMonths(months: number | null): string | null {
  if (months === null || !Number.isFinite(months) || months < 0) return null;
  return months <= 12 ? '0--12 (0-1 yr)' : months <= 24 ? '13--24 (1-2 yrs)' : '25+ (2+ yrs)';
}

function year(iso: string | null): string | null {
  const m = iso ? /^(\d{4})-\d{2}-\d{2}/.exec(iso) : null;
  return m ? (m[1] as string) : null;
}

/** A case's CTDC values, by position (see slot): arrays, not maps, since exports hold a million of them. */
type Values = Array<string | number | null>;
const SLOTS = new Map<string, number>();
/** The position of a CTDC variable in Values, assigned on first use. */
function slot(name: string): number {
  let i = SLOTS.get(name);
  if (i === undefined) {
    i = SLOTS.size;
    SLOTS.set(name, i);
  }
  return i;
}
const S_CountryOfExploitation = slot('CountryOfExploitation');
const S_Datasource = slot('Datasource');
const S_ageBroad = slot('ageBroad');
const S_citizenship = slot('citizenship');
const S_gender = slot('gender');
const S_isAbduction = slot('isAbduction');
const S_isForcedLabour = slot('isForcedLabour');
const S_isSexAndLabour = slot('isSexAndLabour');
const S_isSexualExploit = slot('isSexualExploit');
const S_majorityEntry = slot('majorityEntry');
const S_majorityStatus = slot('majorityStatus');
const S_majorityStatusAtExploit = slot('majorityStatusAtExploit');
const S_meansOfControlNotSpecified = slot('meansOfControlNotSpecified');
const S_traffickMonths = slot('traffickMonths');
const S_typeOfLabourBegging = slot('typeOfLabourBegging');
const S_typeOfLabourNotSpecified = slot('typeOfLabourNotSpecified');
const S_yearOfRegistration = slot('yearOfRegistration');
const S_RecruiterRelationship = slot('RecruiterRelationship');

// Names computed once: the mapping runs a million times per export.
const MEANS_NAMES = MEANS.filter(([s]) => s !== 'NotSpecified').map(([s]) => slot(`meansOfControl${s}`));
const MEANS_NAME_OF = Object.fromEntries(Object.entries(MEANS_FROM_HTCDS).map(([h, s]) => [h, slot(`meansOfControl${s}`)])) as Record<
  HtcdsMeansOfControl,
  number
>;
const EXPLOIT_NAMES = EXPLOIT.map(([n]) => n)
  .filter((n) => n !== 'isSexAndLabour')
  .map(slot);
const LABOUR_NAMES = LABOUR.map(([s]) => slot(`typeOfLabour${s}`));
const SEX_NAMES = SEX.filter(([s]) => s !== 'Other').map(([s]) => slot(`typeOfSex${s}`));
const SEX_NAME_OF: Record<HtcdsSexExploitation, number> = {
  Prostitution: slot('typeOfSexProstitution'),
  Pornography: slot('typeOfSexPornography'),
  RemoteInteractiveServices: slot('typeOfSexRemoteInteractiveServices'),
  PrivateSexualServices: slot('typeOfSexPrivateSexualServices'),
};
const RECRUITER_NAMES = RECRUITER.map(([s]) => [s, slot(`recruiterRelation${s}`)] as const);
const MERGED_SOURCES = MEANS_2024.map(
  ([name, , parts]) => [slot(name), parts.map((p) => slot(`meansOfControl${MEANS.find(([, c]) => c === p)?.[0]}`))] as const,
);
const EXPLOIT_SLOTS = Object.fromEntries(Object.entries(EXPLOIT_FROM_HTCDS).map(([k, list]) => [k, list.map(slot)])) as Record<HtcdsExploitation, number[]>;
const labourNames = new Map<string, number>();
function labourName(industry: string): number {
  let name = labourNames.get(industry);
  if (name === undefined) {
    name = slot(`typeOfLabour${labourSector(industry)}`);
    if (labourNames.size < 10_000) labourNames.set(industry, name);
  }
  return name;
}

function setGroup(v: Values, names: readonly number[], chosen: ReadonlySet<number> | null): void {
  for (const n of names) v[n] = chosen === null ? null : chosen.has(n) ? 1 : 0;
}

/** The CTDC record of one case, as CTDC variable → value (null unknown, booleans as 1/0). */
function ctdcValues(r: CtdcCaseRecord): Values {
  const v: Values = new Array(SLOTS.size).fill(null);
  v[S_yearOfRegistration] = year(r.cas_RegistrationDate);
  v[S_Datasource] = r.datasource;
  const g = r.prs_Gender;
  v[S_gender] = g === 'Feminine' ? 'Female' : g === 'Masculine' ? 'Male' : g && g !== 'NonSpecifiedUnknown' ? 'Transgender/NonConforming' : null;
  v[S_ageBroad] = ageBand(r.prs_AgeAtRegistration);
  v[S_majorityStatus] = majority(r.prs_AgeAtRegistration);
  v[S_majorityStatusAtExploit] = majority(r.vic_AgeWhenTrafficked);
  v[S_majorityEntry] = majority(r.vic_AgeAtEntry ?? r.vic_AgeWhenTrafficked);
  v[S_citizenship] = r.prs_Citizenship;
  v[S_CountryOfExploitation] = r.vic_CountryOfExploitation;
  v[S_traffickMonths] = trafficMonths(r.vic_MonthsInExploitation);

  const means = r.vic_MethodsOfControl === null ? null : new Set(r.vic_MethodsOfControl.map((m) => MEANS_NAME_OF[m]));
  setGroup(v, MEANS_NAMES, means);
  v[S_meansOfControlNotSpecified] = means === null || means.size === 0 ? 1 : 0;

  const exploit = r.vic_TypeOfExploitation === null ? null : new Set(r.vic_TypeOfExploitation.flatMap((e) => EXPLOIT_SLOTS[e]));
  setGroup(v, EXPLOIT_NAMES, exploit);
  v[S_isSexAndLabour] = exploit === null ? null : exploit.has(S_isForcedLabour) && exploit.has(S_isSexualExploit) ? 1 : 0;

  const labour = r.vic_ForcedLabourIndustry === null ? null : new Set(r.vic_ForcedLabourIndustry.map(labourName));
  if (labour && labour.size === 0 && exploit?.has(S_isForcedLabour)) labour.add(S_typeOfLabourNotSpecified);
  setGroup(v, LABOUR_NAMES, labour);
  if (r.vic_TypeOfExploitation?.includes('ForcedBegging')) v[S_typeOfLabourBegging] = 1;

  const sex = r.vic_TypeOfSexExploitation === null ? null : new Set(r.vic_TypeOfSexExploitation.map((x) => SEX_NAME_OF[x]));
  setGroup(v, SEX_NAMES, sex);
  v[S_isAbduction] = r.vic_Abduction === 'yes' ? 1 : r.vic_Abduction === 'no' ? 0 : null;

  const relations = r.vic_RelationshipToTrafficker === null ? null : new Set(r.vic_RelationshipToTrafficker.map((x) => RELATION_FROM_HTCDS[x]));
  for (const [suffix, name] of RECRUITER_NAMES) {
    v[name] = suffix === 'Unknown' ? (relations === null || relations.size === 0 ? 1 : 0) : relations === null ? null : relations.has(suffix) ? 1 : 0;
  }
  v[S_RecruiterRelationship] =
    relations === null || relations.size === 0
      ? 'Unknown'
      : [...relations]
          .map((x) => RELATIONSHIP_LABEL[x] as string)
          .sort()
          .join('; ');

  // Merged means of the 2024 schema (union of the 2017 ones).
  for (const [name, sources] of MERGED_SOURCES) {
    let any = false;
    let allZero = true;
    for (const s of sources) {
      const x = v[s];
      if (x === 1) any = true;
      if (x !== 0) allZero = false;
    }
    v[name] = any ? 1 : allZero ? 0 : null;
  }
  return v;
}

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
}

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
  const result = kAnonymise(table, { k: options.k ?? DEFAULT_K, quasiIdentifiers: qis, maxSuppressionRate: options.maxSuppressionRate ?? 0.05 });
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
    ...r.generalisation.map((g) => `${g.column}: ${g.levelName} (${g.distinctValues} distinct values)`),
  ];
}

/** The export as CSV chunks (UTF-8, CRLF), to write to a file or a response without one giant string. */
export function ctdcExportCsv(e: CtdcExport): Generator<string> {
  return csvChunks(e.header, e.rows);
}
