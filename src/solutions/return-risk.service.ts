import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { touchCase } from '../cases/index.js';
import { assertGates, SOLUTION_GATES } from './gates.service.js';
import { overallRisk, type Risk, type RiskLevel, SEALED } from './solutions.model.js';
import { riskThresholds } from './risk-settings.service.js';
import * as repo from './solutions.repository.js';
import { bumpSolution, caseEvent, grantShare, type OnCase, requireAccess } from './solutions.service.js';
import type { CaseSolutionRow, RiskAssessmentRow } from './solutions.table.js';

const RETURN_CONSENT = { purpose: 'return', action: 'solution.return' } as const;

export async function readRisks(ctx: AppContext, row: { id: string; risks_enc: string | null }): Promise<Risk[]> {
  return row.risks_enc ? ctx.keys.decrypt<Risk[]>(row.risks_enc, SEALED.risks(row.id)) : [];
}

export async function readOverrideReason(ctx: AppContext, row: CaseSolutionRow): Promise<string> {
  return row.override_reason_enc ? ctx.keys.decrypt<string>(row.override_reason_enc, SEALED.overrideReason(row.id)) : '';
}

type Signature = { by: string | null; at: string | null };

/** Who has signed after this save: a changed matrix clears both signatures, then the saving side signs. */
function signatures(existing: RiskAssessmentRow | undefined, opts: { changed: boolean; side: 'destination' | 'origin'; by: string }) {
  const none: Signature = { by: null, at: null };
  let destination: Signature = opts.changed ? none : { by: existing?.destination_signed_by ?? null, at: existing?.destination_signed_at ?? null };
  let origin: Signature = opts.changed ? none : { by: existing?.origin_signed_by ?? null, at: existing?.origin_signed_at ?? null };
  const mine = { by: opts.by, at: nowIso() };
  if (opts.side === 'destination') destination = mine;
  else origin = mine;
  return { destination, origin };
}

/**
 * Saves the joint risk matrix and signs it for the saving office's side. The destination office (owner) starts
 * it, which shares the risk matrix with the origin office (scope 'risk', needs the 'transfer' consent: the
 * person's situation goes to another office); the origin office adds its view. Any change clears the other
 * side's signature, so the two offices sign the same matrix. Once both have signed, a high overall risk blocks
 * the return.
 */
export async function saveRiskAssessment(
  ctx: AppContext,
  on: OnCase,
  input: { risks: Risk[]; version?: number | undefined },
): Promise<{ overall: RiskLevel; complete: boolean }> {
  requireAccess(on, 'assess-risk');
  if (new Set(input.risks.map((r) => r.factor)).size !== input.risks.length) throw new ValidationError({ risks: 'solutions.errors.duplicateFactor' });
  const { record, actor } = on;
  const side = on.access.kind === 'owner' ? 'destination' : 'origin';
  return inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, record.id);
    if (solution?.decision !== 'return' || !solution.target_office_id) throw new RuleError('NOT_A_RETURN', 'solutions.errors.notReturn');
    if (solution.return_status === 'travelled') throw new RuleError('ALREADY_TRAVELLED', 'solutions.errors.alreadyTravelled');
    await assertGates(tx, on, { ...SOLUTION_GATES, consent: { purpose: 'transfer', action: 'solution.joint_assessment' } });
    const existing = await repo.findAssessment(tx, record.id);
    if (input.version !== undefined && existing && existing.version !== input.version) throw new StaleVersionError();
    if (!existing && side !== 'destination') throw new ForbiddenError();
    const overall = overallRisk(input.risks, await riskThresholds(tx, record.office_id));
    const id = existing?.id ?? newId();
    const risksEnc = await ctx.keys.encrypt(record.office_id, input.risks, { aad: SEALED.risks(id), db: tx });
    const changed = !existing || JSON.stringify(await readRisks(ctx, existing)) !== JSON.stringify(input.risks);
    const { destination, origin } = signatures(existing, { changed, side, by: actor.id });
    const signed = { destination_signed_by: destination.by, destination_signed_at: destination.at, origin_signed_by: origin.by, origin_signed_at: origin.at };
    if (!existing) {
      const now = nowIso();
      await repo.insertAssessment(tx, {
        id,
        office_id: record.office_id,
        case_id: record.id,
        partner_office_id: solution.target_office_id,
        risks_enc: risksEnc,
        overall,
        ...signed,
        created_at: now,
        updated_at: now,
      });
      await grantShare(tx, on, { officeId: solution.target_office_id, scope: 'risk', until: null });
    } else if (!(await repo.updateAssessmentChecked(tx, { id, version: existing.version, patch: { risks_enc: risksEnc, overall, ...signed } }))) {
      throw new StaleVersionError();
    }
    const complete = !!destination.at && !!origin.at;
    await recordEvent(tx, caseEvent(on, 'solution.risk_assessed', { side, overall, risks: input.risks.length, complete }));
    await applyAssessment(tx, { on, solution, overall, complete, changed });
    return { overall, complete };
  });
}

/** The return's status after an assessment; a supervisor's decision to go on applies only to the matrix they saw. */
async function applyAssessment(
  tx: Executor,
  opts: { on: OnCase; solution: CaseSolutionRow; overall: RiskLevel; complete: boolean; changed: boolean },
): Promise<void> {
  const { solution, overall, complete } = opts;
  const resetOverride = opts.changed && !!solution.override_at;
  const high = complete && overall === 'high';
  let status = 'pending_assessment';
  if (complete) status = high && !solution.override_at ? 'blocked' : 'cleared';
  if (resetOverride && high) status = 'blocked';
  await bumpSolution(tx, {
    row: solution,
    patch: { return_status: status, ...(resetOverride ? { override_at: null, override_by: null, override_reason_enc: null } : {}) },
  });
  if (high && (resetOverride || !solution.override_at)) await recordEvent(tx, caseEvent(opts.on, 'solution.return_blocked', { overall }));
}

/** A supervisor records why the return goes on despite a high risk (at least 20 characters), audited. */
export async function overrideHighRisk(ctx: AppContext, on: OnCase, reason: string): Promise<void> {
  requireAccess(on, 'decide');
  const text = reason.trim();
  if (text.length < 20) throw new RuleError('OVERRIDE_REASON_REQUIRED', 'solutions.errors.overrideReason');
  await inTransaction(ctx.db, async (tx) => {
    await assertGates(tx, on, { ...SOLUTION_GATES, consent: RETURN_CONSENT });
    const solution = await repo.findSolution(tx, on.record.id);
    if (solution?.return_status !== 'blocked') throw new RuleError('NOT_BLOCKED', 'solutions.errors.notBlocked');
    await bumpSolution(tx, {
      row: solution,
      patch: {
        return_status: 'cleared',
        override_reason_enc: await ctx.keys.encrypt(on.record.office_id, text, { aad: SEALED.overrideReason(solution.id), db: tx }),
        override_by: on.actor.id,
        override_at: nowIso(),
      },
    });
    await recordEvent(tx, caseEvent(on, 'solution.return_override', { overall: 'high', reason: 'recorded' }));
  });
}

/**
 * The gate of a voluntary return: the decision is return, the person's 'return' consent stands, a child's
 * safeguards pass, the joint assessment is signed by both offices, and a high risk has a supervisor's reason.
 */
export async function assertReturnAllowed(tx: Executor, on: Pick<OnCase, 'actor' | 'record'>): Promise<CaseSolutionRow> {
  const solution = await repo.findSolution(tx, on.record.id);
  if (solution?.decision !== 'return') throw new RuleError('NOT_A_RETURN', 'solutions.errors.notReturn');
  await assertGates(tx, on, { child: true, consent: RETURN_CONSENT });
  if (solution.return_status === 'pending_assessment') throw new RuleError('RISK_ASSESSMENT_REQUIRED', 'solutions.errors.assessmentRequired');
  if (solution.return_status === 'blocked') throw new RuleError('RETURN_BLOCKED_HIGH_RISK', 'solutions.errors.returnBlocked');
  return solution;
}

/** Records the arrival in the origin country: the return has happened, follow-up starts, the plan is due a month later. */
export async function recordArrival(ctx: AppContext, on: OnCase, arrivedOn: string): Promise<void> {
  requireAccess(on, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const solution = await assertReturnAllowed(tx, on);
    await assertGates(tx, on, { notPending: true });
    if (solution.return_status === 'travelled') throw new ConflictError('solutions.errors.alreadyTravelled');
    await bumpSolution(tx, { row: solution, patch: { return_status: 'travelled', arrived_on: arrivedOn, followup_status: 'followup' } });
    await touchCase(tx, on.record.id, { stage: 'followup', cas_status: 'FollowUp' });
    await recordEvent(tx, caseEvent(on, 'solution.arrived', { arrivedOn }));
  });
}
