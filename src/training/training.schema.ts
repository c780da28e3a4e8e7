import { Type } from '@sinclair/typebox';
import { LOCALES } from '../platform/i18n/i18n.js';

/** Row versions stay well inside a 32-bit integer, so that no input can overflow the column. */
export const MAX_VERSION = 2_000_000_000;
const Version = Type.Integer({ minimum: 1, maximum: MAX_VERSION });

export const TRAINING_TOPICS = [
  'identification',
  'referral_mechanisms',
  'victim_centred_approach',
  'child_protection',
  'labour_exploitation',
  'investigation_prosecution',
  'border_management',
  'psychosocial_support',
  'return_reintegration',
  'data_protection',
] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

/** Who participants work for; the sector follows from the type. */
export const INSTITUTION_TYPES = {
  police: 'government',
  labour_inspection: 'government',
  border_guard: 'government',
  judiciary: 'government',
  prosecution: 'government',
  social_services: 'government',
  other_government: 'government',
  ngo: 'civil_society',
  school: 'civil_society',
  health: 'civil_society',
  other_civil_society: 'civil_society',
} as const;
export type InstitutionType = keyof typeof INSTITUTION_TYPES;
export const INSTITUTION_CODES = Object.keys(INSTITUTION_TYPES) as InstitutionType[];
export const AUDIENCES = ['government', 'civil_society', 'mixed'] as const;
export const GENDERS = ['female', 'male', 'other', 'not_stated'] as const;

/** Library documents: the interface languages and a few more common in the regions Abri works in. */
export const LIBRARY_LANGUAGES = [...LOCALES, 'pt', 'ru', 'uk', 'fa', 'ur', 'sw', 'ha', 'am', 'ti', 'so'] as const;
export const LIBRARY_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.presentation',
  'image/png',
  'image/jpeg',
  'video/mp4',
  'audio/mpeg',
] as const;

const Day = Type.String({ format: 'date', 'x-error': 'training.errors.date' });
const Country = Type.String({ pattern: '^[A-Z]{2}$', 'x-error': 'errors.country' });
const Id = Type.String({ format: 'uuid' });

export const TrainingBody = Type.Object({
  officeId: Type.Optional(Id),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  topic: Type.Union(TRAINING_TOPICS.map((x) => Type.Literal(x))),
  audience: Type.Union(AUDIENCES.map((x) => Type.Literal(x))),
  country: Country,
  place: Type.Optional(Type.String({ maxLength: 200 })),
  online: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  /** One item per line. */
  curriculum: Type.Optional(Type.String({ maxLength: 4000 })),
  /** One name per line. */
  trainers: Type.String({ minLength: 1, maxLength: 1000 }),
  testMaxScore: Type.Integer({ minimum: 1, maximum: 1000 }),
  version: Type.Optional(Version),
});

export const SessionBody = Type.Object({
  heldOn: Day,
  subject: Type.Optional(Type.String({ maxLength: 200 })),
  required: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
});

export const ParticipantBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 120 })),
  organisationId: Type.Optional(Id),
  organisationName: Type.Optional(Type.String({ maxLength: 200 })),
  institutionType: Type.Union(INSTITUTION_CODES.map((x) => Type.Literal(x))),
  role: Type.Optional(Type.String({ maxLength: 120 })),
  gender: Type.Union(GENDERS.map((x) => Type.Literal(x))),
});

/** Attendance: one checkbox per (session, participant), value "<sessionId>:<participantId>". */
export const AttendanceBody = Type.Object({
  present: Type.Array(Type.String({ pattern: '^[0-9a-f-]{36}:[0-9a-f-]{36}$' }), { maxItems: 20000 }),
});

export const LibraryBody = Type.Object({
  officeId: Type.Optional(Id),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  topic: Type.Union(TRAINING_TOPICS.map((x) => Type.Literal(x))),
  language: Type.Union(LIBRARY_LANGUAGES.map((x) => Type.Literal(x))),
});

export const LibraryQuery = Type.Object({
  topic: Type.Optional(Type.Union(TRAINING_TOPICS.map((x) => Type.Literal(x)))),
  language: Type.Optional(Type.Union(LIBRARY_LANGUAGES.map((x) => Type.Literal(x)))),
});

export const FiguresQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

/** The `version` field of a grid form (attendance, scores), or null when it is not a valid version. */
export function formVersion(body: unknown): number | null {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const version = Number(Array.isArray(raw.version) ? raw.version[0] : raw.version);
  return Number.isInteger(version) && version >= 1 && version <= MAX_VERSION ? version : null;
}

/** A button with nothing but its CSRF token; also the scores grid, whose pre_<id>/post_<id> fields parseScores reads. */
export const EmptyBody = Type.Object({});
