import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { raiseReferralFollowUps } from '../referrals/referrals.service.js';
import { raiseOverdueReminders } from './plans.service.js';

/** Hourly: overdue plan actions and unanswered referrals get their reminder raised, once each. */
export const planRemindersJob: Job = {
  name: 'plan-reminders',
  everyMs: 60 * 60 * 1000,
  async run(ctx: AppContext) {
    const actions = await raiseOverdueReminders(ctx);
    const referrals = await raiseReferralFollowUps(ctx);
    return `overdue actions reminded: ${actions}; referral follow-ups: ${referrals}`;
  },
};
