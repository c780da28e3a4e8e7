import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CaseParams, Created, CursorQuery, EXAMPLE_ID, IdParams, Ok, op, PageInfo, pageOf } from '../platform/http/api-schema.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import * as view from './partner-view.service.js';
import { FindQuery, ServiceBody } from './partners.schema.js';
import * as service from './partners.service.js';

const MANAGE = { access: { permission: 'partners.manage' } } as const;
const FIND = { access: { permission: 'cases.work' } } as const;
const TAGS = ['organisations and services'];

const orgExample = {
  id: EXAMPLE_ID,
  name: 'Association Amal',
  type: 'NGO',
  country: 'TN',
  services: 3,
  agreement: { state: 'inForce', expiresOn: '2027-06-30' },
};
const OrgList = Type.Object(
  {
    organisations: Type.Array(
      Type.Object(
        { id: Type.String(), name: Type.String(), type: Type.String(), country: Type.String(), services: Type.Integer() },
        { additionalProperties: true },
      ),
    ),
    ...PageInfo,
  },
  { examples: [{ organisations: [orgExample], nextCursor: null }] },
);
const serviceExample = {
  id: EXAMPLE_ID,
  service: 'Shelter',
  country: 'TN',
  region: 'Sfax',
  for: ['women', 'children'],
  languages: ['ar', 'fr'],
  capacityTotal: 12,
  capacityFree: 4,
  active: true,
};
const OrgProfile = Type.Object(
  {
    org: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), country: Type.String() }),
    agreement: Type.Object({}, { additionalProperties: true }),
    services: Type.Array(Type.Object({}, { additionalProperties: true })),
    agreements: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  {
    examples: [
      {
        org: { id: EXAMPLE_ID, name: 'Association Amal', type: 'NGO', country: 'TN' },
        agreement: { state: 'inForce', expiresOn: '2027-06-30' },
        services: [serviceExample],
        agreements: [],
      },
    ],
  },
);
const Matches = Type.Object(
  {
    services: Type.Array(
      Type.Object(
        { serviceId: Type.String(), organisationId: Type.String(), organisationName: Type.String(), service: Type.String(), country: Type.String() },
        { additionalProperties: true },
      ),
    ),
  },
  {
    examples: [
      {
        services: [
          {
            serviceId: EXAMPLE_ID,
            organisationId: EXAMPLE_ID,
            organisationName: 'Association Amal',
            organisationType: 'NGO',
            service: 'Shelter',
            country: 'TN',
            region: null,
            languages: ['ar'],
            capacityTotal: 12,
            capacityFree: 4,
          },
        ],
      },
    ],
  },
);

function id(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

/** Organisations and their services through the API: the partner pages' services and policies. */
export async function partnersApiRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const user = (request: FastifyRequest) => requireAuth(request).user;

  app.get(
    '/api/v1/organisations',
    {
      config: MANAGE,
      schema: op({
        summary: 'Partner organisations the caller manages, with their agreement today',
        tags: TAGS,
        querystring: Type.Object(CursorQuery),
        response: { 200: OrgList },
      }),
    },
    async (request) => {
      const q = parseBody(Type.Object(CursorQuery), request.query);
      const page = pageOf({ items: (await view.partnerList(ctx, user(request))).partners, keyOf: (o) => ({ key: o.name, id: o.id }), query: q, order: 'asc' });
      return { organisations: page.items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/organisations/:id',
    {
      config: MANAGE,
      schema: op({ summary: "An organisation's profile: services and agreements", tags: TAGS, params: CaseParams, response: { 200: OrgProfile } }),
    },
    async (request) => view.partnerProfile(ctx, user(request), id(request, 'id')),
  );

  app.post(
    '/api/v1/organisations/:id/services',
    {
      config: MANAGE,
      schema: op({ summary: 'Add a service to an organisation', tags: TAGS, params: CaseParams, body: ServiceBody, response: { 201: Created }, errors: [422] }),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send({ id: await service.addService(ctx, { actor: user(request), organisationId: id(request, 'id'), input: parseBody(ServiceBody, request.body) }) }),
  );

  app.post(
    '/api/v1/organisations/:id/services/:serviceId',
    {
      config: MANAGE,
      schema: op({
        summary: 'Change a service (with its version)',
        tags: TAGS,
        params: IdParams('id', 'serviceId'),
        body: ServiceBody,
        response: { 200: Ok },
        errors: [409, 422],
      }),
    },
    async (request) => {
      await service.updateService(ctx, {
        actor: user(request),
        organisationId: id(request, 'id'),
        serviceId: id(request, 'serviceId'),
        input: parseBody(ServiceBody, request.body),
      });
      return { ok: true };
    },
  );

  app.get(
    '/api/v1/services',
    {
      config: FIND,
      schema: op({
        summary: 'Find services for a need: country and service (with a valid agreement)',
        tags: TAGS,
        querystring: FindQuery,
        response: { 200: Matches },
      }),
    },
    async (request) => {
      const q = parseBody(FindQuery, request.query);
      if (!q.country || !q.service) return { services: [] };
      return {
        services: await service.findPartnersForNeed(ctx.db, { country: q.country, service: q.service, forChild: q.forChild === '1', language: q.language }),
      };
    },
  );
}
