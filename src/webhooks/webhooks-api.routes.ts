import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CaseParams, EXAMPLE_ID, op } from '../platform/http/api-schema.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { SubscriptionBody, VersionBody } from './webhooks.schema.js';
import * as service from './webhooks.service.js';

/** Administrators manage every subscription, a partner organisation its own: a person who is neither finds none. */
const STAFF = { access: 'staff' } as const;
const TAGS = ['webhooks'];

const subExample = {
  id: EXAMPLE_ID,
  url: 'https://receiver.example.org/abri',
  events: ['referral.created', 'referral.answered'],
  active: true,
  disabledReason: null,
  disabledAt: null,
  createdAt: '2026-12-03T10:00:00.000Z',
  version: 1,
  rotatingUntil: null,
};
const Sub = Type.Object(
  { id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), active: Type.Boolean(), version: Type.Integer() },
  { additionalProperties: true, examples: [subExample] },
);
const SubList = Type.Object({ subscriptions: Type.Array(Sub) }, { examples: [{ subscriptions: [subExample] }] });
const SecretAnswer = Type.Object(
  { id: Type.String(), secret: Type.String({ description: 'The signing secret (Standard Webhooks whsec_...), shown only in this answer' }) },
  { examples: [{ id: EXAMPLE_ID, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }] },
);
const Detail = Type.Object(
  {
    subscription: Sub,
    deliveries: Type.Array(
      Type.Object({ id: Type.String(), eventType: Type.String(), state: Type.String(), attempts: Type.Integer() }, { additionalProperties: true }),
    ),
  },
  {
    examples: [
      {
        subscription: subExample,
        deliveries: [
          {
            id: EXAMPLE_ID,
            eventType: 'referral.created',
            state: 'delivered',
            attempts: 1,
            lastStatus: 204,
            lastError: null,
            createdAt: '2026-12-03T10:01:00.000Z',
            nextAttemptAt: '2026-12-03T10:01:00.000Z',
            deliveredAt: '2026-12-03T10:01:02.000Z',
          },
        ],
      },
    ],
  },
);

function ownerOf(request: FastifyRequest): service.Owner {
  const user = requireAuth(request).user;
  try {
    return service.ownerOf(user, 'admin');
  } catch {
    return service.ownerOf(user, 'partner');
  }
}

function id(request: FastifyRequest): string {
  const v = (request.params as { id?: string }).id;
  if (!isId(v)) throw new NotFoundError();
  return v;
}

/** Webhook subscriptions through the API, for an administrator or a partner organisation's system: the pages' services. */
export async function webhooksApiRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get(
    '/api/v1/webhooks',
    { config: STAFF, schema: op({ summary: 'The webhook subscriptions the caller manages', tags: TAGS, response: { 200: SubList } }) },
    async (request) => ({
      subscriptions: await service.listSubscriptions(ctx, ownerOf(request)),
    }),
  );

  app.post(
    '/api/v1/webhooks',
    {
      config: STAFF,
      schema: op({
        summary: 'Subscribe a URL to events (a partner organisation: its referrals’ events)',
        tags: TAGS,
        body: SubscriptionBody,
        response: { 201: SecretAnswer },
      }),
    },
    async (request, reply) => {
      const owner = ownerOf(request);
      const created = await service.createSubscription(ctx, { actor: requireAuth(request).user, owner, input: parseBody(SubscriptionBody, request.body) });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/webhooks/:id',
    { config: STAFF, schema: op({ summary: 'A subscription and its delivery log', tags: TAGS, params: CaseParams, response: { 200: Detail } }) },
    async (request) => service.subscriptionDetail(ctx, ownerOf(request), id(request)),
  );

  app.post(
    '/api/v1/webhooks/:id/rotate',
    {
      config: STAFF,
      schema: op({
        summary: 'Rotate the signing secret (the previous one signs too for 24 hours)',
        tags: TAGS,
        params: CaseParams,
        body: VersionBody,
        response: { 200: SecretAnswer },
        errors: [409],
      }),
    },
    async (request) => {
      const owner = ownerOf(request);
      const sub = id(request);
      return {
        id: sub,
        secret: await service.rotateSecret(ctx, { actor: requireAuth(request).user, owner, id: sub, version: parseBody(VersionBody, request.body).version }),
      };
    },
  );
}
