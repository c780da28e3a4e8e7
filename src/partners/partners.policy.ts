import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';

/**
 * Administrators and supervisors manage the partner network. A global holder manages every organisation;
 * an office holder manages the organisations that their office manages. Organisations that no office manages
 * are left to global administrators, so that one office cannot change another's partners.
 */
export type PartnerAction = 'manage';

export function can(user: AuthUser, _action: PartnerAction, organisation: { office_id: string | null }): boolean {
  const scope = officesWith(user, 'partners.manage');
  if (scope === 'all') return true;
  return organisation.office_id !== null && scope.includes(organisation.office_id);
}

/** The offices whose partners a user may list: applied in SQL. */
export function partnerListScope(user: AuthUser): string[] | 'all' {
  return officesWith(user, 'partners.manage');
}
