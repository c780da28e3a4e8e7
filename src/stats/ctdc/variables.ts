/**
 * The reference model every CTDC file is read into: at least as fine as the 2017 Global Dataset (17 means of control,
 * 13 labour sectors, exploitation flags, recruiter relation...), plus the merged means of the 2024 schema and the
 * perpetrator fields of the 2022 victim-perpetrator file. One column per variable, so frequencies are plain GROUP BYs.
 *
 * Canonical values are CTDC's own spellings (`Female`, `9--17`, `Adult`...), countries are ISO alpha-2, and NULL means
 * missing or unknown (`-99`, blank, `Unknown`, `ZZ`). Flags are 1 / 0 / NULL.
 */

export const TEXT_COLUMNS = [
  'year_label',
  'datasource',
  'gender',
  'age_band',
  'majority_status',
  'majority_at_exploit',
  'majority_entry',
  'citizenship',
  'exploitation_country',
  'citizenship_region',
  'exploitation_region',
  'traffick_months',
  'recruiter_relationship',
  'ip_gender',
  'ip_age_band',
  'ip_citizen_region',
  'ip_relation',
  'ip_pay_money',
] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export const INT_COLUMNS = ['year_from', 'year_to'] as const;
export type IntColumn = (typeof INT_COLUMNS)[number];

/** The 2017 means of control, by CTDC suffix (meansOfControl<Suffix>). */
export const MEANS = [
  ['DebtBondage', 'means_debt_bondage'],
  ['TakesEarnings', 'means_takes_earnings'],
  ['RestrictsFinancialAccess', 'means_restricts_financial_access'],
  ['Threats', 'means_threats'],
  ['PsychologicalAbuse', 'means_psychological_abuse'],
  ['PhysicalAbuse', 'means_physical_abuse'],
  ['SexualAbuse', 'means_sexual_abuse'],
  ['FalsePromises', 'means_false_promises'],
  ['PsychoactiveSubstances', 'means_psychoactive_substances'],
  ['RestrictsMovement', 'means_restricts_movement'],
  ['RestrictsMedicalCare', 'means_restricts_medical_care'],
  ['ExcessiveWorkingHours', 'means_excessive_working_hours'],
  ['UsesChildren', 'means_uses_children'],
  ['ThreatOfLawEnforcement', 'means_threat_of_law_enforcement'],
  ['WithholdsNecessities', 'means_withholds_necessities'],
  ['WithholdsDocuments', 'means_withholds_documents'],
  ['Other', 'means_other'],
  ['NotSpecified', 'means_not_specified'],
] as const;

/** The merged means of the 2024 schema, with the 2017 means each one unites (codebook v2, Stöckl et al. 2021). */
export const MEANS_2024 = [
  ['meansDebtBondageEarnings', 'm24_debt_bondage_earnings', ['means_debt_bondage', 'means_takes_earnings']],
  ['meansThreats', 'm24_threats', ['means_threats', 'means_uses_children', 'means_threat_of_law_enforcement']],
  ['meansAbusePsyPhySex', 'm24_abuse_psy_phy_sex', ['means_psychological_abuse', 'means_physical_abuse', 'means_sexual_abuse']],
  ['meansFalsePromises', 'm24_false_promises', ['means_false_promises']],
  ['meansDrugsAlcohol', 'm24_drugs_alcohol', ['means_psychoactive_substances']],
  [
    'meansDenyBasicNeeds',
    'm24_deny_basic_needs',
    ['means_restricts_financial_access', 'means_restricts_movement', 'means_restricts_medical_care', 'means_withholds_necessities'],
  ],
  ['meansExcessiveWorkHours', 'm24_excessive_work_hours', ['means_excessive_working_hours']],
  ['meansWithholdDocs', 'm24_withhold_docs', ['means_withholds_documents']],
] as const;

export const EXPLOIT = [
  ['isForcedLabour', 'is_forced_labour'],
  ['isSexualExploit', 'is_sexual_exploit'],
  ['isOtherExploit', 'is_other_exploit'],
  ['isSexAndLabour', 'is_sex_and_labour'],
  ['isForcedMarriage', 'is_forced_marriage'],
  ['isForcedMilitary', 'is_forced_military'],
  ['isOrganRemoval', 'is_organ_removal'],
  ['isSlaveryAndPractices', 'is_slavery_and_practices'],
] as const;

export const LABOUR = [
  ['Agriculture', 'labour_agriculture'],
  ['Aquafarming', 'labour_aquafarming'],
  ['Begging', 'labour_begging'],
  ['Construction', 'labour_construction'],
  ['DomesticWork', 'labour_domestic_work'],
  ['Hospitality', 'labour_hospitality'],
  ['IllicitActivities', 'labour_illicit_activities'],
  ['Manufacturing', 'labour_manufacturing'],
  ['MiningOrDrilling', 'labour_mining_or_drilling'],
  ['Peddling', 'labour_peddling'],
  ['Transportation', 'labour_transportation'],
  ['Other', 'labour_other'],
  ['NotSpecified', 'labour_not_specified'],
] as const;

export const SEX = [
  ['Prostitution', 'sex_prostitution'],
  ['Pornography', 'sex_pornography'],
  ['RemoteInteractiveServices', 'sex_remote_interactive_services'],
  ['PrivateSexualServices', 'sex_private_sexual_services'],
  ['Other', 'sex_other'],
] as const;

export const RECRUITER = [
  ['IntimatePartner', 'recruiter_intimate_partner'],
  ['Friend', 'recruiter_friend'],
  ['Family', 'recruiter_family'],
  ['Other', 'recruiter_other'],
  ['Unknown', 'recruiter_unknown'],
] as const;

export const PERPETRATOR_ROLES = [
  ['IP_Exploiter', 'ip_exploiter'],
  ['IP_RecruiterBroker', 'ip_recruiter_broker'],
  ['IP_TransactionProcess', 'ip_transaction_process'],
  ['IP_ControlAbuseKidnap', 'ip_control_abuse_kidnap'],
] as const;

export const FLAG_COLUMNS = [
  ...MEANS.map((m) => m[1]),
  ...MEANS_2024.map((m) => m[1]),
  ...EXPLOIT.map((m) => m[1]),
  ...LABOUR.map((m) => m[1]),
  ...SEX.map((m) => m[1]),
  'is_abduction',
  ...RECRUITER.map((m) => m[1]),
  ...PERPETRATOR_ROLES.map((m) => m[1]),
] as const;
export type FlagColumn = (typeof FLAG_COLUMNS)[number];

export type ValueColumn = TextColumn | IntColumn | FlagColumn;
export const VALUE_COLUMNS: readonly ValueColumn[] = [...TEXT_COLUMNS, ...INT_COLUMNS, ...FLAG_COLUMNS];

/** One imported record in the reference model: every column present, NULL when the file does not say. */
export type ReferenceValues = { [K in TextColumn]: string | null } & { [K in IntColumn]: number | null } & { [K in FlagColumn]: number | null };

/** Position of each column in a ValueRow: parsing fills flat arrays, far cheaper than objects at 250,000 rows. */
export const COLUMN_INDEX = Object.fromEntries(VALUE_COLUMNS.map((c, i) => [c, i])) as Record<ValueColumn, number>;

/** A parsed record as VALUE_COLUMNS-ordered values. */
export type ValueRow = Array<string | number | null>;

export function emptyRow(): ValueRow {
  return new Array(VALUE_COLUMNS.length).fill(null);
}

export function isTextColumn(c: string): c is TextColumn {
  return (TEXT_COLUMNS as readonly string[]).includes(c);
}

export function isFlagColumn(c: string): c is FlagColumn {
  return (FLAG_COLUMNS as readonly string[]).includes(c);
}

/** Groups of flags shown together on the reference page (a person may have several flags of a group). */
export const FLAG_GROUPS: Record<string, readonly FlagColumn[]> = {
  exploitation: EXPLOIT.map((e) => e[1]),
  means: MEANS.map((m) => m[1]),
  means2024: MEANS_2024.map((m) => m[1]),
  labour: LABOUR.map((m) => m[1]),
  sex: SEX.map((m) => m[1]),
  recruiter: RECRUITER.map((m) => m[1]),
  perpetratorRole: PERPETRATOR_ROLES.map((m) => m[1]),
};
