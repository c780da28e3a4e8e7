import type { CtdcCaseRecord, HtcdsExploitation, HtcdsMeansOfControl, HtcdsRelationship, HtcdsSexExploitation } from './htcds.js';
import { ageBand, labourSector } from './htcds.js';
import { EXPLOIT, LABOUR, MEANS, MEANS_2024, RECRUITER, SEX } from './variables.js';

/**
 * One case's CTDC variables, computed from its HTCDS record: the mapping of every code to CTDC's flags and
 * categories. Values sit in arrays by position (see slot), since an export maps a million records.
 */

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


const RELATION_FROM_HTCDS: Record<HtcdsRelationship, string> = {
  Familial: 'Family',
  IntimatePartner: 'IntimatePartner',
  Acquainted: 'Friend',
  Unaquainted: 'Other',
};
const RELATIONSHIP_LABEL: Record<string, string> = { Family: 'Family/Relative', IntimatePartner: 'Intimate Partner', Friend: 'Friend', Other: 'Other' };


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
export type Values = Array<string | number | null>;
const SLOTS = new Map<string, number>();
/** The position of a CTDC variable in Values, assigned on first use. */
export function slot(name: string): number {
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
export function ctdcValues(r: CtdcCaseRecord): Values {
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
