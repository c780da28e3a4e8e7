import { Type } from '@sinclair/typebox';
import { ROLES } from '../platform/auth/roles.js';
import { LOCALES } from '../platform/i18n/i18n.js';

export const ORG_TYPES = [
  'NGO',
  'LawEnforcement',
  'HealthServiceOrganisation',
  'CentralGovernmentOrganisation',
  'LocalGovernmentOrganisation',
  'ImmigrationService',
  'LegalService',
  'CorporateBusiness',
  'SchoolOrCollege',
] as const;

const Country = Type.String({ pattern: '^[A-Z]{2}$', 'x-error': 'errors.country' });
const Version = Type.Integer({ minimum: 1 });

export const OfficeBody = Type.Object({
  code: Type.String({ pattern: '^[A-Z]{2,6}$', 'x-error': 'admin.errors.officeCode' }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  country: Country,
  languages: Type.Array(Type.Union(LOCALES.map((l) => Type.Literal(l))), { minItems: 1, maxItems: LOCALES.length }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  version: Type.Optional(Version),
});

export const OrganisationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.Union(ORG_TYPES.map((t) => Type.Literal(t))),
  country: Country,
  state: Type.Optional(Type.String({ maxLength: 120 })),
  city: Type.Optional(Type.String({ maxLength: 120 })),
  street: Type.Optional(Type.String({ maxLength: 200 })),
  postalCode: Type.Optional(Type.String({ maxLength: 20 })),
  phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[+0-9 ()./-]{3,30}$', 'x-error': 'errors.phone' })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  website: Type.Optional(Type.String({ maxLength: 300, pattern: '^https?://', 'x-error': 'errors.url' })),
  officeId: Type.Optional(Type.String({ format: 'uuid' })),
  isPartner: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  version: Type.Optional(Version),
});

const RoleLiteral = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const UserBody = Type.Object({
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  locale: Type.Union(LOCALES.map((l) => Type.Literal(l))),
  timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  roles: Type.Array(RoleLiteral, { minItems: 1, maxItems: ROLES.length, 'x-error': 'admin.errors.roles' }),
  /** Office for office-scoped roles; empty means every office (administrators only). */
  officeId: Type.Optional(Type.String({ format: 'uuid' })),
  organisationId: Type.Optional(Type.String({ format: 'uuid' })),
  version: Type.Optional(Version),
});

export const VersionBody = Type.Object({ version: Version });
