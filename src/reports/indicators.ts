/**
 * The plain-language questions of the report form map to HTCDS 2.0 value lists (field-standards CSV):
 * vic_MethodOfRecruitment, vic_MethodsOfControl, vic_TypeOfExploitation. Answers are stored as these codes.
 * Only codes a witness can plausibly recognise are asked; 'Other' stays available in each list.
 */
export const RECRUITMENT_CODES = [
  'ThroughOnlineSocialNetworks',
  'ThroughAnOnlineAdvertisement',
  'ThroughANewspaperAdvert',
  'ThroughATelevisionAdvert',
  'ThroughFamilyOrFamilyEvents',
  'ThroughFriendsOrSocialEvents',
  'AtWork',
  'AtAPlaceOfBusiness',
  'AtAnEducationalInstitution',
  'Other',
] as const;

export const CONTROL_CODES = [
  'WithholdsDocuments',
  'DebtBondage',
  'TakesEarnings',
  'RestrictsFinancialAccess',
  'PhysicalThreats',
  'ThreatensChildrenFamily',
  'ThreatsLawEnforcement',
  'PhysicalAbuse',
  'SexualAbuse',
  'PsychologicalAbuse',
  'ExcessiveWorkingHours',
  'WithholdsNecessities',
  'RestrictsMedicalCare',
  'PsychoactiveSubstance',
  'FalsePromises',
  'Other',
] as const;

export const EXPLOITATION_CODES = [
  'ForcedLabour',
  'SexualExploitation',
  'ChildLabour',
  'ForcedBegging',
  'ForcedMarriage',
  'Servitude',
  'ForcedMilitaryByNonStateActors',
  'OrganRemoval',
  'ForcedAdoption',
  'Surrogacy',
  'Other',
] as const;

export const REPORTER_ROLES = ['self', 'relative', 'witness', 'professional', 'other'] as const;
export const PEOPLE_COUNTS = ['1', '2-5', '6-20', '21+', 'unknown'] as const;
export const TRI = ['yes', 'no', 'unknown'] as const;
export type Tri = (typeof TRI)[number];
