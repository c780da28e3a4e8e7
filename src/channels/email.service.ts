import type { simpleParser } from 'mailparser';
import type { AppContext } from '../platform/context.js';
import { ValidationError } from '../platform/http/errors.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import type { Executor } from '../platform/db/database.js';
import { detectLanguage, MAX_FILES, openReportForSender, type PreparedFile, prepareFiles, stopReplies } from '../reports/reply.service.js';
import type { ReportInput } from '../reports/reports.schema.js';
import { reporterAdd, submitReport } from '../reports/reports.service.js';
import { senderHash } from './channels.service.js';
import { stopWord } from './conversation.js';
import { deliver, queueReceiptMail } from './delivery.service.js';

/*
 * The reports mailbox: a message piped from the mail server (`abri ingest-email < message.eml`, or POSTed by the
 * MTA to /channels/email/inbound) becomes a report with channel `email`, or joins the open report of the same
 * sender. Parsed with mailparser; attachments go through the web form's cleaning; the reply-to address is kept
 * sealed (and as a keyed hash that joins later messages), never logged.
 */

export const MAX_EMAIL_BYTES = 40 * 1024 * 1024;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;

export interface EmailOutcome {
  outcome: 'submitted' | 'joined' | 'stopped';
  reportId: string;
  files: number;
  filesRefused: number;
}

function refuse(key: string): never {
  throw new ValidationError({ message: key });
}

/** Headers then a blank line: what a message from a mail server looks like (mailparser accepts anything). */
function looksLikeMessage(raw: Buffer): boolean {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = end === -1 ? head : head.slice(0, end);
  return /^[\x21-\x39\x3b-\x7e]+:/.test(headers) && /(^|\n)from:/i.test(headers);
}

/** What the sender wrote above a quoted mail (lines starting with >, "On ... wrote:", a signature). */
function ownWords(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (
      l.startsWith('>') ||
      l === '--' ||
      /^-{2,}\s*(original message|message d'origine|mensaje original)/i.test(l) ||
      /(wrote|a écrit|escribió|كتب)\s*:$/iu.test(l)
    )
      break;
    out.push(l);
  }
  return out.join('\n').trim();
}

/**
 * The reports mailbox the message was sent to, to answer from: the SMTP envelope's recipient, else a To or Cc
 * address that is one of the listener's configured mailboxes (never another recipient of the message).
 */
function mailbox(ctx: AppContext, parsed: Awaited<ReturnType<typeof simpleParser>>, envelopeTo?: string): string | undefined {
  if (envelopeTo && ADDRESS.test(envelopeTo)) return envelopeTo.toLowerCase();
  const ours = [...(ctx.config.channels.inboundAddresses ?? []), ...(ctx.config.channels.inboundSmtp?.addresses ?? [])];
  const list = [parsed.to, parsed.cc].flatMap((v) => (Array.isArray(v) ? v : v ? [v] : [])).flatMap((a) => a.value);
  return list.map((a) => a.address?.trim().toLowerCase()).find((a): a is string => !!a && ours.includes(a));
}

/** Reads one message; refuses (ValidationError, nothing stored) what is not a usable e-mail. */
export async function ingestEmail(ctx: AppContext, raw: Buffer, opts: { envelopeTo?: string } = {}): Promise<EmailOutcome> {
  if (raw.length === 0 || raw.length > MAX_EMAIL_BYTES || !looksLikeMessage(raw)) refuse('channels.errors.email');
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    // Loaded on the first message, not at start: mailparser and its charset tables are about 6 MB of heap.
    const { simpleParser: parse } = await import('mailparser');
    parsed = await parse(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: false });
  } catch {
    refuse('channels.errors.email');
  }
  const first = (v: typeof parsed.from) => (Array.isArray(v) ? v[0] : v)?.value[0]?.address?.trim().toLowerCase();
  const address = first(parsed.replyTo) ?? first(parsed.from);
  if (!address || !ADDRESS.test(address)) refuse('channels.errors.email');
  const text = (parsed.text ?? '').replace(/\r\n/g, '\n').trim().slice(0, 9000);
  const subject = (parsed.subject ?? '').trim().slice(0, 300);
  const hash = await senderHash(ctx, 'email', address);

  // STOP (or its local word) and nothing else the sender wrote (a quoted mail below is not theirs): no more mail to
  // this address, and no report made. "Stop" as the subject of a mail that says more is a report.
  const own = ownWords(text);
  if (stopWord(own) || (own === '' && stopWord(subject.replace(/^(re|aw|tr|rv|fwd?)\s*:\s*/i, '')))) {
    const reports = await stopReplies(ctx, hash);
    ctx.log.info({ channel: 'email', reports }, 'email reporter asked for no more mail');
    return { outcome: 'stopped', reportId: '', files: 0, filesRefused: 0 };
  }

  // Each attachment is cleaned as a web attachment is; one Abri cannot clean is left out, not the whole message.
  const files: PreparedFile[] = [];
  let filesRefused = 0;
  for (const a of parsed.attachments ?? []) {
    if (files.length >= MAX_FILES) {
      filesRefused++;
      continue;
    }
    try {
      files.push(...(await prepareFiles(ctx, 'files', a.content)));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      filesRefused++;
    }
  }
  if (!text && files.length === 0) refuse('channels.errors.emailEmpty');

  const open = await openReportForSender(ctx, hash);
  if (open) {
    await reporterAdd(ctx, { report: open, message: text || undefined, files });
    ctx.log.info({ reportId: open.id, channel: 'email', files: files.length, filesRefused }, 'email joined a report');
    return { outcome: 'joined', reportId: open.id, files: files.length, filesRefused };
  }

  const description = [subject, text].filter(Boolean).join('\n\n').slice(0, 10000);
  const detected = description.length >= 10 ? await detectLanguage(description) : null;
  const locale = (LOCALES as readonly string[]).includes(detected ?? '') ? (detected as string) : 'en';
  const t = ctx.i18n.translator(locale as (typeof LOCALES)[number], 'UTC');
  const input: ReportInput = {
    reporterRole: 'other',
    recruitment: [],
    control: [],
    exploitation: [],
    dangerNow: 'unknown',
    recent24h: 'unknown',
    children: 'unknown',
    peopleCount: 'unknown',
    description: description || t('channels.email.filesOnly'),
    contactOk: 'yes',
    contactHow: `${t('channels.email.contactVia')}: ${address}`,
    shareAssistance: 'no',
    sharePolice: 'no',
  };
  // The mailbox the reporter wrote to, to answer from it (and their answers come back there).
  const via = mailbox(ctx, parsed, opts.envelopeTo);
  let receiptId: string | undefined;
  const { id } = await submitReport(ctx, {
    input,
    files,
    locale,
    options: {
      channel: 'email',
      replyTo: { value: { gateway: 'email', medium: 'email', address, ...(via ? { via } : {}) }, hash },
      // The receipt code goes to the reporter's mailbox, queued with the report (only when mail is configured).
      alsoInTransaction: async (tx: Executor, report) => {
        if (ctx.config.smtpUrl) receiptId = await queueReceiptMail(ctx, tx, { reportId: report.id, code: report.code });
      },
    },
  });
  ctx.log.info({ reportId: id, channel: 'email', files: files.length, filesRefused }, 'email became a report');
  if (receiptId) await deliver(ctx, receiptId);
  return { outcome: 'submitted', reportId: id, files: files.length, filesRefused };
}
