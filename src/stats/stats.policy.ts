import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import { ForbiddenError } from '../platform/http/errors.js';

/**
 * Statistics show aggregates only, protected against small counts: no record, no person, whatever the role.
 * - view: the reference figures and dashboards (stats.view: analysts and supervisors);
 * - exchange: import CTDC files and export an office's data to CTDC (ctdc.exchange: analysts).
 */
export type StatsAction = 'view' | 'exchange';

export function can(user: AuthUser, action: StatsAction): boolean {
  return hasPermission(user, action === 'view' ? 'stats.view' : 'ctdc.exchange');
}

export function authorise(user: AuthUser, action: StatsAction): void {
  if (!can(user, action)) throw new ForbiddenError();
}
