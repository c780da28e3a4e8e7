import { type AuthUser, hasPermission } from '../auth/auth-user.js';
import type { AppContext } from '../context.js';
import type { NavEntry } from '../features/feature.js';
import type { Translator } from '../i18n/i18n.js';
import type { NavItem } from './layout.js';

/** The entries of the staff app's main navigation that this user may open; the features declare them. */
export function staffNav(
  t: Translator,
  { user, currentPath, entries, badges = new Map() }: { user: AuthUser; currentPath: string; entries: readonly NavEntry[]; badges?: ReadonlyMap<string, number> },
): NavItem[] {
  return entries
    .filter((e) => !e.permission || hasPermission(user, e.permission))
    .map((e) => {
      const count = badges.get(e.href) ?? 0;
      return {
        href: e.href,
        label: t(e.labelKey),
        current: e.href === '/staff' ? currentPath === '/staff' : currentPath.startsWith(e.href),
        ...(count > 0 ? { badge: { count: t.number(count), label: e.badgeKey ? t(e.badgeKey, { count }) : String(count) } } : {}),
      };
    });
}

/** The counts of the entries that show one (unread notifications), for this user. */
export async function navBadges(ctx: AppContext, user: AuthUser, entries: readonly NavEntry[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of entries) {
    if (!e.badge || (e.permission && !hasPermission(user, e.permission))) continue;
    out.set(e.href, await e.badge(ctx, user));
  }
  return out;
}
