import type { AuthUser } from '../platform/auth/auth-user.js';
import { canOnCase as can } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';

export type PlanAction = 'read' | 'edit';

/**
 * The plan is part of the case: whoever may read the case reads its plan; whoever may edit the case edits it.
 * Partners never reach a plan; they record services only through their referral (referrals module).
 */
export function canPlan(user: AuthUser, action: PlanAction, record: Pick<CaseRow, 'office_id' | 'owner_id'>): boolean {
  return can(user, action === 'read' ? 'read' : 'edit', record);
}
