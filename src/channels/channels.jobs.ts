import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { purgeIdleConversations } from './channels.service.js';
import { deliverDue } from './delivery.service.js';

/** Staff messages to SMS and WhatsApp reporters that could not be sent at once: retried with growing delays. */
export const DELIVER_JOB: Job = {
  name: 'channels.deliver',
  everyMs: 60_000,
  async run(ctx: AppContext) {
    const r = await deliverDue(ctx);
    return `sent ${r.sent} messages, ${r.waiting} waiting for a retry`;
  },
};

/** Conversations that never became a report: deleted after a day without a message. */
export const PURGE_CONVERSATIONS_JOB: Job = {
  name: 'channels.purge-conversations',
  everyMs: 60 * 60_000,
  async run(ctx: AppContext) {
    return `deleted ${await purgeIdleConversations(ctx)} unfinished conversations`;
  },
};
