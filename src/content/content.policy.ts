import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';

export type ContentAction = 'edit' | 'publish' | 'archive';

/** Public content belongs to the whole organisation: editors and administrators manage it. */
export function can(user: AuthUser, _action: ContentAction): boolean {
  return hasPermission(user, 'content.edit');
}
