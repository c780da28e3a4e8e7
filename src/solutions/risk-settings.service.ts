import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { surveyConfigOffice } from './office.service.js';
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds, validThresholds } from './solutions.model.js';
import { canConfigureSurvey } from './solutions.policy.js';
import * as repo from './solutions.repository.js';

/*
 * An office's return-risk thresholds: from which likelihood × impact score a risk is medium and from which it is
 * high (a high overall risk blocks a return until a supervisor overrides it). Until an office sets its own, the
 * built-in 3 and 6 apply.
 */

/** The thresholds an office's assessments are cut with now. */
export async function riskThresholds(db: Executor, officeId: string): Promise<RiskThresholds> {
  const row = await repo.findRiskSettings(db, officeId);
  return row ? { mediumFrom: row.medium_from, highFrom: row.high_from } : DEFAULT_RISK_THRESHOLDS;
}

export interface RiskSettingsView {
  officeId: string;
  thresholds: RiskThresholds;
  /** Undefined while the office uses the built-in thresholds. */
  version: number | undefined;
  defaults: RiskThresholds;
}

/** The settings page of the office a supervisor asks for (or their first); refused for anyone else. */
export async function riskSettingsView(ctx: AppContext, user: AuthUser, asked: unknown): Promise<RiskSettingsView> {
  const officeId = surveyConfigOffice(user, asked);
  const row = await repo.findRiskSettings(ctx.db, officeId);
  return {
    officeId,
    thresholds: row ? { mediumFrom: row.medium_from, highFrom: row.high_from } : DEFAULT_RISK_THRESHOLDS,
    version: row?.version,
    defaults: DEFAULT_RISK_THRESHOLDS,
  };
}

/** A supervisor of the office sets its thresholds; assessments saved before keep the level they were given. */
export async function configureRiskThresholds(
  ctx: AppContext,
  actor: AuthUser,
  input: { officeId: string; thresholds: RiskThresholds; version: number | undefined },
): Promise<void> {
  if (!canConfigureSurvey(actor, input.officeId)) throw new ForbiddenError();
  const { mediumFrom, highFrom } = input.thresholds;
  if (!validThresholds(input.thresholds)) throw new ValidationError({ highFrom: 'solutions.riskSettings.invalid' });
  await inTransaction(ctx.db, async (tx) => {
    const saved = await repo.saveRiskSettings(
      tx,
      { office_id: input.officeId, medium_from: mediumFrom, high_from: highFrom, updated_by: actor.id, updated_at: nowIso() },
      input.version,
    );
    if (!saved) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'solution.risk_thresholds_configured',
      officeId: input.officeId,
      actorId: actor.id,
      subjectType: 'office',
      subjectId: input.officeId,
      data: { mediumFrom, highFrom },
    });
  });
}
