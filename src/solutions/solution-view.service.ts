import type { AppContext } from '../platform/context.js';
import { NotFoundError } from '../platform/http/errors.js';
import { hasConsent } from '../cases/index.js';
import { officeNames, officeSummaries, organisationSummaries } from '../offices/offices.repository.js';
import { readWishes } from './decision.service.js';
import { listHandovers } from './handover.repository.js';
import { handoverBlockers } from './handover.service.js';
import * as plans from './reintegration.repository.js';
import { readObjectives, type PlanObjectives } from './reintegration.service.js';
import { readOverrideReason, readRisks } from './return-risk.service.js';
import { riskThresholds } from './risk-settings.service.js';
import { isPlanLate, planDueOn, type Risk, type RiskThresholds } from './solutions.model.js';
import { can, type ShareScope, type ViewScope, viewScope } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import type { OnCase } from './solutions.service.js';
import { listSolutionActions } from './steps.service.js';
import { currentSurveyConfig, type SurveyBands } from './survey.js';

/*
 * The durable solution as the viewer may see it: one presenter for the HTML pages and the JSON API, cut by the
 * share-scope rule (solutions.policy viewScope) before any view sees it. What a scope does not allow is not
 * loaded, decrypted or passed on.
 */

export interface SolutionView {
  caseId: string;
  caseNumber: string;
  officeId: string;
  isChild: boolean;
  closed: boolean;
  access: 'owner' | ShareScope[];
  scope: ViewScope;
  can: { edit: boolean; decide: boolean; close: boolean; assessRisk: boolean };
  summary: {
    decision: string | null;
    targetOfficeId: string | null;
    targetOffice: string;
    returnStatus: string;
    decidedAt: string | null;
    decidedBy: string;
    arrivedOn: string | null;
    followupStatus: string | null;
    closureReason: string | null;
    overrideAt: string | null;
    version: number | null;
  };
  /** The owning office's view: the person's words and choices, consents, steps, and the offices to choose from. */
  personal?: {
    options: string[] | undefined;
    wishes: string | undefined;
    consents: { return: boolean; transfer: boolean };
    overrideReason: string;
    steps: Awaited<ReturnType<typeof listSolutionActions>>;
    offices: Array<{ id: string; name: string }>;
  };
  /** The joint assessment: the overall level for the outcome scope, the matrix for the owner and the risk scope. */
  risk?: {
    overall: string;
    detail?: { risks: Risk[]; destinationSignedAt: string | null; originSignedAt: string | null; version: number; withOffice: string };
  };
  /** With whom the risk assessment is made (for the explanation), even before it exists. */
  riskWithOffice: string;
  /** The owning office's thresholds, which cut each risk of the matrix into low, medium and high. */
  riskThresholds: RiskThresholds;
  handovers: Array<{ id: string; toOfficeId: string; toOffice: string; fromOffice: string; status: string; requestedAt: string; decidedAt: string | null }>;
  /** Message keys of what still stands in the way of a hand-over (the same gates as the request); empty when it can be offered. */
  handoverBlockers: string[];
  plan?: {
    dueOn: string | null;
    savedAt: string;
    late: boolean;
    objectives?: PlanObjectives;
    services?: Array<{ organisationId: string; dimension: string }>;
    version: number;
  };
  planLate: boolean;
  surveys: Array<{
    id: string;
    kind: string;
    takenOn: string;
    configVersion: number;
    economic: number | null;
    social: number | null;
    psychosocial: number | null;
    composite: number | null;
  }>;
}

export async function solutionView(ctx: AppContext, on: OnCase): Promise<SolutionView> {
  const { record, access } = on;
  const scope = viewScope(access);
  const solution = await repo.findSolution(ctx.db, record.id);
  const assessment = await repo.findAssessment(ctx.db, record.id);
  const handovers = await listHandovers(ctx.db, record.id);
  const plan = scope.outcome ? await plans.findPlan(ctx.db, record.office_id, record.id) : undefined;
  const surveys = scope.outcome ? await plans.listSurveys(ctx.db, record.office_id, record.id) : [];
  // The other office of the return: after a hand-over the case belongs to the office it was assessed with, so the
  // other party is then the office that handed it over, never the reader's own office.
  const assessedWith = assessment?.partner_office_id ?? solution?.target_office_id ?? null;
  const handedBy = handovers.find((h) => h.status === 'accepted' && h.to_office_id === record.office_id)?.office_id ?? null;
  const partner = assessedWith === record.office_id ? handedBy : assessedWith;
  const names = await officeNames(
    ctx.db,
    [solution?.target_office_id, partner, record.office_id, ...handovers.flatMap((h) => [h.to_office_id, h.office_id])].filter((x): x is string => !!x),
  );
  const name = (id: string | null | undefined) => (id ? (names.get(id) ?? '') : '');
  const riskWithOffice = access.kind === 'owner' ? name(partner) : name(record.office_id);
  const pendingHandover = handovers.some((h) => h.status === 'pending');
  const blockers = can(access, 'edit') && !pendingHandover ? await handoverBlockers(ctx, on) : [];
  const view: SolutionView = {
    caseId: record.id,
    caseNumber: record.case_number,
    officeId: record.office_id,
    isChild: !!record.is_child,
    closed: record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred',
    access: access.kind === 'owner' ? 'owner' : [...access.scopes],
    scope,
    can: { edit: can(access, 'edit'), decide: can(access, 'decide'), close: can(access, 'close'), assessRisk: can(access, 'assess-risk') },
    summary: {
      decision: solution?.decision ?? null,
      targetOfficeId: solution?.target_office_id ?? null,
      targetOffice: name(solution?.target_office_id),
      returnStatus: solution?.return_status ?? 'none',
      decidedAt: solution?.decided_at ?? null,
      decidedBy: await repo.userName(ctx.db, solution?.decided_by ?? null),
      arrivedOn: solution?.arrived_on ?? null,
      followupStatus: solution?.followup_status ?? null,
      closureReason: solution?.closure_reason ?? null,
      overrideAt: solution?.override_at ?? null,
      version: solution?.version ?? null,
    },
    riskWithOffice,
    riskThresholds: await riskThresholds(ctx.db, record.office_id),
    handoverBlockers: blockers,
    handovers: handovers.map((h) => ({
      id: h.id,
      toOfficeId: h.to_office_id,
      toOffice: name(h.to_office_id),
      fromOffice: name(h.office_id),
      status: h.status,
      requestedAt: h.requested_at,
      decidedAt: h.decided_at,
    })),
    planLate: isPlanLate(solution?.arrived_on ?? null, !!plan),
    surveys: surveys.map((s) => ({
      id: s.id,
      kind: s.kind,
      takenOn: s.taken_on,
      configVersion: s.config_version,
      economic: s.economic,
      social: s.social,
      psychosocial: s.psychosocial,
      composite: s.composite,
    })),
  };
  if (scope.personal) {
    view.personal = {
      options: solution ? (JSON.parse(solution.options) as string[]) : undefined,
      wishes: solution ? await readWishes(ctx, solution) : undefined,
      consents: {
        return: await hasConsent(ctx.db, { caseId: record.id, purpose: 'return' }),
        transfer: await hasConsent(ctx.db, { caseId: record.id, purpose: 'transfer' }),
      },
      overrideReason: solution ? await readOverrideReason(ctx, solution) : '',
      steps: await listSolutionActions(ctx, record),
      offices: await officeSummaries(ctx.db, { orderBy: 'name' }),
    };
  }
  if (assessment && (scope.risk || scope.outcome)) {
    view.risk = { overall: assessment.overall };
    if (scope.risk) {
      view.risk.detail = {
        risks: await readRisks(ctx, assessment),
        destinationSignedAt: assessment.destination_signed_at,
        originSignedAt: assessment.origin_signed_at,
        version: assessment.version,
        withOffice: riskWithOffice,
      };
    }
  }
  if (plan) {
    view.plan = { dueOn: solution?.arrived_on ? planDueOn(solution.arrived_on) : null, savedAt: plan.updated_at, late: view.planLate, version: plan.version };
    if (scope.personal) {
      view.plan.objectives = await readObjectives(ctx, plan);
      view.plan.services = JSON.parse(plan.services);
    }
  }
  return view;
}

/** The API's JSON of a solution: the same presenter, in the shape the API has always had. */
export function solutionJson(view: SolutionView) {
  const owner = view.access === 'owner';
  const detail = view.risk?.detail;
  return {
    caseId: view.caseId,
    caseNumber: view.caseNumber,
    access: view.access,
    decision: view.summary.decision,
    options: owner ? view.personal?.options : undefined,
    wishes: owner ? view.personal?.wishes : undefined,
    targetOfficeId: view.summary.targetOfficeId,
    returnStatus: view.summary.returnStatus,
    arrivedOn: view.summary.arrivedOn,
    followupStatus: view.summary.followupStatus,
    closureReason: view.summary.closureReason,
    version: view.summary.version,
    riskAssessment: view.risk
      ? detail
        ? {
            overall: view.risk.overall,
            risks: detail.risks,
            destinationSignedAt: detail.destinationSignedAt,
            originSignedAt: detail.originSignedAt,
            version: detail.version,
          }
        : { overall: view.risk.overall }
      : undefined,
    handovers: view.handovers.map((h) => ({ id: h.id, toOfficeId: h.toOfficeId, status: h.status, requestedAt: h.requestedAt, decidedAt: h.decidedAt })),
    reintegrationPlan: view.plan
      ? {
          dueOn: view.plan.dueOn,
          savedAt: view.plan.savedAt,
          ...(view.plan.objectives ? { objectives: view.plan.objectives, services: view.plan.services } : {}),
        }
      : null,
    surveys: view.surveys,
  };
}

export interface ReintegrationView extends SolutionView {
  bands: SurveyBands;
  configConfirmed: boolean;
  /** The owning office's partner organisations, for the plan's services. */
  partners: Array<{ id: string; name: string }>;
}

/** The reintegration page: the owner's, or an office's with the outcome scope; anyone else gets "not found". */
export async function reintegrationView(ctx: AppContext, on: OnCase): Promise<ReintegrationView> {
  if (!viewScope(on.access).outcome) throw new NotFoundError();
  const view = await solutionView(ctx, on);
  const current = await currentSurveyConfig(ctx.db, on.record.office_id);
  const partners = view.scope.personal ? await organisationSummaries(ctx.db, { officeId: on.record.office_id }) : [];
  return { ...view, bands: current.config.bands, configConfirmed: current.config.confirmed, partners: partners.map((o) => ({ id: o.id, name: o.org_name })) };
}

/** The survey of the case's office, current version (items and answers, no personal data): what a survey form asks. */
export async function surveyFor(ctx: AppContext, on: OnCase) {
  const current = await currentSurveyConfig(ctx.db, on.record.office_id);
  return { caseId: on.record.id, version: current.version, config: current.config };
}

/** The survey form's page, for those who may take one; anyone else gets "not found". */
export async function surveyFormView(ctx: AppContext, on: OnCase) {
  if (!can(on.access, 'edit')) throw new NotFoundError();
  return surveyFor(ctx, on);
}
