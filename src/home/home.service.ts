import { caseWork } from '../cases/index.js';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { NavEntry } from '../platform/features/feature.js';
import { inboxStatus, triageWork } from '../reports/index.js';
import { referralsWaiting } from '../referrals/waiting.service.js';
import type { StaffHomeModel } from './home.views.js';

/**
 * The staff home, "my work": for those who triage reports, what waits in their queues and inbox (counts, each a
 * link to its queue); for those who work cases, what is due (plan actions and reminders, one notion of due),
 * referrals waiting for an answer, decisions pending, new assignments, and a supervisor's cards; then every
 * navigation entry but the home itself that this user may open and, for administrators, the first-run guide's state.
 */
export async function staffHome(ctx: AppContext, user: AuthUser, nav: readonly NavEntry[]): Promise<StaffHomeModel> {
  const work = await caseWork(ctx, user);
  return {
    displayName: user.displayName,
    entries: nav.filter((e) => e.href !== '/staff' && (!e.permission || hasPermission(user, e.permission))),
    inbox: hasPermission(user, 'admin.manage') ? await inboxStatus(ctx) : undefined,
    mailOff: hasPermission(user, 'admin.manage') && !ctx.config.smtpUrl,
    work: work ? { ...work, referrals: await referralsWaiting(ctx, user, { mine: !work.supervisor }) } : undefined,
    triage: await triageWork(ctx, user),
    timeZone: user.timeZone,
  };
}
