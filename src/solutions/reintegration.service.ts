import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { isAfterToday } from '../platform/dates.js';
import { ConflictError, ForbiddenError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { findOffice, organisationSummaries } from '../offices/offices.repository.js';
import { assertGates, SOLUTION_GATES } from './gates.service.js';
import * as plans from './reintegration.repository.js';
import { lateCutoff, planDueOn, SEALED } from './solutions.model.js';
import { canConfigureSurvey } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import { caseEvent, type OnCase, requireAccess } from './solutions.service.js';
import {
  currentSurveyConfig,
  type Dimension,
  DIMENSIONS,
  saveSurveyConfig,
  scoreSurvey,
  type SurveyConfig,
  type SurveyScores,
  validConfig,
  weightsOf,
} from './survey.js';

export interface PlanObjectives {
  economic: string;
  social: string;
  psychosocial: string;
}

export interface PlanInput extends PlanObjectives {
  services?: Array<{ organisationId: string; dimension: Dimension }> | undefined;
  version?: number | undefined;
}

/** The reintegration plan: objectives per dimension (encrypted) and services from partners in the origin country. */
export async function saveReintegrationPlan(ctx: AppContext, on: OnCase, given: PlanInput): Promise<void> {
  requireAccess(on, 'edit');
  const input = { ...given, services: given.services ?? [] };
  const { record, actor } = on;
  await inTransaction(ctx.db, async (tx) => {
    await assertGates(tx, on, SOLUTION_GATES);
    const orgIds = [...new Set(input.services.map((s) => s.organisationId))];
    if (orgIds.length > 0 && (await organisationSummaries(tx, { ids: orgIds })).length !== orgIds.length)
      throw new RuleError('UNKNOWN_ORGANISATION', 'solutions.errors.unknownOrganisation');
    const existing = await plans.findPlan(tx, record.office_id, record.id);
    const id = existing?.id ?? newId();
    const objectives: PlanObjectives = { economic: input.economic, social: input.social, psychosocial: input.psychosocial };
    const objectivesEnc = await ctx.keys.encrypt(record.office_id, objectives, { aad: SEALED.objectives(id), db: tx });
    const services = JSON.stringify(input.services);
    if (existing) {
      if (input.version !== undefined && input.version !== existing.version) throw new StaleVersionError();
      if (!(await plans.updatePlanChecked(tx, { id, version: existing.version, objectivesEnc, services }))) throw new StaleVersionError();
    } else {
      const now = nowIso();
      await plans.insertPlan(tx, {
        id,
        office_id: record.office_id,
        case_id: record.id,
        objectives_enc: objectivesEnc,
        services,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      });
    }
    await recordEvent(tx, caseEvent(on, 'solution.plan_saved', { services: input.services.length }));
  });
}

export async function readObjectives(ctx: AppContext, plan: { id: string; objectives_enc: string }): Promise<PlanObjectives> {
  return ctx.keys.decrypt<PlanObjectives>(plan.objectives_enc, SEALED.objectives(plan.id));
}

/**
 * Takes a survey with the office's current version; the scores and the weights used are stored with it, so a
 * later change of weights never changes them. Only answers that exist in the version are accepted.
 */
export async function takeSurvey(
  ctx: AppContext,
  on: OnCase,
  input: { kind: 'baseline' | 'followup'; takenOn: string; answers: Record<string, number> },
): Promise<{ id: string; scores: SurveyScores }> {
  requireAccess(on, 'edit');
  const { record, actor } = on;
  return inTransaction(ctx.db, async (tx) => {
    await assertGates(tx, on, SOLUTION_GATES);
    const current = await currentSurveyConfig(tx, record.office_id);
    const clean: Record<string, number> = {};
    for (const item of current.config.items) {
      const v = input.answers[item.id];
      if (v === undefined) continue;
      if (!item.answers.some((a) => a.value === v)) throw new RuleError('UNKNOWN_ANSWER', 'solutions.errors.unknownAnswer');
      clean[item.id] = v;
    }
    if (Object.keys(clean).length === 0) throw new RuleError('NO_ANSWERS', 'solutions.errors.noAnswers');
    const office = await findOffice(tx, record.office_id);
    if (isAfterToday(input.takenOn, office?.time_zone ?? 'UTC')) throw new ValidationError({ takenOn: 'solutions.errors.takenOnFuture' });
    if (input.kind === 'baseline' && (await plans.hasBaseline(tx, record.office_id, record.id))) throw new ConflictError('solutions.errors.baselineExists');
    const weights = weightsOf(current.config);
    const scores = scoreSurvey(current.config, clean, weights);
    const id = newId();
    await plans.insertSurvey(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      kind: input.kind,
      taken_on: input.takenOn,
      config_id: current.id,
      config_version: current.version,
      weights_used: JSON.stringify(weights),
      answers_enc: await ctx.keys.encrypt(record.office_id, clean, { aad: SEALED.answers(id), db: tx }),
      ...scores,
      created_by: actor.id,
      created_at: nowIso(),
    });
    await recordEvent(tx, caseEvent(on, 'solution.survey_taken', { kind: input.kind, configVersion: current.version, composite: scores.composite }));
    return { id, scores };
  });
}

/** The weights per item and per dimension, and the two band limits, as the configuration form sends them. */
export interface SurveyWeightsInput {
  items: Record<string, number | undefined>;
  dimensions: Partial<Record<Dimension, number>>;
  bands: { low?: number | undefined; high?: number | undefined };
}

/** A supervisor saves a new version of the office's survey weights and bands (earlier surveys keep theirs). */
export async function configureSurvey(ctx: AppContext, actor: AuthUser, input: { officeId: string; weights: SurveyWeightsInput }): Promise<void> {
  if (!canConfigureSurvey(actor, input.officeId)) throw new ForbiddenError();
  const { officeId, weights } = input;
  const current = await currentSurveyConfig(ctx.db, officeId);
  const next: SurveyConfig = {
    ...current.config,
    items: current.config.items.map((i) => ({ ...i, weight: weights.items[i.id] ?? i.weight })),
    dimensionWeights: Object.fromEntries(DIMENSIONS.map((d) => [d, weights.dimensions[d] ?? 1])) as Record<Dimension, number>,
    bands: { low: weights.bands.low ?? current.config.bands.low, high: weights.bands.high ?? current.config.bands.high },
  };
  if (!validConfig(next)) throw new RuleError('INVALID_CONFIG', 'solutions.errors.invalidConfig');
  await inTransaction(ctx.db, async (tx) => {
    const saved = await saveSurveyConfig(tx, { officeId, actorId: actor.id, config: next });
    await recordEvent(tx, {
      type: 'solution.survey_configured',
      officeId,
      actorId: actor.id,
      subjectType: 'survey_config',
      subjectId: saved.id,
      data: { version: saved.version },
    });
  });
}

/**
 * Reminder job: a case that arrived more than a month ago without a reintegration plan gets an audited reminder
 * (once), which the solution page and the office's list show as late.
 */
export async function remindLatePlans(ctx: AppContext, today = nowIso().slice(0, 10)): Promise<number> {
  const late = await repo.unremindedLatePlans(ctx.db, lateCutoff(today));
  for (const row of late) {
    await inTransaction(ctx.db, async (tx) => {
      await repo.markPlanReminded(tx, row.id);
      await recordEvent(tx, {
        type: 'solution.plan_overdue',
        officeId: row.office_id,
        actorId: null,
        subjectType: 'case',
        subjectId: row.case_id,
        data: { dueOn: planDueOn(row.arrived_on as string) },
      });
    });
  }
  return late.length;
}
