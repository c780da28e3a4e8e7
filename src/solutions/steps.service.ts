import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { NotFoundError, RuleError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { addPlanAction, updatePlanAction } from '../plans/plans.service.js';
import { assertGates, type Gates, SOLUTION_GATES } from './gates.service.js';
import { ACTION_TRACKS, type ActionTrack, SEALED } from './solutions.model.js';
import * as repo from './solutions.repository.js';
import { caseEvent, type OnCase, requireAccess } from './solutions.service.js';

/*
 * The steps of a return, a local integration (residence status, housing, work...), a resettlement (submission,
 * interview...) and the follow-up, kept as actions of the case's assistance plan.
 */

export interface ActionInput {
  track: ActionTrack;
  step: string;
  dueOn: string | null;
  ownerId: string | null;
  /** The plan action's description, in the words of the person who adds it (encrypted by the plan). */
  description: string;
}

/** A step of a child's durable solution needs the safeguards; a return step, the person's return consent. */
function stepGates(track: string): Gates {
  return { ...SOLUTION_GATES, consent: track === 'return' ? { purpose: 'return', action: 'solution.return_step' } : undefined };
}

/**
 * Adds a step as an action of the case's assistance plan (type durable_solution, source solutions), with its
 * owner and due date, and links its track and step.
 */
export async function addAction(ctx: AppContext, on: OnCase, input: ActionInput): Promise<string> {
  requireAccess(on, 'edit');
  const { record, actor } = on;
  if (!(ACTION_TRACKS[input.track] as readonly string[]).includes(input.step)) throw new RuleError('UNKNOWN_STEP', 'solutions.errors.unknownStep');
  return inTransaction(ctx.db, async (tx) => {
    await assertGates(tx, on, stepGates(input.track));
    const id = await addPlanAction(ctx, {
      actor,
      record,
      input: { type: 'durable_solution', description: input.description, ownerId: input.ownerId ?? actor.id, dueDate: input.dueOn ?? undefined },
      opts: { source: 'solutions', tx },
    });
    await repo.insertStep(tx, { id, office_id: record.office_id, case_id: record.id, track: input.track, step: input.step, created_at: nowIso() });
    await recordEvent(tx, caseEvent(on, 'solution.action_added', { track: input.track, step: input.step }));
    return id;
  });
}

/**
 * Marks a step done or cancelled, through the plan (version-checked there), once its gates pass: the gates are
 * read and the action changed in one transaction, so a guardian ended or a consent withdrawn meanwhile is not
 * missed. The plan refuses this status change to anyone who does not pass the step's source.
 */
export async function setActionStatus(ctx: AppContext, on: OnCase, input: { actionId: string; status: 'done' | 'cancelled'; version: number }): Promise<void> {
  requireAccess(on, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const step = await repo.findStep(tx, { id: input.actionId, caseId: on.record.id, officeId: on.record.office_id });
    if (!step) throw new NotFoundError();
    await assertGates(tx, on, stepGates(step.track));
    await updatePlanAction(ctx, {
      actor: on.actor,
      record: on.record,
      actionId: input.actionId,
      input: { status: input.status, version: input.version },
      opts: { source: 'solutions', tx },
    });
  });
}

/** The solution's steps with their plan action (description decrypted). */
export async function listSolutionActions(ctx: AppContext, record: OnCase['record']) {
  const rows = await repo.listSteps(ctx.db, record);
  return Promise.all(rows.map(async (r) => ({ ...r, description: await ctx.keys.decrypt<string>(r.description_enc, SEALED.planAction(r.id)) })));
}
