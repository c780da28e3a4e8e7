import type { AppContext } from '../platform/context.js';
import type { Job } from '../platform/jobs/scheduler.js';
import { deliverDue } from './delivery.service.js';

/** Sends the webhook outbox: what is due every 30 seconds, retries with backoff, disables endpoints that keep failing. */
export const WEBHOOK_DELIVERY_JOB: Job = {
  name: 'webhooks.deliver',
  everyMs: 30_000,
  async run(ctx: AppContext) {
    const r = await deliverDue(ctx);
    return `sent ${r.sent}, gave up ${r.failed}, disabled ${r.disabled}`;
  },
};
