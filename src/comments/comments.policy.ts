import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';

export type CommentAction = 'moderate' | 'reply' | 'triage';

export function can(user: AuthUser, action: CommentAction): boolean {
  if (action === 'triage') return hasPermission(user, 'reports.triage') || hasPermission(user, 'comments.moderate');
  return hasPermission(user, 'comments.moderate');
}
