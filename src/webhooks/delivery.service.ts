import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import * as repo from './webhooks.repository.js';
import { sendWebhook } from './webhooks.sender.js';
import { signatures } from './webhooks.service.js';

/**
 * After the first attempt, the waits before each retry (Standard Webhooks' suggested schedule, shortened at the
 * start): 8 attempts over about 41 hours, then the delivery is given up.
 */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 24 * 3600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Deliveries given up in a row (no success between) after which the subscription is disabled, with a notice. */
export const DISABLE_AFTER = 3;
const BATCH = 50;
const TIMEOUT_MS = 10_000;

/** Sends the deliveries that are due; each outcome is written at once (a crash resends at most the one in flight). */
export async function deliverDue(ctx: AppContext, now = new Date()): Promise<{ sent: number; failed: number; disabled: number }> {
  const due = await repo.dueDeliveries(ctx.db, now.toISOString(), BATCH);
  const result = { sent: 0, failed: 0, disabled: 0 };
  for (const d of due) {
    const sub = await repo.findSubscription(ctx.db, d.subscription_id);
    if (sub?.active !== 1) {
      await repo.updateDelivery(ctx.db, d.id, { state: 'failed', last_error: 'disabled' });
      continue;
    }
    const at = new Date();
    const headers = {
      'webhook-id': d.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': await signatures(ctx, { sub, msgId: d.id, at, payload: d.payload }),
    };
    const r = await sendWebhook({ rawUrl: sub.url, body: d.payload, headers, opts: { allowPrivate: ctx.config.webhookAllowPrivate, timeoutMs: TIMEOUT_MS } });
    const attempts = d.attempts + 1;
    if (r.ok) {
      await inTransaction(ctx.db, async (tx) => {
        await repo.updateDelivery(tx, d.id, { state: 'delivered', attempts, last_status: r.status, last_error: null, delivered_at: nowIso() });
        if (sub.failures !== 0) await repo.updateSubscription(tx, sub.id, { failures: 0 });
      });
      result.sent++;
      continue;
    }
    ctx.log.info({ webhook: sub.id, delivery: d.id, attempt: attempts, error: r.error }, 'webhook delivery failed');
    if (attempts < MAX_ATTEMPTS) {
      const delay = RETRY_DELAYS_MS[attempts - 1] as number;
      await repo.updateDelivery(ctx.db, d.id, {
        attempts,
        last_status: r.status,
        last_error: r.error,
        next_attempt_at: new Date(now.getTime() + delay).toISOString(),
      });
      continue;
    }
    result.failed++;
    const failures = sub.failures + 1;
    await inTransaction(ctx.db, async (tx) => {
      await repo.updateDelivery(tx, d.id, { state: 'failed', attempts, last_status: r.status, last_error: r.error });
      if (failures < DISABLE_AFTER) return repo.updateSubscription(tx, sub.id, { failures });
      await repo.updateSubscription(tx, sub.id, { failures, active: 0, disabled_at: nowIso(), disabled_reason: 'failures', version: sub.version + 1 });
      await repo.failPending(tx, sub.id, 'disabled');
      await recordEvent(tx, {
        type: 'webhook.disabled',
        actorId: null,
        subjectType: 'webhook',
        subjectId: sub.id,
        data: { subscriptionId: sub.id, reason: 'failures' },
      });
      result.disabled++;
    });
  }
  return result;
}
