import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';

/**
 * Administrators manage users, offices and organisations. A global administrator (no office) manages all;
 * an office administrator manages the users of their office. No administrator sees case content through this.
 */
export type AdminAction = 'manage-offices' | 'manage-organisations' | 'manage-user' | 'list-users';

export function can(user: AuthUser, action: AdminAction, record?: { officeIds?: Array<string | null> }): boolean {
  const scope = officesWith(user, 'admin.manage');
  if (scope === 'all') return true;
  if (scope.length === 0) return false;
  switch (action) {
    case 'manage-offices':
      return false;
    case 'manage-organisations':
    case 'list-users':
      return true;
    case 'manage-user':
      return (record?.officeIds ?? []).length > 0 && (record?.officeIds ?? []).every((o) => o !== null && scope.includes(o));
  }
}

/** The offices whose users this administrator may list (SQL scope, not a filter after the fetch). */
export function userListScope(user: AuthUser): string[] | 'all' {
  return officesWith(user, 'admin.manage');
}
