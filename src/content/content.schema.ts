import { Type } from '@sinclair/typebox';

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
/** Addresses other parts of the public site use; a page slug may not take them. */
export const RESERVED_SLUGS = new Set(['report', 'news', 'help', 'self-check', 'follow-up', 'staff', 'api', 'assets', 'feed.xml', 'sitemap.xml', 'partner', 'comments']);

export const ItemBody = Type.Object({
  kind: Type.Union([Type.Literal('page'), Type.Literal('news')]),
  key: Type.String({ pattern: SLUG_PATTERN, maxLength: 60 }),
  sourceLocale: Type.Union([Type.Literal('en'), Type.Literal('fr'), Type.Literal('es'), Type.Literal('ar')]),
  commentsEnabled: Type.Optional(Type.Literal('1')),
});

export const TranslationBody = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 80, 'x-error': 'content.errors.slug' }),
  title: Type.String({ maxLength: 200 }),
  summary: Type.String({ maxLength: 500 }),
  body: Type.String({ maxLength: 100_000, 'x-keep-space': true }),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  action: Type.Optional(Type.Union([Type.Literal('save'), Type.Literal('publish')])),
});

export const ArchiveBody = Type.Object({
  successorId: Type.Optional(Type.String({ format: 'uuid' })),
  version: Type.Integer({ minimum: 1 }),
});

export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) });
