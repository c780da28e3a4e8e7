import { type AuthUser, hasPermission } from '../auth/auth-user.js';
import type { NavEntry } from '../features/feature.js';
import type { Translator } from '../i18n/i18n.js';
import type { NavItem } from './layout.js';

/** The entries of the staff app's main navigation that this user may open; the features declare them. */
export function staffNav(t: Translator, user: AuthUser, currentPath: string, entries: readonly NavEntry[]): NavItem[] {
  return entries
    .filter((e) => !e.permission || hasPermission(user, e.permission))
    .map((e) => ({
      href: e.href,
      label: t(e.labelKey),
      current: e.href === '/staff' ? currentPath === '/staff' : currentPath.startsWith(e.href),
    }));
}
