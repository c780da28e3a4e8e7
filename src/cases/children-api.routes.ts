import type { FastifyInstance } from 'fastify';
import { CaseParams, Created, IdParams, op } from '../platform/http/api-schema.js';
import { ChildAnswer, ChildCase } from './cases-api.schema.js';
import { parseBody } from '../platform/http/forms.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, idParam } from './case-http.js';
import { AgeBody, BiaBody, BidBody, FamilyBody, GuardianBody, ReviewBody } from './cases.schema.js';
import {
  appointGuardian,
  childGates,
  childRecords,
  panelFrom,
  recordBestInterestsAssessment,
  recordFamilyAssessment,
  reviewDetermination,
  setAgeStatus,
  submitDetermination,
} from './children.service.js';

/** The JSON API of a child's safeguards: the same services and gates as the child tab. */
export async function childrenApi(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const base = '/api/v1/cases';

  // Children's safeguards.
  app.get(
    `${base}/:id/child`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: "A child's safeguards: gates, age, guardians, assessments, determinations",
        tags: ['children'],
        params: CaseParams,
        response: { 200: ChildAnswer },
      }),
    },
    async (request) => {
      const record = await loadCaseFor(request);
      const r = await childRecords(ctx, record.id);
      return {
        gates: await childGates(ctx.db, record.id),
        ageStatus: record.age_status,
        guardians: r.guardians.map((g) => ({
          id: g.id,
          kind: g.kind,
          name: g.details.name,
          organisation: g.details.organisation ?? null,
          appointedOn: g.appointed_on,
          endedOn: g.ended_on,
          version: g.version,
        })),
        bestInterestsAssessments: r.bias.map((b) => ({ id: b.id, assessedOn: b.assessed_on, childHeard: b.child_heard === 1, summary: b.summary })),
        determinations: r.bids.map((b) => ({
          id: b.id,
          question: b.question,
          decision: b.decision,
          panel: b.panelList,
          status: b.status,
          decidedOn: b.decided_on,
          version: b.version,
        })),
        familyAssessments: r.families.map((f) => ({
          id: f.id,
          assessedOn: f.assessed_on,
          familyAgrees: f.family_agrees,
          familyAble: f.family_able,
          outcome: f.outcome,
        })),
      };
    },
  );

  app.post(
    `${base}/:id/child/age`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Set the age status (age assessment)',
        tags: ['children'],
        params: CaseParams,
        body: AgeBody,
        response: { 200: ChildCase },
        errors: [409, 422],
      }),
    },
    async (request) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(AgeBody, request.body);
      return setAgeStatus(ctx, {
        actor: auth.user,
        record,
        input: {
          ageStatus: v.ageStatus,
          birthDate: v.birthDate,
          estimatedAge: v.estimatedAge,
          doubt: v.doubt === 'yes',
          version: v.version,
        },
      });
    },
  );

  app.post(
    `${base}/:id/child/guardians`,
    {
      config: CASE_ACCESS,
      schema: op({ summary: 'Appoint a guardian', tags: ['children'], params: CaseParams, body: GuardianBody, response: { 201: Created }, errors: [422] }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(GuardianBody, request.body);
      return reply.code(201).send({
        id: await appointGuardian(ctx, {
          actor: auth.user,
          record,
          input: {
            kind: v.kind,
            appointedOn: v.appointedOn,
            details: { name: v.name, organisation: v.organisation, contact: v.contact },
          },
        }),
      });
    },
  );

  app.post(
    `${base}/:id/child/bia`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Record a best-interests assessment',
        tags: ['children'],
        params: CaseParams,
        body: BiaBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(BiaBody, request.body);
      return reply.code(201).send({
        id: await recordBestInterestsAssessment(ctx, {
          actor: auth.user,
          record,
          input: { assessedOn: v.biaOn, childHeard: v.childHeard === 'yes', summary: v.summary },
        }),
      });
    },
  );

  app.post(
    `${base}/:id/child/bids`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Submit a best-interests determination',
        tags: ['children'],
        params: CaseParams,
        body: BidBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(BidBody, request.body);
      return reply.code(201).send({
        id: await submitDetermination(ctx, {
          actor: auth.user,
          record,
          input: {
            question: v.question,
            decision: v.decision,
            panel: panelFrom(v.panel),
            rationale: v.rationale,
            decidedOn: v.decidedOn,
          },
        }),
      });
    },
  );

  app.post(
    `${base}/:id/child/bids/:bid/review`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Review a best-interests determination (supervisor)',
        tags: ['children'],
        params: IdParams('id', 'bid'),
        body: ReviewBody,
        response: { 200: ChildAnswer },
        errors: [409, 422],
      }),
    },
    async (request) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'decide');
      const bid = idParam(request, 'bid');
      const v = parseBody(ReviewBody, request.body);
      await reviewDetermination(ctx, { actor: auth.user, record, determinationId: bid, approve: v.decision === 'approve', version: v.version });
      return { gates: await childGates(ctx.db, record.id) };
    },
  );

  app.post(
    `${base}/:id/child/family`,
    {
      config: CASE_ACCESS,
      schema: op({
        summary: 'Record a family assessment',
        tags: ['children'],
        params: CaseParams,
        body: FamilyBody,
        response: { 201: Created },
        errors: [422],
      }),
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const record = await loadCaseFor(request, 'edit');
      const v = parseBody(FamilyBody, request.body);
      return reply.code(201).send({
        id: await recordFamilyAssessment(ctx, {
          actor: auth.user,
          record,
          input: {
            assessedOn: v.familyOn,
            familyAgrees: v.familyAgrees,
            familyAble: v.familyAble,
            outcome: v.outcome,
            notes: v.familyNotes,
          },
        }),
      });
    },
  );
}
