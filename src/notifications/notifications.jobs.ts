import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { escalateUntriaged, notifyDue, remindPendingReferrals } from './clocks.service.js';
import { deliverOutbox, purgeNotifications, queueDigests } from './delivery.service.js';

/** Every minute: the outbox's due mails are sent (or retried later). Without SMTP_URL it does nothing. */
export const deliverJob: Job = {
  name: 'notifications.deliver',
  everyMs: 60_000,
  async run(ctx: AppContext) {
    const r = await deliverOutbox(ctx);
    return `sent: ${r.sent}; retry later: ${r.retried}; given up: ${r.failed}`;
  },
};

/** Every 15 minutes: reports past their office's limit escalate, pending referrals past theirs are reminded, follow-ups and plans past due are notified. */
export const clocksJob: Job = {
  name: 'notifications.clocks',
  everyMs: 15 * 60_000,
  async run(ctx: AppContext) {
    const escalated = await escalateUntriaged(ctx);
    const reminded = await remindPendingReferrals(ctx);
    const due = await notifyDue(ctx);
    return `reports escalated: ${escalated}; referrals reminded: ${reminded}; follow-ups and plans due: ${due}`;
  },
};

/** Hourly: the daily digests whose local morning has come are queued; old sent mails and read notifications go. */
export const digestJob: Job = {
  name: 'notifications.digest',
  everyMs: 60 * 60_000,
  async run(ctx: AppContext) {
    const queued = await queueDigests(ctx);
    return `digests queued: ${queued}; old rows purged: ${await purgeNotifications(ctx)}`;
  },
};
