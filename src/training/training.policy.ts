import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';

/**
 * Trainings belong to the office that runs them: administrators and supervisors of that office (or global
 * administrators) manage them. The material library is shared with everyone who holds 'training.library',
 * partner users included, because it is public-interest material and holds no personal data.
 */
export type TrainingAction = 'manage' | 'read-library' | 'manage-library';

export function can(user: AuthUser, action: TrainingAction, record?: { office_id: string }): boolean {
  if (action === 'read-library') return hasPermission(user, 'training.library');
  const scope = officesWith(user, 'training.manage');
  if (scope === 'all') return true;
  if (!record) return scope.length > 0;
  return scope.includes(record.office_id);
}

/** Offices whose trainings a user may list and count: applied in SQL. */
export function trainingScope(user: AuthUser): string[] | 'all' {
  return officesWith(user, 'training.manage');
}
