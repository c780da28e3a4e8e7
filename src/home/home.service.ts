import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { NavEntry } from '../platform/features/feature.js';

/** The staff home's shortcuts: every navigation entry but the home itself that this user may open. */
export function staffHomeEntries(user: AuthUser, nav: readonly NavEntry[]): NavEntry[] {
  return nav.filter((e) => e.href !== '/staff' && (!e.permission || hasPermission(user, e.permission)));
}
