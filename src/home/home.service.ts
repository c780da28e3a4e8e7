import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { NavEntry } from '../platform/features/feature.js';
import { inboxStatus } from '../reports/index.js';
import type { StaffHomeModel } from './home.views.js';

/**
 * The staff home: every navigation entry but the home itself that this user may open and, for administrators,
 * the first-run guide's state (offices, reports waiting in the national inbox).
 */
export async function staffHome(ctx: AppContext, user: AuthUser, nav: readonly NavEntry[]): Promise<StaffHomeModel> {
  return {
    displayName: user.displayName,
    entries: nav.filter((e) => e.href !== '/staff' && (!e.permission || hasPermission(user, e.permission))),
    inbox: hasPermission(user, 'admin.manage') ? await inboxStatus(ctx) : undefined,
    mailOff: hasPermission(user, 'admin.manage') && !ctx.config.smtpUrl,
  };
}
