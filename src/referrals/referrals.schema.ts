import { Type } from '@sinclair/typebox';
import { PLAN_ACTION_TYPES } from '../plans/plans.schema.js';

/**
 * What a referral can grant a partner: a catalogue of named fields, each minimal. The partner sees only the
 * fields chosen for that referral, as they were when it was made. Medical notes need the person's medical consent.
 */
export const GRANTABLE_FIELDS = ['firstName', 'ageBand', 'gender', 'languages', 'citizenship', 'needsSummary', 'safeContact', 'medicalNotes'] as const;
export type GrantableField = (typeof GRANTABLE_FIELDS)[number];
/** Fields whose value the case worker writes for the partner (the others come from the case). */
export const WRITTEN_FIELDS = ['needsSummary', 'safeContact', 'medicalNotes'] as const satisfies readonly GrantableField[];
/** The services a referral can ask for: the assistance plan's action types. */
export const REFERRAL_SERVICES = PLAN_ACTION_TYPES;
export const DEFAULT_GRANT: GrantableField[] = ['firstName', 'ageBand', 'languages', 'needsSummary', 'safeContact'];

/** HTCDS cas_ReasonForOutgoingReferral / cas_ReasonForIncomingReferral value list. */
export const REFERRAL_REASONS = ['AdditionalServicesRequired', 'MigrationOrChangeOfLocation', 'Other'] as const;
export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed', 'revoked'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** A partner can see a referral only while it is live. */
export const LIVE_STATUSES: ReferralStatus[] = ['pending', 'accepted'];
export const DECLINE_REASONS = ['no_capacity', 'not_eligible', 'service_unavailable', 'other'] as const;
export const REVOKE_REASONS = ['consent_withdrawn', 'no_longer_needed', 'partner_unresponsive', 'safety', 'other'] as const;

const Id = Type.String({ format: 'uuid', 'x-error': 'errors.choice' });
const Version = Type.Integer({ minimum: 1, maximum: 2_000_000_000 });
const IsoDate = Type.String({ format: 'date', 'x-error': 'referrals.errors.date' });

export const ReferralBody = Type.Object({
  organisationId: Id,
  service: Type.Union(PLAN_ACTION_TYPES.map((t) => Type.Literal(t))),
  reason: Type.Union(REFERRAL_REASONS.map((t) => Type.Literal(t))),
  details: Type.Optional(Type.String({ maxLength: 2000 })),
  fields: Type.Array(Type.Union(GRANTABLE_FIELDS.map((f) => Type.Literal(f))), {
    minItems: 1,
    maxItems: GRANTABLE_FIELDS.length,
    'x-error': 'referrals.errors.fields',
  }),
  needsSummary: Type.Optional(Type.String({ maxLength: 1000 })),
  safeContact: Type.Optional(Type.String({ maxLength: 500 })),
  medicalNotes: Type.Optional(Type.String({ maxLength: 1000 })),
  /** Only for a supervisor going ahead without the consent to share: why (at least 10 characters). */
  overrideReason: Type.Optional(Type.String({ maxLength: 1000 })),
  /** The day the partner should answer by; by default the office's referral time limit from today. */
  respondBy: Type.Optional(Type.String({ format: 'date', 'x-error': 'referralThread.errors.respondBy' })),
  /** The office's contact for the partner (a case worker or supervisor of the office); by default the one referring. */
  contactId: Type.Optional(Id),
});

/** A message on a referral's thread (both sides). */
export const MessageBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 2000, 'x-error': 'referralThread.errors.empty' }),
});

/** The partner names its contact for a referral (one of its organisation's users). */
export const ContactBody = Type.Object({ contactId: Id });

export const IncomingBody = Type.Object({
  organisationId: Id,
  referralDate: IsoDate,
  reason: Type.Union(REFERRAL_REASONS.map((t) => Type.Literal(t))),
  service: Type.Optional(Type.Union(PLAN_ACTION_TYPES.map((t) => Type.Literal(t)))),
  details: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const VersionBody = Type.Object({ version: Version });

export const DeclineBody = Type.Object({
  reason: Type.Union(DECLINE_REASONS.map((t) => Type.Literal(t))),
  version: Version,
});

export const RevokeBody = Type.Object({
  reason: Type.Union(REVOKE_REASONS.map((t) => Type.Literal(t))),
  version: Version,
});

export const PartnerServiceBody = Type.Object({
  service: Type.Union(PLAN_ACTION_TYPES.map((t) => Type.Literal(t))),
  deliveredOn: IsoDate,
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
});

// ---- What the API answers ----

const REF_ID = '01939a7e-3c1f-7d2a-9b4e-5f6a7b8c9d0e';
const summaryExample = {
  id: REF_ID,
  reference: 'R-7D2A9B4E',
  organisationName: 'Association Amal',
  officeName: 'Tunis',
  service: 'Shelter',
  status: 'pending',
  referralDate: '2026-12-01',
};
const Summary = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    organisationName: Type.String(),
    officeName: Type.String(),
    service: Type.String(),
    status: Type.String(),
    referralDate: Type.String(),
  },
  { additionalProperties: true, examples: [summaryExample] },
);
export const PartnerListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Items per page (default 50)' })),
});
export const PartnerReferralList = Type.Object(
  { referrals: Type.Array(Summary), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { examples: [{ referrals: [summaryExample], nextCursor: null }] },
);
export const PartnerReferralAnswer = Type.Object(
  { referral: Type.Object({}, { additionalProperties: true, description: 'What the partner may see of the referral and its person (only with a consent)' }) },
  { examples: [{ referral: { ...summaryExample, person: { givenName: 'Amina' } } }] },
);
export const CaseReferralsAnswer = Type.Object(
  { caseId: Type.String(), referrals: Type.Array(Type.Object({}, { additionalProperties: true })) },
  { examples: [{ caseId: REF_ID, referrals: [{ ...summaryExample, htcds: {} }] }] },
);
export const ReferralCreated = Type.Object(
  { id: Type.String(), reference: Type.String(), status: Type.Literal('pending') },
  { examples: [{ id: REF_ID, reference: 'R-7D2A9B4E', status: 'pending' }] },
);

const threadExample = {
  referralId: REF_ID,
  people: { staffContact: { id: REF_ID, name: 'Salma B.' }, partnerContact: null, respondBy: '2026-12-10', daysLeft: 7 },
  messages: [{ id: REF_ID, side: 'office', authorName: 'Salma B.', body: 'Can she come on Monday?', createdAt: '2026-12-03T10:00:00.000Z', mine: true }],
  canPost: true,
};
export const ThreadAnswer = Type.Object(
  {
    referralId: Type.String(),
    people: Type.Object({}, { additionalProperties: true, description: 'The named contact on each side and the deadline of the answer' }),
    messages: Type.Array(Type.Object({}, { additionalProperties: true })),
    canPost: Type.Boolean(),
  },
  { additionalProperties: true, description: "A referral's messages, oldest first", examples: [threadExample] },
);
