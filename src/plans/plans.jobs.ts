import { JOBS } from '../platform/jobs/scheduler.js';
import { raiseReferralFollowUps } from '../referrals/referrals.service.js';
import { raiseOverdueReminders } from './plans.service.js';

/** Hourly: overdue plan actions and unanswered referrals get their reminder raised, once each. */
export const planRemindersJob = {
  name: 'plan-reminders',
  everyMs: 60 * 60 * 1000,
  async run(ctx: Parameters<(typeof JOBS)[number]['run']>[0]) {
    const actions = await raiseOverdueReminders(ctx);
    const referrals = await raiseReferralFollowUps(ctx);
    return `overdue actions reminded: ${actions}; referral follow-ups: ${referrals}`;
  },
};

if (!JOBS.some((j) => j.name === planRemindersJob.name)) JOBS.push(planRemindersJob);
