import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ConflictError, RuleError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { touchCase, updateCaseChecked } from '../cases/index.js';
import { assertGates, SOLUTION_GATES } from './gates.service.js';
import type { ClosureReason } from './solutions.model.js';
import * as repo from './solutions.repository.js';
import { bumpSolution, caseEvent, type OnCase, requireAccess } from './solutions.service.js';
import { webhookEvent } from '../webhooks/webhooks.service.js';

/** Closes the case after the solution, with a reason of the Reintegration Handbook's list (DOMAIN.md §2.2). */
export async function closeAfterSolution(ctx: AppContext, on: OnCase, reason: ClosureReason): Promise<void> {
  requireAccess(on, 'close');
  const { record } = on;
  await inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, record.id);
    if (!solution?.decision) throw new RuleError('NO_SOLUTION', 'solutions.errors.noSolution');
    if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new ConflictError('solutions.errors.alreadyClosed');
    await assertGates(tx, on, SOLUTION_GATES);
    await updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: record.version,
      changes: {
        cas_status: reason === 'referred_elsewhere' ? 'ClosedReferred' : 'Closed',
        stage: 'closed',
        closed_at: nowIso(),
        cas_reason_for_case_closure: reason,
      },
    });
    await bumpSolution(tx, { row: solution, patch: { followup_status: 'closed', closure_reason: reason } });
    await recordEvent(tx, caseEvent(on, 'solution.closed', { reason }));
    await webhookEvent(tx, 'case.closed', {
      officeId: record.office_id,
      caseId: record.id,
      status: reason === 'referred_elsewhere' ? 'ClosedReferred' : 'Closed',
    });
  });
}

/** Starts follow-up once a local integration or resettlement solution is in place (a return does it on arrival). */
export async function startFollowUp(ctx: AppContext, on: OnCase): Promise<void> {
  requireAccess(on, 'edit');
  await inTransaction(ctx.db, async (tx) => {
    const solution = await repo.findSolution(tx, on.record.id);
    if (!solution?.decision) throw new RuleError('NO_SOLUTION', 'solutions.errors.noSolution');
    if (solution.decision === 'return') throw new RuleError('RETURN_FOLLOWUP_ON_ARRIVAL', 'solutions.errors.followupOnArrival');
    await assertGates(tx, on, SOLUTION_GATES);
    await bumpSolution(tx, { row: solution, patch: { followup_status: 'followup' } });
    await touchCase(tx, on.record.id, { stage: 'followup', cas_status: 'FollowUp' });
    await recordEvent(tx, caseEvent(on, 'solution.followup_started', {}));
  });
}
