import { type AuthUser, type hasPermission, officesWith } from '../platform/auth/auth-user.js';
import type { CaseRow } from './cases.table.js';

/**
 * Who may do what with a case. Case workers work the cases of their office assigned to them; supervisors
 * every case of their office. Partners and analysts never reach a case here: partners only through what a
 * referral grants (referrals module), analysts only through aggregates.
 */
export type CaseAction = 'read' | 'edit' | 'assign' | 'decide' | 'close' | 'reopen' | 'refer' | 'override-consent';

export function can(user: AuthUser, action: CaseAction, record: Pick<CaseRow, 'office_id' | 'owner_id'>): boolean {
  const supervises = hasPermissionIn(user, 'cases.supervise', record.office_id);
  switch (action) {
    case 'read':
    case 'edit':
    case 'refer':
    case 'close':
      return supervises || (hasPermissionIn(user, 'cases.work', record.office_id) && record.owner_id === user.id);
    case 'assign':
    case 'decide':
    case 'reopen':
      return supervises;
    case 'override-consent':
      return hasPermissionIn(user, 'consent.override', record.office_id);
  }
}

/** Opening a new case in an office (from a report, a referral or directly). */
export function canOpenIn(user: AuthUser, officeId: string): boolean {
  return hasPermissionIn(user, 'cases.work', officeId) || hasPermissionIn(user, 'reports.triage', officeId);
}

function hasPermissionIn(user: AuthUser, permission: Parameters<typeof hasPermission>[1], officeId: string): boolean {
  const offices = officesWith(user, permission);
  return offices === 'all' || offices.includes(officeId);
}

/**
 * The same rule as `can(user, 'read', ...)`, as SQL scope for list queries: offices where the user supervises
 * (every case) and offices where they work cases (only their own).
 */
export function caseListScope(user: AuthUser): { supervised: string[] | 'all'; owned: string[] | 'all' } {
  return { supervised: officesWith(user, 'cases.supervise'), owned: officesWith(user, 'cases.work') };
}
