import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { newId, nowIso } from '../platform/ids.js';
import { openMailer } from '../platform/mail/mailer.js';
import { replyToOf, reportById, staffMessageBody } from '../reports/reply.service.js';
import * as repo from './channels.repository.js';
import type { OutboundMessage } from './gateway.js';
import { sendAfricasTalking } from './africastalking.js';
import { receiptMail, replyMail } from './reporter-mail.js';
import { sendTwilio } from './twilio.js';
import { sendVonage } from './vonage.js';

/*
 * Staff messages on a report that came by SMS, WhatsApp or e-mail go back the way it came: through the gateway,
 * or by mail (SMTP_URL, nodemailer) to the sealed reply-to address; an e-mailed report also gets its receipt code
 * by mail. Each is queued (channel_outbox) in the transaction that stores it, tried once right after, and retried
 * by the `channels.deliver` job with growing delays; an outage loses nothing. The outbox holds ids and states,
 * and a receipt code only sealed until it is sent.
 */

const MAX_ATTEMPTS = 8;
/** The receipt code waiting to be mailed is sealed under the channels' own key, not an office's. */
export const OUTBOX_SCOPE = 'channels-outbox';
const payloadAad = (id: string) => `channel_outbox.payload:${id}`;

const ANSWERED = new Set(['sms', 'whatsapp', 'email']);

/** Did the reporter agree to be contacted? A report without an answer on contact is not written to. */
function contactAllowed(consents: string | undefined): boolean {
  if (consents === undefined) return true;
  try {
    return (JSON.parse(consents) as { contact?: unknown }).contact === 'yes';
  } catch {
    return false;
  }
}

/** Whether a staff message on this report goes to the reporter by its channel (an address kept, contact agreed). */
export function reachesReporter(report: { channel: string; reply_to_enc: string | null; consents?: string }): boolean {
  return !!report.reply_to_enc && ANSWERED.has(report.channel) && contactAllowed(report.consents);
}

/** In the staff message's transaction: queue it for the report's channel, if the report has an address to answer. */
export async function queueGatewayMessage(
  tx: Executor,
  report: { id: string; channel: string; reply_to_enc: string | null; consents?: string },
  messageId: string,
): Promise<string | undefined> {
  if (!reachesReporter(report)) return undefined;
  const id = newId();
  await repo.insertOutbox(tx, { id, report_id: report.id, message_id: messageId, next_attempt_at: nowIso() });
  return id;
}

/** In an e-mailed report's transaction: its receipt code, sealed, to be mailed to the reporter after the commit. */
export async function queueReceiptMail(ctx: AppContext, tx: Executor, { reportId, code }: { reportId: string; code: string }): Promise<string> {
  const id = newId();
  const payload = await ctx.keys.encrypt(OUTBOX_SCOPE, code, { aad: payloadAad(id), db: tx });
  await repo.insertOutbox(tx, { id, report_id: reportId, message_id: '', next_attempt_at: nowIso(), kind: 'receipt', payload_enc: payload });
  return id;
}

export async function sendThroughGateway(ctx: AppContext, gateway: string, message: OutboundMessage): Promise<string> {
  const { twilio, vonage, africasTalking } = ctx.config.channels;
  if (gateway === 'twilio' && twilio) return sendTwilio(twilio, message);
  if (gateway === 'vonage' && vonage) return sendVonage(vonage, message);
  if (gateway === 'africastalking' && africasTalking) return sendAfricasTalking(africasTalking, message);
  throw new Error(`gateway ${gateway} is not configured`);
}

async function sendMail(ctx: AppContext, message: Parameters<NonNullable<Awaited<ReturnType<typeof openMailer>>>['send']>[0]): Promise<void> {
  const mailer = await openMailer(ctx.config);
  if (!mailer) throw new Error('mail is not configured (SMTP_URL)');
  try {
    await mailer.send(message);
  } finally {
    mailer.close();
  }
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
    const receipt = row.kind === 'receipt';
    const text = !replyTo
      ? undefined
      : receipt
        ? row.payload_enc
          ? await ctx.keys.decrypt<string>(row.payload_enc, payloadAad(row.id))
          : undefined
        : await staffMessageBody(ctx, row.report_id, row.message_id);
    // The sender said STOP, refused contact, or the report is gone: nothing is sent, ever.
    if (!report || !replyTo || !text || !contactAllowed(report.consents) || (replyTo.medium !== 'email' && !replyTo.via)) {
      await repo.setOutbox(ctx.db, row.id, { status: 'failed', attempts, payload_enc: null });
      return 'failed';
    }
    let providerId = '';
    if (replyTo.medium === 'email') {
      const mail = receipt
        ? receiptMail(ctx, { rawLocale: report.form_locale, code: text, replyTo })
        : replyMail(ctx, { rawLocale: report.form_locale, text, replyTo });
      await sendMail(ctx, mail);
    } else {
      providerId = await sendThroughGateway(ctx, replyTo.gateway, { medium: replyTo.medium, to: replyTo.address, from: replyTo.via as string, text });
    }
    await repo.setOutbox(ctx.db, row.id, { status: 'sent', attempts, provider_id: providerId.slice(0, 100), payload_enc: null });
    ctx.log.info({ outboxId: row.id, reportId: row.report_id, gateway: replyTo.gateway, kind: row.kind }, 'message to the reporter sent');
    return 'sent';
  } catch (e) {
    const failed = attempts >= MAX_ATTEMPTS;
    const next = new Date(now + 2 ** attempts * 60_000).toISOString();
    await repo.setOutbox(ctx.db, row.id, { status: failed ? 'failed' : 'pending', attempts, next_attempt_at: next, ...(failed ? { payload_enc: null } : {}) });
    // The error's code or text of our own making only: a mail server's answer may quote the address.
    const code = (e as { code?: unknown }).code;
    ctx.log.warn(
      {
        outboxId: row.id,
        reportId: row.report_id,
        attempts,
        error: typeof code === 'string' ? code : e instanceof Error && !('code' in e) ? e.message : 'unknown',
      },
      'delivery to the reporter failed',
    );
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
