/**
 * HTCDS, the Human Trafficking Case Data Standard: the plain record of one victim that the CTDC export takes (prs_
 * person, vic_ victim, cas_ case), filled by whoever reads the case tables, and the CTDC bands it is cut into.
 * Nothing here touches the database or a person's identity.
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
