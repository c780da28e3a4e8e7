import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CaseParams, Created, CursorQuery, EXAMPLE_ID, op, PageInfo, pageOf } from '../platform/http/api-schema.js';
import { NotFoundError } from '../platform/http/errors.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { TrainingBody } from './training.schema.js';
import * as service from './training.service.js';

const MANAGE = { access: { permission: 'training.manage' } } as const;
const TAGS = ['trainings'];

const itemExample = {
  id: EXAMPLE_ID,
  officeId: EXAMPLE_ID,
  title: 'Identifying victims at the border',
  topic: 'identification',
  audience: 'government',
  country: 'TN',
  online: false,
  firstDay: '2026-11-10',
  participants: 24,
  createdAt: '2026-10-01T09:00:00.000Z',
};
const TrainingList = Type.Object(
  {
    trainings: Type.Array(
      Type.Object({ id: Type.String(), title: Type.String(), topic: Type.String(), participants: Type.Integer() }, { additionalProperties: true }),
    ),
    ...PageInfo,
  },
  { examples: [{ trainings: [itemExample], nextCursor: null }] },
);
const TrainingDetail = Type.Object(
  {
    training: Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: true }),
    sessions: Type.Array(Type.Object({ id: Type.String(), heldOn: Type.String() }, { additionalProperties: true })),
    participants: Type.Array(
      Type.Object({ id: Type.String(), completed: Type.Boolean() }, { additionalProperties: true, description: 'Participants without their names' }),
    ),
  },
  {
    examples: [
      {
        training: { ...itemExample, place: 'Tunis', curriculum: ['Indicators'], trainers: ['S. Trabelsi'], testMaxScore: 20, version: 2 },
        sessions: [{ id: EXAMPLE_ID, heldOn: '2026-11-10', subject: 'Indicators', required: true }],
        participants: [{ id: EXAMPLE_ID, organisation: 'Garde nationale', sessionsAttended: 1, completed: true }],
      },
    ],
  },
);

/** Trainings through the API: the training pages' services, participants without their names. */
export async function trainingApiRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const user = (request: FastifyRequest) => requireAuth(request).user;

  app.get(
    '/api/v1/trainings',
    {
      config: MANAGE,
      schema: op({
        summary: 'Trainings of the offices the caller manages, newest first',
        tags: TAGS,
        querystring: Type.Object(CursorQuery),
        response: { 200: TrainingList },
      }),
    },
    async (request) => {
      const q = parseBody(Type.Object(CursorQuery), request.query);
      const rows = await service.listTrainings(ctx, user(request));
      const page = pageOf({ items: rows, keyOf: (t) => ({ key: t.created_at, id: t.id }), query: q, order: 'desc' });
      return {
        trainings: page.items.map((t) => ({
          id: t.id,
          officeId: t.office_id,
          title: t.title,
          topic: t.topic,
          audience: t.audience,
          country: t.country,
          online: t.online === 1,
          firstDay: t.first_day ?? null,
          participants: Number(t.participants),
          createdAt: t.created_at,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/trainings/:id',
    {
      config: MANAGE,
      schema: op({ summary: 'A training: sessions and participants (no names)', tags: TAGS, params: CaseParams, response: { 200: TrainingDetail } }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!isId(id)) throw new NotFoundError();
      const v = await service.trainingView(ctx, user(request), id);
      const t = v.training;
      return {
        training: {
          id: t.id,
          officeId: t.office_id,
          title: t.title,
          topic: t.topic,
          audience: t.audience,
          country: t.country,
          place: t.place,
          online: t.online === 1,
          curriculum: service.parseList(t.curriculum),
          trainers: service.parseList(t.trainers),
          testMaxScore: t.test_max_score,
          version: t.version,
        },
        sessions: v.sessions.map((s) => ({ id: s.id, heldOn: s.held_on, subject: s.subject, required: s.required === 1 })),
        participants: v.participants.map((p) => ({ id: p.id, organisation: p.org_name, sessionsAttended: p.attended.size, completed: p.completed })),
      };
    },
  );

  app.post(
    '/api/v1/trainings',
    { config: MANAGE, schema: op({ summary: 'Create a training', tags: TAGS, body: TrainingBody, response: { 201: Created }, errors: [422] }) },
    async (request, reply) => reply.code(201).send({ id: await service.createTraining(ctx, user(request), parseBody(TrainingBody, request.body)) }),
  );
}
