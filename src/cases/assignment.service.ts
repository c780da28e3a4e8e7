import type { CaseAssignmentRule } from '../notifications/notifications.schema.js';
import type { Executor } from '../platform/db/database.js';
import { caseWorkerLoads } from './assignment.repository.js';

/*
 * An office's rule for who takes a case opened from triage when the operator chooses nobody. It runs in the
 * transaction that opens the case, so the cases opened just before in that transaction count: opening three cases
 * from one report in turn gives them to three case workers.
 */

/** The case worker the rule gives the next case to, or null (rule `none`, or no active case worker in the office). */
export async function ownerByRule(db: Executor, officeId: string, rule: CaseAssignmentRule): Promise<string | null> {
  if (rule === 'none') return null;
  const loads = await caseWorkerLoads(db, officeId);
  if (loads.length === 0) return null;
  const sorted = [...loads].sort((a, b) =>
    rule === 'fewest_open'
      ? a.open - b.open || (a.lastCaseAt ?? '').localeCompare(b.lastCaseAt ?? '') || a.id.localeCompare(b.id)
      : (a.lastCaseAt ?? '').localeCompare(b.lastCaseAt ?? '') || a.id.localeCompare(b.id),
  );
  return sorted[0]?.id ?? null;
}
