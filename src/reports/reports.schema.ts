import { type Static, Type } from '@sinclair/typebox';
import { isCurrentCountry } from '../platform/countries.js';
import { CONTROL_CODES, EXPLOITATION_CODES, PEOPLE_COUNTS, RECRUITMENT_CODES, REPORTER_ROLES, TRI } from './indicators.js';

/** The answer lists, for other features' forms asking the same questions (staff-entered reports). */
export { CONTROL_CODES, EXPLOITATION_CODES, PEOPLE_COUNTS, RECRUITMENT_CODES, REPORTER_ROLES } from './indicators.js';

const oneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const manyOf = <T extends string>(values: readonly T[]) => Type.Array(oneOf(values), { maxItems: values.length, uniqueItems: true });
const text = (max: number) => Type.String({ maxLength: max });
const yesNo = oneOf(['yes', 'no'] as const);

/**
 * The public report form: only what happened is required; every other answer is optional (an unanswered question is
 * stored as "unknown", an unanswered consent as "no"). One form, so it works without JavaScript and keeps nothing
 * between steps.
 */
export const ReportBody = Type.Object({
  description: Type.String({ minLength: 3, maxLength: 10000 }),
  reporterRole: Type.Optional(oneOf(REPORTER_ROLES)),
  recruitment: Type.Optional(manyOf(RECRUITMENT_CODES)),
  control: Type.Optional(manyOf(CONTROL_CODES)),
  exploitation: Type.Optional(manyOf(EXPLOITATION_CODES)),
  // A pattern rather than a union of ~250 literals (which made every parse ~10 ms); the list is checked in checkCountry.
  country: Type.Optional(Type.String({ pattern: '^([A-Z][A-Z0-9]|unknown)$', 'x-error': 'errors.country' })),
  place: Type.Optional(text(200)),
  preciseLocation: Type.Optional(text(300)),
  workplace: Type.Optional(text(200)),
  whenText: Type.Optional(text(200)),
  dangerNow: Type.Optional(oneOf(TRI)),
  recent24h: Type.Optional(oneOf(TRI)),
  children: Type.Optional(oneOf(TRI)),
  peopleCount: Type.Optional(oneOf(PEOPLE_COUNTS)),
  names: Type.Optional(text(1000)),
  phones: Type.Optional(Type.String({ maxLength: 300, pattern: '^[0-9+()\\-.\\s/,;]*$', 'x-error': 'errors.phone' })),
  contactOk: Type.Optional(yesNo),
  contactHow: Type.Optional(text(300)),
  contactWhen: Type.Optional(text(300)),
  shareAssistance: Type.Optional(yesNo),
  sharePolice: Type.Optional(yesNo),
});
export type ReportInput = Static<typeof ReportBody>;

/**
 * How a report arrived. `web`: the public form; `hotline` and `walk_in`: entered by a triage operator during a call
 * or a visit; `sms`, `whatsapp`: a guided conversation through a gateway; `email`: the reports mailbox; `partner`:
 * referred by another organisation; `field`: collected on a mobile form (ODK). All enter the same queue.
 */
export const REPORT_CHANNELS = ['web', 'hotline', 'walk_in', 'sms', 'whatsapp', 'email', 'partner', 'field'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
export function isReportChannel(value: unknown): value is ReportChannel {
  return typeof value === 'string' && (REPORT_CHANNELS as readonly string[]).includes(value);
}

/** A receipt code as typed: any spacing or dashes, 16 digits once cleaned. */
export const CodeBody = Type.Object({ code: Type.String({ maxLength: 64 }) });

export const ReplyBody = Type.Object({
  code: Type.String({ maxLength: 64 }),
  message: Type.Optional(text(5000)),
});

export const PRIORITY_LEVELS = ['low', 'medium', 'high', 'urgent'] as const;
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];

export const PriorityBody = Type.Object({
  decision: oneOf(['confirm', 'override'] as const),
  level: Type.Optional(oneOf(PRIORITY_LEVELS)),
  reason: Type.Optional(text(1000)),
  version: Type.Integer({ minimum: 1 }),
});

export const CLOSURE_REASONS = ['no_action', 'referred', 'not_trafficking', 'duplicate'] as const;
export const StateBody = Type.Object({
  state: oneOf(['in_triage', 'closed'] as const),
  closureReason: Type.Optional(oneOf(CLOSURE_REASONS)),
  version: Type.Integer({ minimum: 1 }),
});

export const MessageBody = Type.Object({ body: Type.String({ minLength: 2, maxLength: 5000 }) });
export const LinkBody = Type.Object({ relatedId: Type.String({ format: 'uuid' }) });
export const OpenCaseBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  ownerId: Type.Optional(Type.String({ format: 'uuid' })),
  people: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
});
export const AttachCaseBody = Type.Object({ caseId: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) });

/** The country answer is an ISO 3166 code or 'unknown'; field error key otherwise. */
export function checkCountry(value: string | undefined): string | undefined {
  return value === undefined || value === 'unknown' || isCurrentCountry(value) ? undefined : 'errors.country';
}
