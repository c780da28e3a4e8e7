import { type TLiteral, type TObject, type TSchema, Type } from '@sinclair/typebox';
import { SHARE_SCOPES } from './solutions.policy.js';
import { ACTION_TRACKS, CLOSURE_REASONS, RISK_FACTORS, SOLUTION_OPTIONS } from './solutions.model.js';
import type { SurveyConfig } from './survey.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T>[]);
const Id = Type.String({ format: 'uuid' });
const DateOnly = Type.String({ format: 'date' });
const Version = Type.Optional(Type.Integer({ minimum: 1 }));

export const ConsentBody = Type.Object({
  purpose: Type.Union([Type.Literal('return'), Type.Literal('transfer')]),
  given: Type.Union([Type.Literal('yes'), Type.Literal('no')]),
  language: Type.Optional(Type.String({ maxLength: 20 })),
});

export const DecisionBody = Type.Object({
  options: Type.Array(literals(SOLUTION_OPTIONS), { minItems: 1, maxItems: 3 }),
  wishes: Type.String({ minLength: 1, maxLength: 5000, 'x-keep-space': true }),
  decision: Type.Optional(literals(SOLUTION_OPTIONS)),
  targetOfficeId: Type.Optional(Id),
  version: Version,
});

const Level = Type.Integer({ minimum: 1, maximum: 3 });
export const RiskItem = Type.Object({ factor: literals(RISK_FACTORS), likelihood: Level, impact: Level, mitigation: Type.String({ maxLength: 2000 }) });
export const RisksBody = Type.Object({ risks: Type.Array(RiskItem, { minItems: 1, maxItems: RISK_FACTORS.length }), version: Version });

/** The HTML form of the matrix: one row of fields per factor (l_, i_, m_ + factor). */
export const RisksForm = Type.Object({
  ...Object.fromEntries(
    RISK_FACTORS.flatMap((f) => [
      [`l_${f}`, Type.Optional(Level)],
      [`i_${f}`, Type.Optional(Level)],
      [`m_${f}`, Type.Optional(Type.String({ maxLength: 2000 }))],
    ]),
  ),
  version: Version,
});

export const OverrideBody = Type.Object({ reason: Type.String({ minLength: 20, maxLength: 3000, 'x-error': 'solutions.errors.overrideReason' }) });

const ALL_STEPS = [...new Set(Object.values(ACTION_TRACKS).flat())];
export const ActionBody = Type.Object({
  track: literals(Object.keys(ACTION_TRACKS) as Array<keyof typeof ACTION_TRACKS>),
  step: literals(ALL_STEPS),
  dueOn: Type.Optional(DateOnly),
  ownerId: Type.Optional(Id),
  note: Type.Optional(Type.String({ maxLength: 1500 })),
});
/** The HTML form of a step: one list of `track:step` choices (the hidden track is the form's first). */
export const ActionForm = Type.Object({
  track: Type.Optional(Type.String({ maxLength: 40 })),
  step: Type.String({ maxLength: 80 }),
  dueOn: Type.Optional(Type.String({ maxLength: 40 })),
  ownerId: Type.Optional(Type.String({ maxLength: 80 })),
  note: Type.Optional(Type.String({ maxLength: 1500 })),
});
export const ActionStatusBody = Type.Object({
  status: Type.Union([Type.Literal('done'), Type.Literal('cancelled')]),
  version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
});

/** A form without fields (a single button). */
export const EmptyForm = Type.Object({});
export const CaseParams = Type.Object({ id: Type.String() });

export const HandoverBody = Type.Object({ toOfficeId: Id, keep: Type.Array(literals(SHARE_SCOPES), { maxItems: 2 }) });
export const AcceptBody = Type.Object({ ownerId: Id });
/** An office's return-risk thresholds (scores of the 3 × 3 matrix); the order of the two is checked by the service. */
export const RiskSettingsBody = Type.Object({
  mediumFrom: Type.Integer({ minimum: 2, maximum: 9 }),
  highFrom: Type.Integer({ minimum: 2, maximum: 9 }),
  version: Version,
});
export const ArrivalBody = Type.Object({ arrivedOn: DateOnly });
export const CloseBody = Type.Object({ reason: literals(CLOSURE_REASONS) });

const Dim = Type.Union([Type.Literal('economic'), Type.Literal('social'), Type.Literal('psychosocial')]);
export const PlanBody = Type.Object({
  economic: Type.String({ minLength: 1, maxLength: 3000 }),
  social: Type.String({ minLength: 1, maxLength: 3000 }),
  psychosocial: Type.String({ minLength: 1, maxLength: 3000 }),
  services: Type.Optional(Type.Array(Type.Object({ organisationId: Id, dimension: Dim }), { maxItems: 50 })),
  version: Version,
});
export const PlanForm = Type.Object({
  economic: Type.String({ minLength: 1, maxLength: 3000 }),
  social: Type.String({ minLength: 1, maxLength: 3000 }),
  psychosocial: Type.String({ minLength: 1, maxLength: 3000 }),
  services_economic: Type.Array(Id, { maxItems: 20 }),
  services_social: Type.Array(Id, { maxItems: 20 }),
  services_psychosocial: Type.Array(Id, { maxItems: 20 }),
  version: Version,
});

export const SurveyMeta = Type.Object({ kind: Type.Union([Type.Literal('baseline'), Type.Literal('followup')]), takenOn: DateOnly });
export const SurveyBody = Type.Object({
  kind: Type.Union([Type.Literal('baseline'), Type.Literal('followup')]),
  takenOn: DateOnly,
  answers: Type.Record(Type.String({ maxLength: 80 }), Type.Integer({ minimum: -1000, maximum: 1000 })),
});

/** The survey's HTML form, from the office's version: one optional answer per item (a_<itemId>). */
export function surveyFormSchema(config: SurveyConfig): TObject {
  const props: Record<string, TSchema> = { kind: SurveyMeta.properties.kind, takenOn: DateOnly };
  for (const item of config.items) props[`a_${item.id}`] = Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 }));
  return Type.Object(props);
}

/** The configuration form: a weight per item and per dimension, and the two band limits. */
export function configFormSchema(config: SurveyConfig): TObject {
  const W = Type.Number({ minimum: 0, maximum: 100 });
  const props: Record<string, TSchema> = {
    w_economic: W,
    w_social: W,
    w_psychosocial: W,
    bandLow: Type.Number({ minimum: 0, maximum: 1 }),
    bandHigh: Type.Number({ minimum: 0, maximum: 1 }),
  };
  for (const item of config.items) props[`w_${item.id}`] = W;
  return Type.Object(props);
}
