import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction, NotDurableError } from '../platform/db/database.js';
import { RateLimitedError, RuleError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { type PreparedFile, removeFile, storeFile } from './attachments.js';
import { detectLanguage } from './language.js';
import { computePriority } from './priority.js';
import { cleanReceiptCode, hashReceiptCode, newReceiptCode } from './receipt.js';
import { contentAad, keyScope, lookupTokens, messageAad, type ReplyTo, type ReportContent, replyToAad } from './report-content.js';
import * as repo from './reports.repository.js';
import type { ReportChannel, ReportInput } from './reports.schema.js';
import type { ReportRow } from './reports.table.js';
import { isSubmissionToken, recordSubmission, sealCode, submissionState, takeReceiptCode } from './submission.js';
import { countReportReceived } from '../platform/metrics.js';
import { notifyNewReport, notifyReporterMessage } from '../notifications/notify.service.js';
import { REGIONS, regionOf } from '../platform/countries.js';
import { listOffices } from '../offices/offices.repository.js';
import { starterCountries } from '../directory/directory.service.js';
import { webhookEvent } from '../webhooks/webhooks.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'report.received': { reference: string; priority: string; files: number; channel: string };
    'report.reporter_added': { files: number };
    'report.priority_confirmed': { level: string };
    'report.priority_overridden': { from: string; to: string; reason: string };
    'report.state_changed': { from: string; to: string; closureReason: string | null };
    'report.message_sent': { messageId: string };
    'report.linked': { relatedReportId: string };
    'report.case_opened': { caseId: string; caseNumber: string };
    'report.case_attached': { caseId: string };
    'report.purged': { reference: string; files: number };
  }
}

export type PublicStatus = 'received' | 'in_review' | 'closed';

/** The reporter sees three states, nothing more: a case opened is still being worked on, so "in review". */
export function publicStatus(state: string): PublicStatus {
  if (state === 'new') return 'received';
  if (state === 'closed') return 'closed';
  return 'in_review';
}

function lines(value: string | undefined, max: number): string[] {
  return (value ?? '')
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, max);
}

/** Stores the files (encrypted, fsynced) and their rows; the caller removes the files if the transaction fails. */
export async function insertFiles(
  ctx: AppContext,
  db: Executor,
  { report, files, messageId }: { report: Pick<ReportRow, 'id' | 'office_id'>; files: PreparedFile[]; messageId: string | null },
) {
  const now = nowIso();
  for (const f of files) {
    await storeFile(ctx, { officeId: keyScope(report.office_id), file: f, db });
    await repo.insertFileRow(db, {
      id: f.id,
      report_id: report.id,
      office_id: report.office_id,
      message_id: messageId,
      mime: f.mime,
      size: f.bytes.length,
      stripped: f.stripped ? 1 : 0,
      created_at: now,
    });
  }
}

/** A reference for staff: <office code>-R<year>-<5 digits>; INBOX-R… while the report waits in the national inbox. */
export async function nextReference(db: Executor, officeId: string | null): Promise<string> {
  const { seq, code } = officeId ? await repo.nextReportSequence(db, officeId) : { seq: await repo.nextInboxSequence(db), code: 'INBOX' };
  return `${code}-R${new Date().getUTCFullYear()}-${String(seq).padStart(5, '0')}`;
}

export interface SubmitOptions {
  /** How the report arrived; `web` by default. Every channel gets the same routing, scoring, lookups and receipt. */
  channel?: ReportChannel;
  /** The public form's one-time token: a form sent twice makes one report and shows the same code. */
  submission?: string | undefined;
  /** The staff member who entered it (a call, a visit), recorded as the audit event's actor. */
  actorId?: string;
  /**
   * Where to answer the reporter (gateway number, e-mail reply-to), sealed with the office key, and its keyed hash
   * (which joins their later messages); `value` null when they do not want to be answered there.
   */
  replyTo?: { value: ReplyTo | null; hash: string };
  /** A device enrolled for an office (OpenRosa intake) sends its report to that office, not by country. */
  officeId?: string;
  /**
   * Runs inside the report's transaction, after it is stored (e.g. the finished conversation is deleted, the
   * receipt code is queued for the reporter's mailbox).
   */
  alsoInTransaction?: (tx: Executor, report: { id: string; officeId: string | null; code: string }) => Promise<void>;
}

/**
 * Accepts a report: routes it to an office (or keeps it in the national inbox when no office can take it yet),
 * seals what the reporter wrote, indexes names, phones and places blindly, computes its priority, stores the
 * files, and returns the receipt code. The code exists only in this return value and on the page that shows it.
 * A report is never refused for want of an office.
 */
export async function submitReport(
  ctx: AppContext,
  { input, files, locale, options = {} }: { input: ReportInput; files: PreparedFile[]; locale: string; options?: SubmitOptions },
): Promise<{ code: string; id: string; repeated: boolean }> {
  const { submission, channel = 'web' } = options;
  // The same form sent again (Back, a refresh, a double tap on a slow network): one report; the code is not shown again.
  const token = isSubmissionToken(submission) ? submission : undefined;
  if (token && (await submissionState(ctx, token)).kind !== 'none') return { code: '', id: '', repeated: true };
  const country = input.country && input.country !== 'unknown' ? input.country : null;
  const officeId = options.officeId ?? (await repo.officeForCountry(ctx.db, country)) ?? null;
  const scope = keyScope(officeId);
  const content: ReportContent = {
    description: input.description,
    names: lines(input.names, 20),
    phones: lines(input.phones, 10),
    place: input.place ?? null,
    preciseLocation: input.preciseLocation ?? null,
    workplace: input.workplace ?? null,
    whenText: input.whenText ?? null,
    contactHow: input.contactOk === 'yes' ? (input.contactHow ?? null) : null,
    contactWhen: input.contactOk === 'yes' ? (input.contactWhen ?? null) : null,
  };
  const locationKnown = !!(input.place || input.preciseLocation);
  const priority = computePriority({
    dangerNow: input.dangerNow ?? 'unknown',
    children: input.children ?? 'unknown',
    recent24h: input.recent24h ?? 'unknown',
    peopleCount: input.peopleCount ?? 'unknown',
    locationKnown,
    recruitment: input.recruitment ?? [],
    control: input.control ?? [],
    exploitation: input.exploitation ?? [],
  });
  const code = newReceiptCode();
  const receiptHash = await hashReceiptCode(ctx, code);
  const sealed = token ? await sealCode(ctx, token, code) : undefined;
  const language = await detectLanguage(input.description);
  const id = newId();
  const now = nowIso();
  const written: PreparedFile[] = [];
  try {
    // Group commit: acknowledged (the code returned) only once this report is on disk, with its fsync off the event loop.
    await ctx.database.durableTransaction(async (tx) => {
      const reference = await nextReference(tx, officeId);
      await repo.insertReport(tx, {
        id,
        office_id: officeId,
        reference,
        receipt_hash: receiptHash,
        state: 'new',
        closure_reason: null,
        reporter_role: input.reporterRole ?? 'unknown',
        country,
        location_known: locationKnown ? 1 : 0,
        danger_now: input.dangerNow ?? 'unknown',
        recent_24h: input.recent24h ?? 'unknown',
        children: input.children ?? 'unknown',
        people_count: input.peopleCount ?? 'unknown',
        recruitment_codes: JSON.stringify(input.recruitment ?? []),
        control_codes: JSON.stringify(input.control ?? []),
        exploitation_codes: JSON.stringify(input.exploitation ?? []),
        language,
        form_locale: locale,
        priority: priority.level,
        priority_reasons: JSON.stringify(priority.reasons),
        priority_decision: null,
        priority_level: null,
        priority_note_enc: null,
        priority_decided_by: null,
        // No answer is no consent.
        consents: JSON.stringify({ contact: input.contactOk ?? 'no', assistance: input.shareAssistance ?? 'no', police: input.sharePolice ?? 'no' }),
        content_enc: await ctx.keys.encrypt(scope, content, { aad: contentAad(id), db: tx }),
        case_id: null,
        channel,
        reply_to_enc: options.replyTo?.value ? await ctx.keys.encrypt(scope, options.replyTo.value, { aad: replyToAad(id), db: tx }) : null,
        reply_to_hash: options.replyTo?.hash ?? null,
        received_at: now,
        closed_at: null,
        created_at: now,
        updated_at: now,
      });
      await repo.insertLookups(
        tx,
        (await lookupTokens(ctx, content, tx)).map((t) => ({ report_id: id, office_id: officeId, ...t })),
      );
      for (const f of files) written.push(f);
      await insertFiles(ctx, tx, { report: { id, office_id: officeId }, files, messageId: null });
      await recordEvent(tx, {
        type: 'report.received',
        officeId,
        actorId: options.actorId ?? null,
        subjectType: 'report',
        subjectId: id,
        data: { reference, priority: priority.level, files: files.length, channel },
      });
      await notifyNewReport(ctx, tx, { id, office_id: officeId, priority: priority.level });
      await webhookEvent(tx, 'report.received', { officeId, reportId: id });
      if (sealed) await recordSubmission(tx, id, sealed);
      if (options.alsoInTransaction) await options.alsoInTransaction(tx, { id, officeId, code });
    });
  } catch (e) {
    // Committed but not synced (a disk error): the rows point at these files, so they stay; the reporter gets no code.
    if (!(e instanceof NotDurableError)) for (const f of written) await removeFile(ctx, scope, f.id);
    // Two copies of one form raced: the other one was kept, and its code is the reporter's.
    if (token && (await submissionState(ctx, token)).kind !== 'none') return { code: '', id: '', repeated: true };
    throw e;
  }
  ctx.log.info({ reportId: id, officeId, inbox: officeId === null, channel }, 'report received');
  countReportReceived(channel);
  return { code, id, repeated: false };
}

/**
 * The countries the report form offers (a short list instead of ~250 names on every page): the countries of the
 * offices' sub-regions, where a report can be acted on; on an install without an office, the countries of the
 * starter directory. Anyone else chooses "another country" and names it in the place field.
 */
export async function reportCountries(ctx: AppContext): Promise<string[]> {
  const offices = (await listOffices(ctx.db)).filter((o) => o.active);
  if (offices.length === 0) return starterCountries();
  const subRegions = new Set(offices.map((o) => regionOf(o.country)?.subRegion));
  const out = new Set(offices.map((o) => o.country));
  for (const r of REGIONS) if (subRegions.has(r.id)) for (const c of r.countries) out.add(c);
  return [...out];
}

/** The receipt page of a browser's submission: the code the first time it is opened, never again. */
export { takeReceiptCode };

export const RECEIPT_BUCKET = 'reports.receipt';
export const RECEIPT_LIMIT = 20;
export const RECEIPT_WINDOW_MS = 15 * 60_000;

/**
 * Finds a report by its receipt code. Only wrong codes count against the client, and a right code clears nothing:
 * after 20 wrong codes in the window every attempt is refused (429), right or wrong, until the window passes — so
 * knowing one valid code (one's own) does not buy more guesses at other people's.
 */
export async function findByCode(ctx: AppContext, clientKey: string, raw: unknown): Promise<ReportRow | undefined> {
  const wait = await ctx.limiter.waiting(RECEIPT_BUCKET, clientKey, { limit: RECEIPT_LIMIT });
  if (wait > 0) throw new RateLimitedError(wait);
  const code = cleanReceiptCode(raw);
  const report = code ? await repo.findByReceiptHash(ctx.db, await hashReceiptCode(ctx, code)) : undefined;
  if (!report) await ctx.limiter.hit(RECEIPT_BUCKET, clientKey, { limit: RECEIPT_LIMIT, windowMs: RECEIPT_WINDOW_MS });
  return report;
}

export interface ThreadMessage {
  id: string;
  author: 'staff' | 'reporter';
  body: string;
  createdAt: string;
}

export async function thread(ctx: AppContext, report: ReportRow): Promise<ThreadMessage[]> {
  const rows = await repo.messagesOf(ctx.db, report.id);
  const out: ThreadMessage[] = [];
  for (const m of rows) out.push({ id: m.id, author: m.author as 'staff' | 'reporter', body: await ctx.keys.decrypt<string>(m.body_enc, messageAad(m.id)), createdAt: m.created_at });
  return out;
}

/** The reporter answers or adds information (text and/or files) through the follow-up channel. */
export async function reporterAdd(
  ctx: AppContext,
  { report, message, files }: { report: ReportRow; message: string | undefined; files: PreparedFile[] },
): Promise<void> {
  if (!message && files.length === 0) throw new ValidationError({ message: 'reports.errors.emptyReply' });
  if (report.state === 'closed') throw new RuleError('REPORT_CLOSED', 'reports.errors.closed');
  const scope = keyScope(report.office_id);
  const written: PreparedFile[] = [];
  try {
    await inTransaction(ctx.db, async (tx) => {
      const messageId = newId();
      const body = await ctx.keys.encrypt(scope, message ?? '', { aad: messageAad(messageId), db: tx });
      await repo.insertMessage(tx, { id: messageId, report_id: report.id, office_id: report.office_id, author: 'reporter', author_id: null, body_enc: body, created_at: nowIso() });
      for (const f of files) written.push(f);
      await insertFiles(ctx, tx, { report, files, messageId });
      const nextState = report.state === 'waiting_reporter' ? 'in_triage' : report.state;
      // Not a versioned edit, but the version moves so that routing (which re-seals) sees the new message.
      await repo.setReport(tx, report.id, { unread: 1, state: nextState, updated_at: nowIso(), version: report.version + 1 });
      await recordEvent(tx, { type: 'report.reporter_added', officeId: report.office_id, subjectType: 'report', subjectId: report.id, data: { files: files.length } });
      await notifyReporterMessage(ctx, tx, report);
    });
  } catch (e) {
    for (const f of written) await removeFile(ctx, scope, f.id);
    throw e;
  }
}
