import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { RuleError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { officeExists } from '../offices/offices.repository.js';
import { assertGates } from './gates.service.js';
import { SEALED, type SolutionOption } from './solutions.model.js';
import * as repo from './solutions.repository.js';
import { bumpSolution, caseEvent, type OnCase, requireAccess, solutionRow } from './solutions.service.js';
import type { CaseSolutionRow } from './solutions.table.js';

/** The decision as both doors send it (the API's body, the form's fields): absent means none. */
export interface DecisionInput {
  options: SolutionOption[];
  wishes: string;
  decision?: SolutionOption | null | undefined;
  targetOfficeId?: string | null | undefined;
  version?: number | undefined;
}

/**
 * Chooses the durable solution: options considered, the person's wishes (encrypted), the decision, who and when.
 * A decision for a child needs the child safeguards; a return also needs the person's separate 'return' consent;
 * nothing changes while a hand-over waits.
 */
export async function chooseSolution(ctx: AppContext, on: OnCase, given: DecisionInput): Promise<void> {
  requireAccess(on, 'edit');
  const { record, actor } = on;
  const input = { ...given, decision: given.decision ?? null, targetOfficeId: given.targetOfficeId ?? null };
  if (input.decision && !input.options.includes(input.decision)) throw new RuleError('DECISION_NOT_CONSIDERED', 'solutions.errors.decisionNotConsidered');
  if ((input.decision === 'return' || input.decision === 'resettlement') && !input.targetOfficeId)
    throw new RuleError('TARGET_OFFICE_REQUIRED', 'solutions.errors.targetOfficeRequired');
  // After a hand-over the case is with its receiving office, which keeps itself as the target when it revises.
  const previous = await repo.findSolution(ctx.db, record.id);
  if (input.targetOfficeId === record.office_id && previous?.target_office_id !== record.office_id)
    throw new RuleError('TARGET_OFFICE_SAME', 'solutions.errors.targetOfficeSame');
  if (input.targetOfficeId && !(await officeExists(ctx.db, input.targetOfficeId)))
    throw new RuleError('TARGET_OFFICE_UNKNOWN', 'solutions.errors.targetOfficeUnknown');
  await inTransaction(ctx.db, async (tx) => {
    await assertGates(tx, on, {
      child: !!input.decision,
      consent: input.decision === 'return' ? { purpose: 'return', action: 'solution.return' } : undefined,
      notPending: true,
    });
    const row = await solutionRow(tx, record);
    const keepStatus = row.decision === 'return' && row.return_status !== 'none';
    const returnStatus = input.decision === 'return' ? (keepStatus ? row.return_status : 'pending_assessment') : 'none';
    const patch = {
      options: JSON.stringify(input.options),
      wishes_enc: input.wishes ? await ctx.keys.encrypt(record.office_id, input.wishes, { aad: SEALED.wishes(row.id), db: tx }) : null,
      decision: input.decision,
      target_office_id: input.targetOfficeId,
      decided_by: input.decision ? actor.id : null,
      decided_at: input.decision ? nowIso() : null,
      return_status: returnStatus,
    };
    await bumpSolution(tx, { row, patch, expectedVersion: input.version });
    await recordEvent(tx, caseEvent(on, 'solution.decided', { decision: input.decision, options: input.options, targetOfficeId: input.targetOfficeId }));
  });
}

export async function readWishes(ctx: AppContext, row: CaseSolutionRow): Promise<string> {
  return row.wishes_enc ? ctx.keys.decrypt<string>(row.wishes_enc, SEALED.wishes(row.id)) : '';
}
