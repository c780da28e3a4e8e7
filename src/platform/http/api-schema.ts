import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../ids.js';
import { BadRequestError } from './errors.js';

/*
 * The pieces every /api/v1 route describes itself with: ids, empty bodies, Problem Details, cursors, and `op`, which
 * adds the error answers every operation can give. Schemas here document (the OpenAPI document is built from them);
 * bodies are checked in the handlers with parseBody, so the API and the HTML forms give the same field errors.
 */

export const EXAMPLE_ID = '01939a7e-3c1f-7d2a-9b4e-5f6a7b8c9d0e';
export const Id = Type.String({ format: 'uuid', pattern: UUID_PATTERN, examples: [EXAMPLE_ID] });

/** Path parameters, every one an id (`:id`, `:referralId`...). */
export function IdParams<const K extends string>(...names: K[]) {
  return Type.Object(Object.fromEntries(names.map((n) => [n, Id])) as Record<K, typeof Id>);
}
export const CaseParams = IdParams('id');

/** An operation that takes no body or no query declares so. */
export const NoBody = Type.Object({}, { description: 'No body (an empty JSON object may be sent)', examples: [{}] });
export const NoQuery = Type.Object({});

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'urn:abri:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: "Localised message, in the user's language" }),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'Stable code: VALIDATION, NOT_FOUND, FORBIDDEN, STALE_VERSION, RATE_LIMITED...' }),
    fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Field → localised message' })),
    error: Type.Optional(
      Type.Object(
        { code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Record(Type.String(), Type.String())) },
        { description: 'Deprecated: the error shape before Problem Details' },
      ),
    ),
  },
  {
    description: 'Problem Details (RFC 9457)',
    examples: [
      {
        type: 'urn:abri:problem:validation',
        title: 'Bad Request',
        status: 400,
        detail: 'Please correct the marked fields.',
        instance: '/api/v1/cases',
        code: 'VALIDATION',
        fields: { reason: 'This field is required.' },
      },
    ],
  },
);

const ERROR_TEXT: Record<number, string> = {
  400: 'The request or its body is not valid (see `fields`)',
  401: 'No valid token or session',
  403: "Not allowed: the user's permissions or the token's scopes",
  404: 'Not found, or not visible to this user',
  409: 'Changed since it was read (stale version) or in conflict',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'A rule of the domain refused the action',
  429: 'Too many requests (see Retry-After and RateLimit-*)',
};

function problemResponse(status: number) {
  return { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/problem+json': { schema: Problem } } };
}

const RATE_HEADERS = {
  'RateLimit-Limit': { type: 'integer', description: 'Requests allowed in the window' },
  'RateLimit-Remaining': { type: 'integer', description: 'Requests left in the window' },
  'RateLimit-Reset': { type: 'integer', description: 'Seconds until the window resets' },
};

export interface OperationSpec {
  summary: string;
  tags: string[];
  description?: string;
  params?: TObject;
  querystring?: TObject;
  body?: TSchema;
  /** The success answers: status → schema (each with `examples`). */
  response: Record<number, TSchema>;
  /** Error statuses beyond the ones every operation may give (400, 401, 403, 404, 429). */
  errors?: number[];
}

/** A Fastify route schema for an /api/v1 operation: what it takes, what it answers, and every error as a Problem. */
export function op(spec: OperationSpec) {
  const { response, errors = [], ...rest } = spec;
  const answers: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(response)) {
    answers[status] = {
      description: (schema as { description?: string }).description ?? 'Success',
      headers: RATE_HEADERS,
      content: { 'application/json': { schema } },
    };
  }
  for (const status of [400, 401, 403, 404, 429, ...errors]) answers[String(status)] = problemResponse(status);
  return { ...rest, params: rest.params ?? Type.Object({}), querystring: rest.querystring ?? NoQuery, response: answers };
}

/** `{ ok: true }`: the change is done. */
export const Ok = Type.Object({ ok: Type.Literal(true) }, { description: 'Done', examples: [{ ok: true }] });
/** `{ id }` of what was created. */
export const Created = Type.Object({ id: Id }, { description: 'Created', examples: [{ id: EXAMPLE_ID }] });
/** `{ status }` after a transition. */
export const StatusAnswer = Type.Object({ status: Type.String() }, { description: 'The new status', examples: [{ status: 'accepted' }] });

/** A loosely described object: the listed properties, and possibly more. */
export function Obj(props: Record<string, TSchema>, example: Record<string, unknown>, description?: string) {
  return Type.Object(props, { additionalProperties: true, examples: [example], ...(description ? { description } : {}) });
}

// ---- Cursor pagination ----

export const PAGE_MAX = 100;
export const PAGE_DEFAULT = 50;
export const CursorQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, description: `Items per page (default ${PAGE_DEFAULT})` })),
};
export const PageInfo = { nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' }) };

export interface Cursor {
  /** The sort key and id of the last item returned. */
  key: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');
}

export function decodeCursor(raw: unknown): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && v[0].length <= 100 && v[1].length <= 100)
      return { key: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new BadRequestError('api.errors.cursor');
}

export function pageLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return PAGE_DEFAULT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > PAGE_MAX) throw new BadRequestError('api.errors.limit', { max: PAGE_MAX });
  return n;
}

/**
 * One page of items, in a stable order (sort key then id, both descending or ascending as `order` says), after the
 * cursor. Keyset pagination: an item added or removed meanwhile neither repeats nor skips another.
 */
export function pageOf<T>(
  { items, keyOf, query, order = 'desc' }: { items: readonly T[]; keyOf: (x: T) => { key: string; id: string }; query: { cursor?: unknown; limit?: unknown }; order?: 'asc' | 'desc' },
) {
  const after = decodeCursor(query.cursor);
  const limit = pageLimit(query.limit);
  const cmp = (a: { key: string; id: string }, b: { key: string; id: string }) =>
    a.key === b.key ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.key < b.key ? -1 : 1;
  const dir = order === 'desc' ? -1 : 1;
  const sorted = [...items].sort((a, b) => dir * cmp(keyOf(a), keyOf(b)));
  const rest = after ? sorted.filter((x) => dir * cmp(keyOf(x), after) > 0) : sorted;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rest.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
