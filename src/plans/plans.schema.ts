import { Type } from '@sinclair/typebox';

/**
 * The kinds of assistance an action of the plan can be (issue: safe accommodation, medical, psychosocial, legal,
 * education, vocational training and skills, livelihood, financial, family tracing), plus the durable solution,
 * whose actions the durable-solutions feature adds through `addPlanAction`.
 */
export const PLAN_ACTION_TYPES = [
  'safe_accommodation',
  'medical',
  'psychosocial',
  'legal',
  'education',
  'vocational_training',
  'livelihood',
  'financial',
  'family_tracing',
  'durable_solution',
] as const;
export type PlanActionType = (typeof PLAN_ACTION_TYPES)[number];

/** HTCDS spl_Type value list. */
export const SPL_TYPES = [
  'Education',
  'Financial',
  'Health',
  'LabourExploitationRehabilitation',
  'Legal',
  'Livelihood',
  'RightsBasedTraining',
  'SexualExploitationRehabilitation',
  'SocialCare',
] as const;
export type SplType = (typeof SPL_TYPES)[number];

/** How an action type is named in HTCDS (spl_Type), for exchange and export. */
export const SPL_TYPE_OF_ACTION: Record<PlanActionType, SplType> = {
  safe_accommodation: 'SocialCare',
  medical: 'Health',
  psychosocial: 'Health',
  legal: 'Legal',
  education: 'Education',
  vocational_training: 'Livelihood',
  livelihood: 'Livelihood',
  financial: 'Financial',
  family_tracing: 'SocialCare',
  durable_solution: 'SocialCare',
};

export const OBJECTIVE_STATUSES = ['open', 'achieved', 'dropped'] as const;
export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

const IsoDate = Type.String({ format: 'date', 'x-error': 'plans.errors.date' });
const Id = Type.String({ format: 'uuid', 'x-error': 'errors.choice' });
const Version = Type.Integer({ minimum: 1, maximum: 2_000_000_000 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const ObjectiveBody = Type.Object({
  splType: Type.Union(SPL_TYPES.map((t) => Type.Literal(t))),
  objective: Text(2000),
  plannedEndDate: Type.Optional(IsoDate),
});

export const ObjectiveStatusBody = Type.Object({
  status: Type.Union(OBJECTIVE_STATUSES.map((t) => Type.Literal(t))),
  version: Version,
});

export const ActionBody = Type.Object({
  objectiveId: Type.Optional(Id),
  type: Type.Union(PLAN_ACTION_TYPES.map((t) => Type.Literal(t))),
  description: Text(2000),
  ownerId: Type.Optional(Id),
  dueDate: Type.Optional(IsoDate),
});

export const ActionUpdateBody = Type.Object({
  status: Type.Optional(Type.Union(ACTION_STATUSES.map((t) => Type.Literal(t)))),
  dueDate: Type.Optional(IsoDate),
  /** A corrected description (issue 21): the change is audited by field name; the text stays sealed. */
  description: Type.Optional(Text(2000)),
  ownerId: Type.Optional(Id),
  version: Version,
});

export const ServiceBody = Type.Object({
  service: Type.Union(PLAN_ACTION_TYPES.map((t) => Type.Literal(t))),
  deliveredOn: IsoDate,
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  actionId: Type.Optional(Id),
});

/** A correction of a service delivered (issue 21): the new values, a required reason, the version read. */
export const ServiceCorrectionBody = Type.Object({
  service: Type.Union(PLAN_ACTION_TYPES.map((t) => Type.Literal(t))),
  deliveredOn: IsoDate,
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  reason: Type.String({ minLength: 1, maxLength: 1000, 'x-error': 'corrections.errors.reason' }),
  version: Version,
  /** The row the form was under (the page opens that row's form again on a problem). */
  target: Type.Optional(Type.String({ maxLength: 40 })),
});

/** A withdrawal (of a service or a note): a required reason and the version read. */
export const WithdrawBody = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 1000, 'x-error': 'corrections.errors.reason' }),
  version: Version,
  /** The row the form was under (the page opens that row's form again on a problem). */
  target: Type.Optional(Type.String({ maxLength: 40 })),
});

// ---- What the API answers ----

const PLAN_EXAMPLE = { objectives: [{ id: '01939a7e-3c1f-7d2a-9b4e-5f6a7b8c9d0e', domain: 'safety', status: 'open' }], actions: [], services: [] };
export const PlanAnswer = Type.Object(
  { caseId: Id, plan: Type.Object({}, { additionalProperties: true }), htcds: Type.Unknown({ description: 'The plan in HTCDS field names' }) },
  { examples: [{ caseId: '01939a7e-3c1f-7d2a-9b4e-5f6a7b8c9d0e', plan: PLAN_EXAMPLE, htcds: {} }] },
);
export const OverdueQuery = Type.Object({ mine: Type.Optional(Type.Literal('1', { description: "'1': only the caller's cases" })) });
export const OverdueAnswer = Type.Object(
  { actions: Type.Array(Type.Object({}, { additionalProperties: true })) },
  { examples: [{ actions: [{ id: '01939a7e-3c1f-7d2a-9b4e-5f6a7b8c9d0e', caseId: '01939a7e-3c1f-7d2a-9b4e-5f6a7b8c9d0f', dueOn: '2026-11-30' }] }] },
);
