import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { newId, nowIso } from '../platform/ids.js';
import { replyToOf, reportById, staffMessageBody } from '../reports/reply.service.js';
import * as repo from './channels.repository.js';
import type { OutboundMessage } from './gateway.js';
import { sendAfricasTalking } from './africastalking.js';
import { sendTwilio } from './twilio.js';
import { sendVonage } from './vonage.js';

/*
 * Staff messages on a report that came by SMS or WhatsApp go back through the same gateway. The message is queued
 * (channel_outbox) in the transaction that stores it, tried once right after, and retried by the
 * `channels.deliver` job with growing delays; a gateway outage loses nothing. The outbox holds ids and states only.
 */

const MAX_ATTEMPTS = 8;

/** In the staff message's transaction: queue it for the report's gateway, if the report has a number to answer. */
export async function queueGatewayMessage(
  tx: Executor,
  report: { id: string; channel: string; reply_to_enc: string | null },
  messageId: string,
): Promise<string | undefined> {
  if (!report.reply_to_enc || (report.channel !== 'sms' && report.channel !== 'whatsapp')) return undefined;
  const id = newId();
  await repo.insertOutbox(tx, { id, report_id: report.id, message_id: messageId, next_attempt_at: nowIso() });
  return id;
}

export async function sendThroughGateway(ctx: AppContext, gateway: string, message: OutboundMessage): Promise<string> {
  const { twilio, vonage, africasTalking } = ctx.config.channels;
  if (gateway === 'twilio' && twilio) return sendTwilio(twilio, message);
  if (gateway === 'vonage' && vonage) return sendVonage(vonage, message);
  if (gateway === 'africastalking' && africasTalking) return sendAfricasTalking(africasTalking, message);
  throw new Error(`gateway ${gateway} is not configured`);
}

/** One attempt at one queued message. Never throws: a failure is recorded and retried later. */
export async function deliver(ctx: AppContext, outboxId: string, now = Date.now()): Promise<'sent' | 'retry' | 'failed' | 'skipped'> {
  const row = await repo.outboxById(ctx.db, outboxId);
  if (row?.status !== 'pending' || row.next_attempt_at > new Date(now).toISOString()) return 'skipped';
  if (!(await repo.claimOutbox(ctx.db, row.id, row.attempts))) return 'skipped';
  const attempts = row.attempts + 1;
  try {
    const report = await reportById(ctx, row.report_id);
    const replyTo = report ? await replyToOf(ctx, report) : null;
    const text = replyTo ? await staffMessageBody(ctx, row.report_id, row.message_id) : undefined;
    // The sender said STOP (or the report is gone): nothing is sent, ever.
    if (!replyTo || !text || replyTo.medium === 'email' || !replyTo.via) {
      await repo.setOutbox(ctx.db, row.id, { status: 'failed', attempts });
      return 'failed';
    }
    const providerId = await sendThroughGateway(ctx, replyTo.gateway, { medium: replyTo.medium, to: replyTo.address, from: replyTo.via, text });
    await repo.setOutbox(ctx.db, row.id, { status: 'sent', attempts, provider_id: providerId.slice(0, 100) });
    ctx.log.info({ outboxId: row.id, reportId: row.report_id, gateway: replyTo.gateway }, 'staff message sent through the gateway');
    return 'sent';
  } catch (e) {
    const failed = attempts >= MAX_ATTEMPTS;
    const next = new Date(now + 2 ** attempts * 60_000).toISOString();
    await repo.setOutbox(ctx.db, row.id, { status: failed ? 'failed' : 'pending', attempts, next_attempt_at: next });
    ctx.log.warn({ outboxId: row.id, reportId: row.report_id, attempts, error: e instanceof Error ? e.message : 'unknown' }, 'gateway delivery failed');
    return failed ? 'failed' : 'retry';
  }
}

/** The job: every queued message that is due, oldest first. */
export async function deliverDue(ctx: AppContext, now = Date.now()): Promise<{ sent: number; waiting: number }> {
  await repo.releaseStuckOutbox(ctx.db, new Date(now - 10 * 60_000).toISOString());
  let sent = 0;
  let waiting = 0;
  for (const row of await repo.dueOutbox(ctx.db, new Date(now).toISOString(), 200)) {
    const result = await deliver(ctx, row.id, now);
    if (result === 'sent') sent++;
    else if (result === 'retry') waiting++;
  }
  return { sent, waiting };
}
