import { type TLiteral, Type, type TUnion } from '@sinclair/typebox';

/* The value lists and bodies of the justice feature, shared by the HTML forms and the JSON API. */

export const COOPERATION = ['undecided', 'cooperating', 'declined'] as const;
export const RISKS = ['none', 'removal', 'detention', 'both'] as const;
export const STATUS_CATEGORIES = ['reflection', 'permit'] as const;
export const STATUS_STATES = ['applied', 'granted', 'refused', 'ended'] as const;
export const PROCEEDING_KINDS = ['criminal', 'civil', 'labour', 'administrative'] as const;
export const STAGES = ['complaint', 'investigation', 'indictment', 'trial', 'verdict', 'appeal', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
export const OUTCOMES = ['pending', 'conviction', 'partial_conviction', 'acquittal', 'dismissed', 'settled', 'other'] as const;
export const ROLES = ['complainant', 'witness', 'civil_party', 'none'] as const;
export const MEASURES = [
  'anonymity',
  'video_testimony',
  'screen',
  'closed_hearing',
  'escort',
  'relocation',
  'no_confrontation',
  'child_friendly_interview',
  'support_person_present',
  'recorded_statement',
] as const;
export type Measure = (typeof MEASURES)[number];
/**
 * What a child in proceedings gets asked for by default (EU 2011/36 art. 15, CoE art. 30): an interview in a
 * child-friendly setting, recorded once and usable as evidence, by video, with no confrontation and a support person.
 */
export const CHILD_DEFAULT_MEASURES: readonly Measure[] = [
  'child_friendly_interview',
  'recorded_statement',
  'video_testimony',
  'no_confrontation',
  'support_person_present',
];
export const MEASURE_STATES = ['requested', 'granted', 'refused'] as const;
export const COMPENSATION_KINDS = ['state_fund', 'civil_claim', 'labour_claim', 'court_order', 'other'] as const;
export const COMPENSATION_OUTCOMES = ['pending', 'awarded', 'refused', 'withdrawn'] as const;
export const OFFENCES = ['immigration', 'documents', 'sex_work', 'drug_cultivation', 'theft', 'begging', 'other'] as const;
export const REQUEST_KINDS = ['non_prosecution', 'discharge', 'record_clearance'] as const;
export const REQUEST_OUTCOMES = ['pending', 'granted', 'partly', 'refused'] as const;
export const RECIPIENTS = ['police', 'prosecutor', 'court', 'other'] as const;

function oneOf<T extends readonly string[]>(values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T[number]>[], { 'x-error': 'errors.choice' });
}

const IsoDate = Type.String({ format: 'date', 'x-error': 'justice.errors.date' });
const Id = Type.String({ format: 'uuid', 'x-error': 'errors.choice' });
const Version = Type.Integer({ minimum: 1, maximum: 2_000_000_000 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Flag = Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Boolean()], { 'x-error': 'errors.choice' });
/** An amount as typed: digits with up to two decimals (1500 or 1500.50), below a million million (some currencies count in millions). */
export const Amount = Type.String({ pattern: '^[0-9]{1,12}([.,][0-9]{1,2})?$', 'x-error': 'justice.errors.amount' });

export const ProfileBody = Type.Object({
  cooperation: oneOf(COOPERATION),
  cooperationOn: Type.Optional(IsoDate),
  risk: oneOf(RISKS),
  riskAction: Type.Optional(Type.String({ maxLength: 2000 })),
  riskReviewedOn: Type.Optional(IsoDate),
  version: Type.Optional(Version),
});

export const StatusBody = Type.Object({
  kind: Type.String({ pattern: '^[a-z0-9_]{2,40}$', 'x-error': 'errors.choice' }),
  status: oneOf(STATUS_STATES),
  appliedOn: Type.Optional(IsoDate),
  startOn: Type.Optional(IsoDate),
  endOn: Type.Optional(IsoDate),
  grantedBy: Type.Optional(Type.String({ maxLength: 200 })),
  reference: Type.Optional(Type.String({ maxLength: 200 })),
  renewal: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const StatusUpdateBody = Type.Object({
  status: oneOf(STATUS_STATES),
  endOn: Type.Optional(IsoDate),
  renewal: Type.Optional(Type.String({ maxLength: 2000 })),
  version: Version,
});

export const ProceedingBody = Type.Object({
  /** An existing proceeding of the office to join; otherwise a new one is described. */
  proceedingId: Type.Optional(Id),
  /** Another office's proceeding, by the code that office gave. */
  shareCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{4,20}$', 'x-error': 'justice.errors.shareCode' })),
  kind: Type.Optional(oneOf(PROCEEDING_KINDS)),
  jurisdiction: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', 'x-error': 'justice.errors.country' })),
  court: Type.Optional(Type.String({ maxLength: 200 })),
  reference: Type.Optional(Type.String({ maxLength: 200 })),
  stage: Type.Optional(oneOf(STAGES)),
  stageOn: Type.Optional(IsoDate),
  role: oneOf(ROLES),
  legalReferralId: Type.Optional(Id),
});

export const StageBody = Type.Object({
  stage: oneOf(STAGES),
  stageOn: IsoDate,
  outcome: Type.Optional(oneOf(OUTCOMES)),
  version: Version,
});

export const LinkBody = Type.Object({
  role: oneOf(ROLES),
  testified: Type.Optional(Flag),
  legalReferralId: Type.Optional(Id),
  version: Version,
});

export const HearingBody = Type.Object({
  heldOn: IsoDate,
  place: Type.Optional(Type.String({ maxLength: 200 })),
  mustAttend: Type.Optional(Flag),
  supportPerson: Type.Optional(Type.String({ maxLength: 200 })),
  interpreter: Type.Optional(Type.String({ maxLength: 80 })),
  guardian: Type.Optional(Type.String({ maxLength: 200 })),
});

export const MeasureBody = Type.Object({
  measure: oneOf(MEASURES),
  requestedOn: IsoDate,
});

export const MeasureDecisionBody = Type.Object({
  status: oneOf(MEASURE_STATES),
  version: Version,
});

export const CompensationBody = Type.Object({
  kind: oneOf(COMPENSATION_KINDS),
  currency: Type.String({ pattern: '^[A-Z]{3}$', 'x-error': 'justice.errors.currency' }),
  claimed: Amount,
  claimedOn: IsoDate,
  proceedingId: Type.Optional(Id),
});

export const CompensationUpdateBody = Type.Object({
  outcome: oneOf(COMPENSATION_OUTCOMES),
  awarded: Type.Optional(Amount),
  awardedOn: Type.Optional(IsoDate),
  received: Type.Optional(Amount),
  receivedOn: Type.Optional(IsoDate),
  version: Version,
});

export const NonPunishmentBody = Type.Object({
  offence: oneOf(OFFENCES),
  details: Type.Optional(Type.String({ maxLength: 2000 })),
  requestKind: oneOf(REQUEST_KINDS),
  requestedOn: IsoDate,
});

export const NonPunishmentDecisionBody = Type.Object({
  outcome: oneOf(REQUEST_OUTCOMES),
  decidedOn: Type.Optional(IsoDate),
  version: Version,
});

export const DisclosureBody = Type.Object({
  recipient: oneOf(RECIPIENTS),
  sharedOn: IsoDate,
  what: Text(2000),
  proceedingId: Type.Optional(Id),
  overrideReason: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const KindBody = Type.Object({
  code: Type.String({ pattern: '^[a-z0-9_]{2,40}$', 'x-error': 'justice.errors.code' }),
  label: Text(120),
  category: oneOf(STATUS_CATEGORIES),
  defaultDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  warnDays: Type.Integer({ minimum: 1, maximum: 365 }),
});

/** Parses an amount as typed into minor units (cents). */
export function toMinor(amount: string): number {
  const [whole, frac = ''] = amount.replace(',', '.').split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function isTrue(v: unknown): boolean {
  return v === true || v === '1';
}
