import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFrame, idParam } from './case-http.js';
import { AgeBody, BiaBody, BidBody, FamilyBody, GuardianBody, ReviewBody, VersionBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';
import {
  appointGuardian,
  childModel,
  endGuardian,
  panelFrom,
  recordBestInterestsAssessment,
  recordFamilyAssessment,
  reviewDetermination,
  setAgeStatus,
  submitDetermination,
} from './children.service.js';
import { ChildPage } from './children.views.js';

export async function childRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ChildPage(await caseFrame(request, record, 'child', request.t('cases.children.title')), await childModel(ctx, requireAuth(request).user, record), problem);
  const back = (id: string) => `/staff/cases/${id}/child`;

  app.get('/staff/cases/:id/child', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  app.post('/staff/cases/:id/child/age', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: AgeBody,
      form: 'age',
      run: (v) =>
        setAgeStatus(ctx, auth.user, record, {
          ageStatus: v.ageStatus,
          birthDate: v.birthDate,
          estimatedAge: v.estimatedAge,
          doubt: v.doubt === 'yes',
          version: v.version,
        }),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: 'forms.saved' }),
    });
  });

  app.post('/staff/cases/:id/child/guardians', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: GuardianBody,
      form: 'guardian',
      run: (v) =>
        appointGuardian(ctx, auth.user, record, {
          kind: v.kind,
          appointedOn: v.appointedOn,
          details: { name: v.name, organisation: v.organisation, contact: v.contact },
        }),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: 'cases.children.guardianAppointed' }),
    });
  });

  app.post('/staff/cases/:id/child/guardians/:gid/end', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const gid = idParam(request, 'gid');
    return formAction(request, reply, {
      schema: VersionBody,
      form: 'guardianEnd',
      run: (v) => endGuardian(ctx, auth.user, record, gid, v.version),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: 'forms.saved' }),
    });
  });

  app.post('/staff/cases/:id/child/bia', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: BiaBody,
      form: 'bia',
      run: (v) => recordBestInterestsAssessment(ctx, auth.user, record, { assessedOn: v.biaOn, childHeard: v.childHeard === 'yes', summary: v.summary }),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: 'forms.saved' }),
    });
  });

  app.post('/staff/cases/:id/child/bids', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: BidBody,
      form: 'bid',
      run: (v) =>
        submitDetermination(ctx, auth.user, record, {
          question: v.question,
          decision: v.decision,
          panel: panelFrom(v.panel),
          rationale: v.rationale,
          decidedOn: v.decidedOn,
        }),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: 'cases.children.bidSubmitted' }),
    });
  });

  app.post('/staff/cases/:id/child/bids/:bid/review', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'decide');
    const bid = idParam(request, 'bid');
    let approved = false;
    return formAction(request, reply, {
      schema: ReviewBody,
      form: 'review',
      run: async (v) => {
        approved = v.decision === 'approve';
        await reviewDetermination(ctx, auth.user, record, bid, approved, v.version);
      },
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: approved ? 'cases.children.bidApproved' : 'cases.children.bidRejected' }),
    });
  });

  app.post('/staff/cases/:id/child/family', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    return formAction(request, reply, {
      schema: FamilyBody,
      form: 'family',
      run: (v) =>
        recordFamilyAssessment(ctx, auth.user, record, {
          assessedOn: v.familyOn,
          familyAgrees: v.familyAgrees,
          familyAble: v.familyAble,
          outcome: v.outcome,
          notes: v.familyNotes,
        }),
      rerender: (p) => page(request, record, p),
      done: () => ({ to: back(record.id), flash: 'forms.saved' }),
    });
  });
}
