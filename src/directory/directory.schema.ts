import { Type } from '@sinclair/typebox';

export const EntryBody = Type.Object({
  country: Type.String({ pattern: '^[A-Z]{2}$', 'x-error': 'errors.country' }),
  kind: Type.Union([Type.Literal('hotline'), Type.Literal('organisation')]),
  name: Type.String({ maxLength: 200 }),
  services: Type.String({ maxLength: 1000 }),
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 ().-]{1,28}$', 'x-error': 'errors.phone' })),
  hours: Type.Optional(Type.String({ maxLength: 200 })),
  languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 20 }),
  website: Type.Optional(Type.String({ pattern: '^https?://[^\\s<>"]+$', maxLength: 300, 'x-error': 'errors.url' })),
  active: Type.Optional(Type.Literal('1')),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const DirectoryQuery = Type.Object({ country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', 'x-error': 'errors.country' })) });

/** Languages a line may be answered in (ISO 639-1), shown with their own names. */
export const DIRECTORY_LANGUAGES = ['ar', 'en', 'fr', 'es', 'pt', 'ru', 'uk', 'ro', 'bg', 'tr', 'fa', 'ur', 'hi', 'bn', 'tl', 'id', 'zh', 'vi', 'th', 'am', 'ti', 'so', 'sw', 'ha', 'yo', 'ig', 'wo', 'bm', 'ln'];
