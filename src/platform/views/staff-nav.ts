import { type AuthUser, hasPermission } from '../auth/auth-user.js';
import type { Permission } from '../auth/roles.js';
import type { Translator } from '../i18n/i18n.js';
import type { NavItem } from './layout.js';

interface NavEntry {
  href: string;
  labelKey: string;
  permission?: Permission;
}

/** The staff app's main navigation; each feature adds its entry here. */
export const STAFF_NAV: NavEntry[] = [
  { href: '/staff', labelKey: 'nav.home' },
  { href: '/staff/reports', labelKey: 'reports.nav', permission: 'reports.triage' },
  { href: '/staff/cases', labelKey: 'cases.nav', permission: 'cases.work' },
  { href: '/staff/admin', labelKey: 'nav.admin', permission: 'admin.manage' },
  { href: '/staff/partners', labelKey: 'partners.nav', permission: 'partners.manage' },
  { href: '/staff/training', labelKey: 'training.nav', permission: 'training.library' },
  { href: '/staff/content', labelKey: 'content.staff.title', permission: 'content.edit' },
  { href: '/partner', labelKey: 'referrals.portal.nav', permission: 'referrals.respond' },
  { href: '/staff/solutions', labelKey: 'solutions.nav', permission: 'cases.work' },
  { href: '/staff/dashboards', labelKey: 'dashboards.nav', permission: 'stats.view' },
  { href: '/staff/stats/reference', labelKey: 'stats.nav', permission: 'stats.view' },
  { href: '/staff/account', labelKey: 'nav.account' },
];

export function staffNav(t: Translator, user: AuthUser, currentPath: string): NavItem[] {
  return STAFF_NAV.filter((e) => !e.permission || hasPermission(user, e.permission)).map((e) => ({
    href: e.href,
    label: t(e.labelKey),
    current: e.href === '/staff' ? currentPath === '/staff' : currentPath.startsWith(e.href),
  }));
}
