import { type TLiteral, type TSchema, Type } from '@sinclair/typebox';
import { AGE_STATUSES, BID_DECISIONS, BID_QUESTIONS, CONSENT_PURPOSES, FAMILY_OUTCOMES, GUARDIAN_KINDS, STAGES } from './case-values.js';

/** HTCDS value lists used by the case forms. */
export const GENDERS = ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'] as const;
export const RECRUITMENT_METHODS = [
  'AtAPlaceOfBusiness',
  'AtAnEducationalInstitution',
  'AtWork',
  'ThroughOnlineSocialNetworks',
  'ThroughAnOnlineAdvertisement',
  'ThroughATelevisionAdvert',
  'ThroughANewspaperAdvert',
  'ThroughFamilyOrFamilyEvents',
  'ThroughFriendsOrSocialEvents',
  'Other',
] as const;
export const METHODS_OF_CONTROL = [
  'PhysicalThreats',
  'ThreatsLawEnforcement',
  'ThreatensChildrenFamily',
  'DebtBondage',
  'FalsePromises',
  'PhysicalAbuse',
  'SexualAbuse',
  'TakesEarnings',
  'RestrictsFinancialAccess',
  'RestrictsMedicalCare',
  'WithholdsNecessities',
  'PsychologicalAbuse',
  'PsychoactiveSubstance',
  'ExcessiveWorkingHours',
  'WithholdsDocuments',
  'Other',
] as const;
export const EXPLOITATION_TYPES = [
  'ForcedLabour',
  'SexualExploitation',
  'ChildLabour',
  'ForcedMarriage',
  'Servitude',
  'ForcedMilitaryByNonStateActors',
  'OrganRemoval',
  'ForcedBegging',
  'ForcedAdoption',
  'Surrogacy',
  'Other',
] as const;
export const RELATIONSHIPS = ['Familial', 'Acquainted', 'Unaquainted'] as const;
export const PERPETRATOR_ROLES = [
  'TravellingPartner',
  'Transporter',
  'RecruiterOrIntermediary',
  'BrokerTravelAgent',
  'Smuggler',
  'Abuser',
  'Kidnapper',
  'Exploiter',
  'ControlledIndividual',
  'Other',
] as const;
export const REFERRAL_REASONS = ['AdditionalServicesRequired', 'MigrationOrChangeOfLocation', 'Other'] as const;
export const SOURCES = ['report', 'referral', 'self', 'outreach', 'handover'] as const;
export const TRAFFICKING_STATUSES = ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'] as const;
export const DECISION_ORGS = ['Police', 'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization', 'Other'] as const;
export const CASE_STATUSES = ['Active', 'FollowUp', 'Closed', 'ClosedReferred'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
/** Reintegration Handbook 2.7 reasons for closure (DOMAIN.md §2.2). */
export const CLOSURE_REASONS = [
  'support_period_ended',
  'no_longer_eligible',
  'person_chose_to_stop',
  'left_area',
  'death',
  'involuntary_funding',
  'involuntary_security',
  'sudden_exit',
  'referred_elsewhere',
] as const;
export const REMINDER_KINDS = ['follow_up', 'review', 'document', 'appointment', 'other'] as const;
/** HTCDS 2.0 consent checklist (a)–(f) and WHO rights (DOMAIN.md §6.3). */
export const CONSENT_EXPLAINED = ['purpose', 'uses', 'research', 'access', 'retention', 'withdrawal', 'not_answer', 'stop', 'restrict'] as const;

export function oneOf<T extends readonly string[]>(values: T, opts: { 'x-error'?: string } = {}) {
  return Type.Union(values.map((v) => Type.Literal(v)) as unknown as Array<TLiteral<T[number]>>, opts);
}

const text = (max: number, extra: Record<string, unknown> = {}) => Type.String({ maxLength: max, ...extra });
const date = () => Type.String({ format: 'date', maxLength: 10 });
const id = () => Type.String({ format: 'uuid', maxLength: 36 });
const version = () => Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const list = <T extends TSchema>(item: T, max = 30) => Type.Array(item, { maxItems: max });

export const PersonFields = {
  firstName: Type.Optional(text(120)),
  middleName: Type.Optional(text(120)),
  lastName: Type.Optional(text(120)),
  aliases: Type.Optional(text(400)),
  birthDate: Type.Optional(date()),
  estimatedAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  gender: Type.Optional(oneOf(GENDERS)),
  citizenship: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  languages: Type.Optional(text(200)),
  documentType: Type.Optional(text(60)),
  documentNumber: Type.Optional(text(60)),
  phone: Type.Optional(text(40)),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  address: Type.Optional(text(400)),
};

export const NewCaseBody = Type.Object({
  ...PersonFields,
  source: oneOf(SOURCES),
  mayBeChild: Type.Optional(oneOf(['yes', 'no', 'unknown'] as const)),
  /** Set once the duplicate check has been shown and the case worker chose to open anyway. */
  confirmed: Type.Optional(oneOf(['1'] as const)),
  /** For someone working cases in several offices: where to open it. */
  officeId: Type.Optional(id()),
});

export const DuplicateBody = Type.Object({ ...PersonFields });

export const EditCaseBody = Type.Object({
  ...PersonFields,
  version: version(),
  // vic_
  recruitmentMethod: Type.Optional(oneOf(RECRUITMENT_METHODS)),
  recruitmentPlace: Type.Optional(text(200)),
  recruitmentDate: Type.Optional(date()),
  relationship: Type.Optional(oneOf(RELATIONSHIPS)),
  methodsOfControl: list(oneOf(METHODS_OF_CONTROL), 20),
  exploitationTypes: list(oneOf(EXPLOITATION_TYPES), 15),
  industry: Type.Optional(text(200)),
  exploitationPlace: Type.Optional(text(200)),
  exploitationFrom: Type.Optional(date()),
  exploitationTo: Type.Optional(date()),
  // cas_ incoming referral
  referringOrganisation: Type.Optional(text(200)),
  referralDate: Type.Optional(date()),
  referralReason: Type.Optional(oneOf(REFERRAL_REASONS)),
  referralDetails: Type.Optional(text(1000)),
});

export const PerpetratorBody = Type.Object({ role: oneOf(PERPETRATOR_ROLES), details: Type.Optional(text(1000)) });

export const ConsentBody = Type.Object({
  purpose: oneOf(CONSENT_PURPOSES),
  given: oneOf(['yes', 'no'] as const),
  organisationId: Type.Optional(id()),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
  interpreter: Type.Optional(oneOf(['yes', 'no'] as const)),
  explained: list(oneOf(CONSENT_EXPLAINED), 10),
  childAssent: Type.Optional(oneOf(['yes', 'no'] as const)),
  guardianConsent: Type.Optional(oneOf(['yes', 'no'] as const)),
});

export const OverrideBody = Type.Object({ reason: Type.String({ minLength: 10, maxLength: 1000 }) });

export const StatusDecisionBody = Type.Object({
  status: oneOf(TRAFFICKING_STATUSES),
  decisionOrg: oneOf(DECISION_ORGS),
  /** Why this status: required (issue 21), kept in the history with the status before and after. */
  reason: Type.String({ minLength: 5, maxLength: 1000 }),
  version: version(),
});

export const AssignBody = Type.Object({ ownerId: id(), version: version() });
export const StageBody = Type.Object({
  stage: oneOf(STAGES.filter((s) => s !== 'closed') as unknown as readonly string[]),
  version: version(),
  overrideReason: Type.Optional(Type.String({ minLength: 10, maxLength: 1000 })),
});
export const CloseBody = Type.Object({
  reason: oneOf(CLOSURE_REASONS),
  note: Type.Optional(text(2000)),
  version: version(),
});
export const ReopenBody = Type.Object({ reason: Type.String({ minLength: 10, maxLength: 1000 }), version: version() });

export const AgeBody = Type.Object({
  ageStatus: oneOf(AGE_STATUSES),
  birthDate: Type.Optional(date()),
  estimatedAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  doubt: Type.Optional(oneOf(['yes'] as const)),
  version: version(),
});
export const GuardianBody = Type.Object({
  kind: oneOf(GUARDIAN_KINDS),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  organisation: Type.Optional(text(200)),
  contact: Type.Optional(text(200)),
  appointedOn: date(),
});
export const VersionBody = Type.Object({ version: version() });
export const BiaBody = Type.Object({
  biaOn: date(),
  childHeard: Type.Optional(oneOf(['yes'] as const)),
  summary: Type.String({ minLength: 1, maxLength: 5000 }),
});
export const BidBody = Type.Object({
  question: oneOf(BID_QUESTIONS),
  decision: oneOf(BID_DECISIONS),
  panel: Type.String({ minLength: 1, maxLength: 1000 }),
  rationale: Type.String({ minLength: 1, maxLength: 5000 }),
  decidedOn: date(),
});
export const ReviewBody = Type.Object({ decision: oneOf(['approve', 'reject'] as const), version: version() });
export const FamilyBody = Type.Object({
  familyOn: date(),
  familyAgrees: oneOf(['yes', 'no', 'unknown'] as const),
  familyAble: oneOf(['yes', 'no', 'unknown'] as const),
  outcome: oneOf(FAMILY_OUTCOMES),
  familyNotes: Type.Optional(text(5000)),
});
export const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) });
/** A note corrected (issue 21): the new text, a required reason, the version read, the note the form was under. */
export const NoteCorrectionBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 10000 }),
  reason: Type.String({ minLength: 1, maxLength: 1000, 'x-error': 'corrections.errors.reason' }),
  version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
  target: Type.Optional(Type.String({ maxLength: 40 })),
});
/** A note withdrawn: a required reason and the version read. */
export const NoteWithdrawBody = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 1000, 'x-error': 'corrections.errors.reason' }),
  version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
  target: Type.Optional(Type.String({ maxLength: 40 })),
});
export const ReminderBody = Type.Object({
  dueOn: date(),
  kind: oneOf(REMINDER_KINDS),
  required: Type.Optional(oneOf(['yes'] as const)),
  text: Type.Optional(text(500)),
});

/** The case list's optional columns; the name is shown only to those who may see names. */
export const LIST_COLUMNS = ['name', 'age', 'sex', 'status', 'stage', 'risk', 'nextDue', 'owner', 'opened'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
export const DEFAULT_COLUMNS: readonly ListColumn[] = ['name', 'age', 'status', 'stage', 'risk', 'nextDue', 'owner'];
/** Sorting of the case list: on plain columns only (a sealed name cannot be sorted by the database). */
export const LIST_SORTS = ['opened_desc', 'opened_asc', 'number_asc', 'number_desc', 'due_asc', 'due_desc', 'risk_desc', 'status_asc', 'stage_asc'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export const ListQuery = Type.Object({
  status: Type.Optional(oneOf(CASE_STATUSES)),
  stage: Type.Optional(oneOf(STAGES)),
  minors: Type.Optional(oneOf(['1'] as const)),
  risk: Type.Optional(oneOf(RISK_LEVELS)),
  due: Type.Optional(oneOf(['overdue', 'week'] as const)),
  owner: Type.Optional(Type.String({ maxLength: 36, pattern: '^(me|unassigned|[0-9a-f-]{36})$' })),
  office: Type.Optional(id()),
  number: Type.Optional(text(40)),
  name: Type.Optional(text(200)),
  birthDate: Type.Optional(date()),
  document: Type.Optional(text(60)),
  phone: Type.Optional(text(40)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** The columns to show (cases/caselist.ts LIST_COLUMNS); the default set when none. */
  cols: Type.Optional(list(oneOf(LIST_COLUMNS), LIST_COLUMNS.length)),
  sort: Type.Optional(oneOf(LIST_SORTS)),
});

/** Saving the list's current filters under a name (the person-search fields are never saved). */
export const SaveViewBody = Type.Object({ viewName: Type.String({ minLength: 1, maxLength: 80 }), query: Type.String({ maxLength: 2000 }) });

export const ScreeningBody = Type.Object({
  exploitation: oneOf(['labour', 'sexual'] as const),
  acts: list(oneOf(['recruitment', 'transportation', 'transfer', 'harbouring', 'receipt'] as const), 5),
  means: list(oneOf(['threat_or_force', 'coercion', 'abduction', 'fraud', 'deception', 'abuse_of_power', 'abuse_of_vulnerability', 'payments'] as const), 8),
  purposes: list(oneOf(['sexual_exploitation', 'forced_labour', 'slavery', 'servitude', 'organ_removal', 'other_exploitation'] as const), 6),
  indicators: list(Type.String({ pattern: '^[a-z-]{1,60}:[a-z-]{1,60}$', maxLength: 121 }), 80),
  notes: Type.Optional(text(5000)),
  overrideReason: Type.Optional(Type.String({ minLength: 10, maxLength: 1000 })),
});
