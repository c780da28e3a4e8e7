import { Type } from '@sinclair/typebox';

/** Row versions stay well inside a 32-bit integer, so that no input can overflow the column. */
export const MAX_VERSION = 2_000_000_000;
const Version = Type.Integer({ minimum: 1, maximum: MAX_VERSION });

/**
 * Services a partner can offer: Abri's service list, each mapped to the HTCDS support-plan type (spl_Type)
 * used when plans are exchanged, followed by the HTCDS types that Abri's list does not name on its own.
 */
export const SERVICES = {
  safe_accommodation: 'SocialCare',
  medical: 'Health',
  psychosocial: 'Health',
  legal: 'Legal',
  education: 'Education',
  vocational_training: 'Education',
  livelihood: 'Livelihood',
  financial: 'Financial',
  family_tracing: 'SocialCare',
  return_reintegration: 'SocialCare',
  labour_exploitation_rehabilitation: 'LabourExploitationRehabilitation',
  sexual_exploitation_rehabilitation: 'SexualExploitationRehabilitation',
  rights_based_training: 'RightsBasedTraining',
  social_care: 'SocialCare',
} as const;
export type Service = keyof typeof SERVICES;
export const SERVICE_CODES = Object.keys(SERVICES) as Service[];

export function isService(value: unknown): value is Service {
  return typeof value === 'string' && Object.hasOwn(SERVICES, value);
}

/** The HTCDS spl_Type value for a service code. */
export function htcdsSupportPlanType(service: Service): string {
  return SERVICES[service];
}

/** Languages a service can be delivered in (ISO 639-1); wider than the interface languages on purpose. */
export const SERVICE_LANGUAGES = ['ar', 'en', 'fr', 'es', 'pt', 'ru', 'uk', 'fa', 'ps', 'ur', 'bn', 'hi', 'sw', 'ha', 'am', 'ti', 'so', 'tl', 'vi', 'zh'] as const;

const Country = Type.String({ pattern: '^[A-Z]{2}$', 'x-error': 'errors.country' });
const Flag = Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')]));
const Count = Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 }));

export const ServiceBody = Type.Object({
  service: Type.Union(SERVICE_CODES.map((s) => Type.Literal(s))),
  country: Country,
  region: Type.Optional(Type.String({ maxLength: 120 })),
  for: Type.Array(Type.Union([Type.Literal('adults'), Type.Literal('children'), Type.Literal('women'), Type.Literal('men')]), {
    minItems: 1,
    maxItems: 4,
    'x-error': 'partners.errors.forWhom',
  }),
  languages: Type.Array(Type.Union(SERVICE_LANGUAGES.map((l) => Type.Literal(l))), { minItems: 1, maxItems: SERVICE_LANGUAGES.length }),
  capacityTotal: Count,
  capacityFree: Count,
  contactName: Type.Optional(Type.String({ maxLength: 120 })),
  contactPhone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[+0-9 ()./-]{3,30}$', 'x-error': 'errors.phone' })),
  contactEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  active: Flag,
  version: Type.Optional(Version),
});

export const AgreementBody = Type.Object({
  reference: Type.Optional(Type.String({ maxLength: 80 })),
  signedOn: Type.String({ format: 'date', 'x-error': 'partners.errors.date' }),
  expiresOn: Type.String({ format: 'date', 'x-error': 'partners.errors.date' }),
});

/** Withdrawing an agreement: the first press shows what it will do; the second, with `confirmed`, withdraws. */
export const WithdrawBody = Type.Object({ version: Version, confirmed: Type.Optional(Type.Literal('1')) });

export const CoverageQuery = Type.Object({ country: Type.Optional(Country) });

export const FindQuery = Type.Object({
  country: Type.Optional(Country),
  service: Type.Optional(Type.Union(SERVICE_CODES.map((s) => Type.Literal(s)))),
  forChild: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  language: Type.Optional(Type.Union(SERVICE_LANGUAGES.map((l) => Type.Literal(l)))),
});
