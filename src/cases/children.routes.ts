import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormProblem } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { loadCaseFor } from './case-access.js';
import { CASE_ACCESS, caseFormRoute, caseFrame } from './case-http.js';
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

/** The child tab: age, guardians, best-interests assessments and determinations, family assessments. */
export async function childRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, problem?: FormProblem) =>
    ChildPage(
      await caseFrame(request, { record, tab: 'child', title: request.t('cases.children.title') }),
      await childModel(ctx, requireAuth(request).user, record),
      problem,
    );
  const back = (record: CaseRow, flash = 'forms.saved') => ({ to: `/staff/cases/${record.id}/child`, flash });

  app.get('/staff/cases/:id/child', { config: CASE_ACCESS }, async (request, reply) => reply.page(await page(request, await loadCaseFor(request))));

  caseFormRoute(app, {
    url: '/staff/cases/:id/child/age',
    schema: AgeBody,
    form: 'age',
    run: ({ user, record }, v) =>
      setAgeStatus(ctx, {
        actor: user,
        record,
        input: {
          ageStatus: v.ageStatus,
          birthDate: v.birthDate,
          estimatedAge: v.estimatedAge,
          doubt: v.doubt === 'yes',
          version: v.version,
        },
      }),
    page,
    done: (record) => back(record),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/child/guardians',
    schema: GuardianBody,
    form: 'guardian',
    run: ({ user, record }, v) =>
      appointGuardian(ctx, {
        actor: user,
        record,
        input: {
          kind: v.kind,
          appointedOn: v.appointedOn,
          details: { name: v.name, organisation: v.organisation, contact: v.contact },
        },
      }),
    page,
    done: (record) => back(record, 'cases.children.guardianAppointed'),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/child/guardians/:gid/end',
    ids: ['gid'],
    schema: VersionBody,
    form: 'guardianEnd',
    run: ({ user, record, ids }, v) => endGuardian(ctx, { actor: user, record, guardianId: ids.gid as string, version: v.version }),
    page,
    done: (record) => back(record),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/child/bia',
    schema: BiaBody,
    form: 'bia',
    run: ({ user, record }, v) =>
      recordBestInterestsAssessment(ctx, { actor: user, record, input: { assessedOn: v.biaOn, childHeard: v.childHeard === 'yes', summary: v.summary } }),
    page,
    done: (record) => back(record),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/child/bids',
    schema: BidBody,
    form: 'bid',
    run: ({ user, record }, v) =>
      submitDetermination(ctx, {
        actor: user,
        record,
        input: {
          question: v.question,
          decision: v.decision,
          panel: panelFrom(v.panel),
          rationale: v.rationale,
          decidedOn: v.decidedOn,
        },
      }),
    page,
    done: (record) => back(record, 'cases.children.bidSubmitted'),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/child/bids/:bid/review',
    action: 'decide',
    ids: ['bid'],
    schema: ReviewBody,
    form: 'review',
    run: async ({ user, record, ids }, v) => {
      await reviewDetermination(ctx, { actor: user, record, determinationId: ids.bid as string, approve: v.decision === 'approve', version: v.version });
      return v.decision === 'approve';
    },
    page,
    done: (record, approved) => back(record, approved ? 'cases.children.bidApproved' : 'cases.children.bidRejected'),
  });
  caseFormRoute(app, {
    url: '/staff/cases/:id/child/family',
    schema: FamilyBody,
    form: 'family',
    run: ({ user, record }, v) =>
      recordFamilyAssessment(ctx, {
        actor: user,
        record,
        input: {
          assessedOn: v.familyOn,
          familyAgrees: v.familyAgrees,
          familyAble: v.familyAble,
          outcome: v.outcome,
          notes: v.familyNotes,
        },
      }),
    page,
    done: (record) => back(record),
  });
}
