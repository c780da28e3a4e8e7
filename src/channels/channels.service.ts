import { isLocale } from '../platform/i18n/i18n.js';
import { createHmac } from 'node:crypto';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { newId, nowIso } from '../platform/ids.js';
import { detectLanguage, openReportForSender, stopReplies } from '../reports/reply.service.js';
import type { ReportInput } from '../reports/reports.schema.js';
import { reporterAdd, submitReport } from '../reports/reports.service.js';
import { countriesOfNumber } from '../data/calling-codes.js';
import { findOfficeByCode, firstActiveOfficeIn } from '../offices/offices.repository.js';
import * as repo from './channels.repository.js';
import { advance, type Answers, type ConversationLocale, type Outcome, type Say, type Step, start, stopWord } from './conversation.js';
import type { InboundMessage, MediaRef } from './gateway.js';
import { mediaFiles } from './media.js';

/*
 * SMS and WhatsApp intake: each verified inbound message either ends everything (STOP), moves a guided
 * conversation on, becomes the report it was building, or — once a report exists — joins that report's thread.
 * The sender's number exists only sealed (in the conversation, then in the report's reply-to) and as a keyed hash.
 * Nothing here logs a number or a text.
 */

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'channels.stopped': { gateway: string; medium: string; conversation: boolean; reports: number };
  }
}

/** Conversations not yet reports are sealed under their own data key, not an office's and not the system key. */
export const CONVERSATION_SCOPE = 'channels-conversations';
const answersAad = (id: string) => `channel_conversations.answers:${id}`;

interface Sealed {
  from: string;
  to: string;
  answers: Answers;
  /** Media sent during the conversation, fetched from the gateway when the report is made. */
  media?: MediaRef[];
}

/** HMAC-SHA-256 under a server-derived key: joins one sender's messages without keeping their number. */
export async function senderHash(ctx: AppContext, medium: string, address: string): Promise<string> {
  const key = await ctx.keys.derivedSecret('channels.sender');
  return createHmac('sha256', key).update(`${medium}:${address.trim().toLowerCase()}`).digest('base64url');
}

function texts(ctx: AppContext, locale: ConversationLocale | null, say: Say[]): string[] {
  const t = ctx.i18n.translator(locale ?? 'en', 'UTC');
  return [say.map((s) => t(`channels.conversation.${s.key}`, s.values)).join('\n\n')];
}

export interface InboundResult {
  /** What to answer the sender, in order. */
  replies: string[];
  /** What happened, for the log and the tests: never the content. */
  outcome: 'stopped' | 'asked' | 'submitted' | 'joined' | 'raced' | 'duplicate';
  reportId?: string;
}

/** A keyed hash of the gateway's message id: recognises a retried webhook without keeping the id. */
async function deliveryHash(ctx: AppContext, gateway: string, messageId: string): Promise<string> {
  const key = await ctx.keys.derivedSecret('channels.delivery');
  return createHmac('sha256', key).update(`${gateway}:${messageId}`).digest('base64url');
}

/**
 * A verified webhook's message, once: gateways retry a webhook they think failed, and the second delivery of one
 * message id creates nothing (the route still answers the gateway's success). When handling fails the id is
 * forgotten again, so the gateway's retry is handled.
 */
export async function receiveInbound(ctx: AppContext, msg: InboundMessage): Promise<InboundResult> {
  if (!msg.messageId) return handleInbound(ctx, msg);
  const hash = await deliveryHash(ctx, msg.gateway, msg.messageId);
  if (!(await repo.claimDelivery(ctx.db, hash, msg.gateway))) return { replies: [], outcome: 'duplicate' };
  try {
    return await handleInbound(ctx, msg);
  } catch (e) {
    await repo.releaseDelivery(ctx.db, hash).catch(() => undefined);
    throw e;
  }
}

/**
 * The office of a report sent to one of our numbers: the office that number belongs to (the channel settings page,
 * then CHANNEL_NUMBER_OFFICES),
 * else the one active office of the sender's country calling code (ITU-T E.164, src/data/calling-codes.json); else
 * undefined, and the report is routed as a web report without a country. Only the office is kept, never the number.
 */
export async function officeForInbound(ctx: AppContext, msg: Pick<InboundMessage, 'from' | 'to'>): Promise<string | undefined> {
  const listed = await repo.officeOfNumber(ctx.db, msg.to);
  if (listed) return listed;
  const code = ctx.config.channels.numberOffices?.[msg.to];
  if (code) {
    const office = await findOfficeByCode(ctx.db, code);
    if (office?.active) return office.id;
  }
  const found = new Set<string>();
  for (const country of countriesOfNumber(msg.from)) {
    const office = await firstActiveOfficeIn(ctx.db, country);
    if (office) found.add(office.id);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** Handles one verified inbound message. Throws only on a fault of Abri's own (the webhook then answers 500). */
export async function handleInbound(ctx: AppContext, msg: InboundMessage, retried = false): Promise<InboundResult> {
  const hash = await senderHash(ctx, msg.medium, msg.from);
  const conversation = await repo.findConversation(ctx.db, { gateway: msg.gateway, medium: msg.medium, senderHash: hash });
  const stop = stopWord(msg.text, (conversation?.locale as ConversationLocale | null) ?? null);
  if (stop) {
    if (conversation) await repo.deleteConversation(ctx.db, conversation.id);
    const reports = await stopReplies(ctx, hash);
    await recordEvent(ctx.db, { type: 'channels.stopped', data: { gateway: msg.gateway, medium: msg.medium, conversation: !!conversation, reports } });
    return { replies: texts(ctx, stop.locale ?? (conversation?.locale as ConversationLocale | null) ?? 'en', [{ key: 'stopped' }]), outcome: 'stopped' };
  }
  if (conversation) {
    const sealed = await ctx.keys.decrypt<Sealed>(conversation.answers_enc, answersAad(conversation.id));
    const detected = conversation.step === 'language' ? await detectLanguage(msg.text) : null;
    const outcome = advance({
      step: conversation.step as Step,
      locale: conversation.locale as ConversationLocale | null,
      answers: sealed.answers,
      text: msg.text,
      detected,
    });
    const media = [...(sealed.media ?? []), ...(msg.media ?? [])].slice(0, 3);
    if (outcome.kind === 'submit') return submit(ctx, msg, hash, conversation.id, conversation.version, outcome, media);
    const answersEnc = await ctx.keys.encrypt(CONVERSATION_SCOPE, { ...sealed, answers: outcome.answers, ...(media.length ? { media } : {}) } satisfies Sealed, { aad: answersAad(conversation.id) });
    if (
      !(await repo.updateConversation(ctx.db, {
        id: conversation.id,
        version: conversation.version,
        set: { step: outcome.step, locale: outcome.locale, answers_enc: answersEnc },
      }))
    )
      return { replies: [], outcome: 'raced' };
    return { replies: texts(ctx, outcome.locale, outcome.say), outcome: 'asked' };
  }
  const report = await openReportForSender(ctx, hash);
  if (report) {
    // The reporter's answer joins the report's thread, as a follow-up message on the web would.
    // reporterAdd tells triage (`reporter_message`) in the transaction that stores the message, as for the web.
    const { files } = await mediaFiles(ctx, msg.gateway, msg.media);
    if (!msg.text && files.length === 0) return { replies: [], outcome: 'joined', reportId: report.id };
    await reporterAdd(ctx, { report, message: msg.text || undefined, files });
    const locale: ConversationLocale = isLocale(report.form_locale) ? report.form_locale : 'en';
    return { replies: texts(ctx, locale, [{ key: 'added' }]), outcome: 'joined', reportId: report.id };
  }
  const outcome = start(msg.text, msg.text.trim().length >= 10 ? await detectLanguage(msg.text) : null);
  if (outcome.kind !== 'ask') return { replies: [], outcome: 'raced' };
  const id = newId();
  const now = nowIso();
  try {
    await repo.insertConversation(ctx.db, {
      id,
      gateway: msg.gateway,
      medium: msg.medium,
      sender_hash: hash,
      step: outcome.step,
      locale: outcome.locale,
      answers_enc: await ctx.keys.encrypt(CONVERSATION_SCOPE, { from: msg.from, to: msg.to, answers: outcome.answers, ...(msg.media?.length ? { media: msg.media.slice(0, 3) } : {}) } satisfies Sealed, { aad: answersAad(id) }),
      created_at: now,
      updated_at: now,
    });
  } catch (e) {
    // Two first messages at once: the other one made the conversation; this one is handled as its next message.
    if (!retried && (await repo.findConversation(ctx.db, { gateway: msg.gateway, medium: msg.medium, senderHash: hash }))) return handleInbound(ctx, msg, true);
    throw e;
  }
  return { replies: texts(ctx, outcome.locale, outcome.say), outcome: 'asked' };
}

class Raced extends Error {}

/** The last answer: the report is made and the conversation deleted in one transaction; the receipt code answers. */
async function submit(
  ctx: AppContext,
  msg: InboundMessage,
  hash: string,
  conversationId: string,
  version: number,
  outcome: Extract<Outcome, { kind: 'submit' }>,
  media: MediaRef[] = [],
): Promise<InboundResult> {
  const { answers, locale } = outcome;
  const t = ctx.i18n.translator(locale, 'UTC');
  const input: ReportInput = {
    reporterRole: 'other',
    recruitment: [],
    control: [],
    exploitation: [],
    dangerNow: answers.dangerNow,
    recent24h: 'unknown',
    children: answers.children,
    peopleCount: 'unknown',
    description: answers.description,
    contactOk: answers.contactOk,
    shareAssistance: 'no',
    sharePolice: 'no',
  };
  if (answers.place) input.place = answers.place;
  if (answers.contactOk === 'yes') input.contactHow = t('channels.conversation.contactVia', { medium: t(`channels.channel.${msg.medium}`) });
  const replyTo = answers.contactOk === 'yes' ? { gateway: msg.gateway, medium: msg.medium, address: msg.from, via: msg.to } : null;
  // Fetched before the report's transaction (the network is never waited on inside it).
  const { files } = await mediaFiles(ctx, msg.gateway, media);
  const officeId = await officeForInbound(ctx, msg);
  try {
    const { code, id } = await submitReport(ctx, {
      input,
      files,
      locale,
      options: {
        channel: msg.medium,
        ...(officeId ? { officeId } : {}),
        replyTo: { value: replyTo, hash },
        alsoInTransaction: async (tx: Executor) => {
          if (!(await repo.deleteConversation(tx, conversationId, version))) throw new Raced();
        },
      },
    });
    const grouped = code.replace(/(\d{4})(?=\d)/g, '$1 ');
    return {
      replies: texts(ctx, locale, [{ key: answers.contactOk === 'yes' ? 'receipt' : 'receiptNoReply', values: { code: grouped } }]),
      outcome: 'submitted',
      reportId: id,
    };
  } catch (e) {
    if (e instanceof Raced) return { replies: [], outcome: 'raced' };
    throw e;
  }
}

/** Conversations idle for a day are deleted: what was not submitted is not kept. Handled message ids after a week. */
export async function purgeIdleConversations(ctx: AppContext, now = Date.now()): Promise<number> {
  await repo.deleteOldDeliveries(ctx.db, new Date(now - 7 * 24 * 3_600_000).toISOString());
  return repo.deleteIdleConversations(ctx.db, new Date(now - 24 * 3_600_000).toISOString());
}
