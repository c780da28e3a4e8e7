import { openCase } from '../cases/cases.service.js';
import { recordAccess, recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { normaliseName, normalisePhone, normalisePlace } from '../platform/crypto/normalise.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RateLimitedError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { type PreparedFile, readFile, removeFile, storeFile } from './attachments.js';
import { detectLanguage } from './language.js';
import { computePriority, levelRank, type PriorityReason } from './priority.js';
import { cleanReceiptCode, hashReceiptCode, newReceiptCode } from './receipt.js';
import { codeForSubmission, isSubmissionToken, recordSubmission, sealCode } from './submission.js';
import { can } from './reports.policy.js';
import * as repo from './reports.repository.js';
import type { PriorityLevel, ReportInput } from './reports.schema.js';
import type { ReportRow } from './reports.table.js';
import { countReportReceived } from '../platform/metrics.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'report.received': { reference: string; priority: string; files: number };
    'report.reporter_added': { files: number };
    'report.priority_confirmed': { level: string };
    'report.priority_overridden': { from: string; to: string; reason: string };
    'report.state_changed': { from: string; to: string; closureReason: string | null };
    'report.message_sent': { messageId: string };
    'report.linked': { relatedReportId: string };
    'report.case_opened': { caseId: string; caseNumber: string };
    'report.purged': { reference: string; files: number };
  }
}

/** What the reporter wrote in their own words; sealed as one value with the office key. */
export interface ReportContent {
  description: string;
  names: string[];
  phones: string[];
  place: string | null;
  preciseLocation: string | null;
  workplace: string | null;
  whenText: string | null;
  contactHow: string | null;
  contactWhen: string | null;
}

export type PublicStatus = 'received' | 'in_review' | 'closed';

/** The reporter sees three states, nothing more: a case opened is still being worked on, so "in review". */
export function publicStatus(state: string): PublicStatus {
  if (state === 'new') return 'received';
  if (state === 'closed') return 'closed';
  return 'in_review';
}

const contentAad = (id: string) => `reports.content:${id}`;
const messageAad = (id: string) => `report_messages.body:${id}`;
const noteAad = (id: string) => `reports.priority_note:${id}`;

function lines(value: string | undefined, max: number): string[] {
  return (value ?? '')
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, max);
}

async function lookupTokens(ctx: AppContext, content: ReportContent, db: Executor) {
  const tokens = new Map<string, { kind: string; token: string }>();
  const add = async (kind: string, norm: string) => {
    if (norm.length < 3) return;
    const token = await ctx.keys.blindIndex(kind, norm, db);
    tokens.set(`${kind}:${token}`, { kind, token });
  };
  for (const p of content.phones) {
    const n = normalisePhone(p);
    if (n.length >= 6) await add('phone', n);
  }
  for (const n of content.names) await add('name', normaliseName(n));
  if (content.place) await add('place', normalisePlace(content.place));
  if (content.workplace) await add('workplace', normaliseName(content.workplace));
  return [...tokens.values()];
}

export function reportFacts(r: Pick<ReportRow, 'danger_now' | 'children' | 'recent_24h' | 'people_count' | 'location_known' | 'recruitment_codes' | 'control_codes' | 'exploitation_codes'>) {
  return {
    dangerNow: r.danger_now,
    children: r.children,
    recent24h: r.recent_24h,
    peopleCount: r.people_count,
    locationKnown: r.location_known === 1,
    recruitment: JSON.parse(r.recruitment_codes) as string[],
    control: JSON.parse(r.control_codes) as string[],
    exploitation: JSON.parse(r.exploitation_codes) as string[],
  };
}

async function insertFiles(ctx: AppContext, db: Executor, report: { id: string; office_id: string }, files: PreparedFile[], messageId: string | null) {
  const now = nowIso();
  for (const f of files) {
    await storeFile(ctx, report.office_id, f);
    await db
      .insertInto('report_files')
      .values({ id: f.id, report_id: report.id, office_id: report.office_id, message_id: messageId, mime: f.mime, size: f.bytes.length, stripped: f.stripped ? 1 : 0, created_at: now })
      .execute();
  }
}

/**
 * Accepts a report: routes it to an office, seals what the reporter wrote, indexes names, phones and places
 * blindly, computes its priority, stores the files, and returns the receipt code. The code exists only in this
 * return value and on the page that shows it.
 */
export async function submitReport(
  ctx: AppContext,
  input: ReportInput,
  files: PreparedFile[],
  locale: string,
  submission?: string,
): Promise<{ code: string; id: string; repeated: boolean }> {
  // The same form sent again (a refresh, a double tap on a slow network): one report, the same code.
  const token = isSubmissionToken(submission) ? submission : undefined;
  if (token) {
    const earlier = await codeForSubmission(ctx, token);
    if (earlier) return { code: earlier, id: '', repeated: true };
  }
  const country = input.country && input.country !== 'unknown' ? input.country : null;
  const officeId = await repo.officeForCountry(ctx.db, country);
  if (!officeId) throw new RuleError('NO_OFFICE', 'reports.errors.noOffice');
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
    dangerNow: input.dangerNow,
    children: input.children,
    recent24h: input.recent24h,
    peopleCount: input.peopleCount,
    locationKnown,
    recruitment: input.recruitment,
    control: input.control,
    exploitation: input.exploitation,
  });
  const code = newReceiptCode();
  const receiptHash = await hashReceiptCode(ctx, code);
  const sealed = token ? await sealCode(ctx, token, code) : undefined;
  const id = newId();
  const now = nowIso();
  const written: PreparedFile[] = [];
  try {
    await inTransaction(ctx.db, async (tx) => {
      const { seq, code: officeCode } = await repo.nextReportSequence(tx, officeId);
      const reference = `${officeCode}-R${new Date().getUTCFullYear()}-${String(seq).padStart(5, '0')}`;
      await repo.insertReport(tx, {
        id,
        office_id: officeId,
        reference,
        receipt_hash: receiptHash,
        state: 'new',
        closure_reason: null,
        reporter_role: input.reporterRole,
        country,
        location_known: locationKnown ? 1 : 0,
        danger_now: input.dangerNow,
        recent_24h: input.recent24h,
        children: input.children,
        people_count: input.peopleCount,
        recruitment_codes: JSON.stringify(input.recruitment),
        control_codes: JSON.stringify(input.control),
        exploitation_codes: JSON.stringify(input.exploitation),
        language: detectLanguage(input.description),
        form_locale: locale,
        priority: priority.level,
        priority_reasons: JSON.stringify(priority.reasons),
        priority_decision: null,
        priority_level: null,
        priority_note_enc: null,
        priority_decided_by: null,
        consents: JSON.stringify({ contact: input.contactOk, assistance: input.shareAssistance, police: input.sharePolice }),
        content_enc: await ctx.keys.encrypt(officeId, content, contentAad(id), tx),
        case_id: null,
        received_at: now,
        closed_at: null,
        created_at: now,
        updated_at: now,
      });
      for (const t of await lookupTokens(ctx, content, tx)) await tx.insertInto('report_lookups').values({ report_id: id, office_id: officeId, ...t }).execute();
      for (const f of files) written.push(f);
      await insertFiles(ctx, tx, { id, office_id: officeId }, files, null);
      await recordEvent(tx, { type: 'report.received', officeId, subjectType: 'report', subjectId: id, data: { reference, priority: priority.level, files: files.length } });
      if (sealed) await recordSubmission(tx, id, sealed);
    });
  } catch (e) {
    for (const f of written) removeFile(ctx, officeId, f.id);
    // Two copies of one form raced: the other one was kept, and its code is the reporter's.
    const earlier = token ? await codeForSubmission(ctx, token) : undefined;
    if (earlier) return { code: earlier, id: '', repeated: true };
    throw e;
  }
  ctx.log.info({ reportId: id, officeId }, 'report received');
  countReportReceived('web');
  return { code, id, repeated: false };
}

export const RECEIPT_BUCKET = 'reports.receipt';
export const RECEIPT_LIMIT = 20;
export const RECEIPT_WINDOW_MS = 15 * 60_000;

/**
 * Finds a report by its receipt code. Only wrong codes count against the client, and a right code clears nothing:
 * after 20 wrong codes in the window every attempt is refused (429), right or wrong, until the window passes — so
 * knowing one valid code (one's own) does not buy more guesses at other people's.
 */
export async function findByCode(ctx: AppContext, clientKey: string, raw: unknown): Promise<ReportRow | undefined> {
  const wait = ctx.limiter.waiting(RECEIPT_BUCKET, clientKey, RECEIPT_LIMIT);
  if (wait > 0) throw new RateLimitedError(wait);
  const code = cleanReceiptCode(raw);
  const report = code ? await repo.findByReceiptHash(ctx.db, await hashReceiptCode(ctx, code)) : undefined;
  if (!report) ctx.limiter.hit(RECEIPT_BUCKET, clientKey, RECEIPT_LIMIT, RECEIPT_WINDOW_MS);
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
export async function reporterAdd(ctx: AppContext, report: ReportRow, message: string | undefined, files: PreparedFile[]): Promise<void> {
  if (!message && files.length === 0) throw new ValidationError({ message: 'reports.errors.emptyReply' });
  if (report.state === 'closed') throw new RuleError('REPORT_CLOSED', 'reports.errors.closed');
  const written: PreparedFile[] = [];
  try {
    await inTransaction(ctx.db, async (tx) => {
      const messageId = newId();
      await tx
        .insertInto('report_messages')
        .values({ id: messageId, report_id: report.id, office_id: report.office_id, author: 'reporter', author_id: null, body_enc: await ctx.keys.encrypt(report.office_id, message ?? '', messageAad(messageId), tx), created_at: nowIso() })
        .execute();
      for (const f of files) written.push(f);
      await insertFiles(ctx, tx, report, files, messageId);
      const nextState = report.state === 'waiting_reporter' ? 'in_triage' : report.state;
      await tx.updateTable('reports').set({ unread: 1, state: nextState, updated_at: nowIso(), version: report.version + 1 }).where('id', '=', report.id).execute();
      await recordEvent(tx, { type: 'report.reporter_added', officeId: report.office_id, subjectType: 'report', subjectId: report.id, data: { files: files.length } });
    });
  } catch (e) {
    for (const f of written) removeFile(ctx, report.office_id, f.id);
    throw e;
  }
}

// Staff side

async function loadForStaff(ctx: AppContext, user: AuthUser, id: string, action: Parameters<typeof can>[1] = 'read'): Promise<ReportRow> {
  const report = await repo.findById(ctx.db, id);
  if (!report) throw new NotFoundError();
  if (!can(user, action, report)) throw new NotFoundError();
  return report;
}

export interface StaffReportView {
  report: ReportRow;
  content: ReportContent;
  reasons: PriorityReason[];
  effectiveLevel: string;
  note: string | null;
  messages: ThreadMessage[];
  files: Array<{ id: string; mime: string; size: number; stripped: number; message_id: string | null }>;
  candidates: Awaited<ReturnType<typeof repo.relatedCandidates>>;
  links: ReportRow[];
}

export function effectiveLevel(r: Pick<ReportRow, 'priority' | 'priority_level'>): string {
  return r.priority_level ?? r.priority;
}

/** A report as triage sees it; reading the sealed content is recorded in the access log. */
export async function viewReport(ctx: AppContext, user: AuthUser, id: string): Promise<StaffReportView> {
  const report = await loadForStaff(ctx, user, id);
  const content = await ctx.keys.decrypt<ReportContent>(report.content_enc, contentAad(report.id));
  await recordAccess(ctx.db, { officeId: report.office_id, actorId: user.id, action: 'report.view', subjectType: 'report', subjectId: report.id });
  if (report.unread) await ctx.db.updateTable('reports').set({ unread: 0 }).where('id', '=', report.id).execute();
  const linkedIds = await repo.linksOf(ctx.db, report.id);
  const links = linkedIds.length ? await repo.scopedReports(ctx.db, user).selectAll('reports').where('id', 'in', linkedIds).execute() : [];
  const candidates = (await repo.relatedCandidates(ctx.db, user, report.id)).filter((c) => !linkedIds.includes(c.id));
  return {
    report,
    content,
    reasons: JSON.parse(report.priority_reasons) as PriorityReason[],
    effectiveLevel: effectiveLevel(report),
    note: report.priority_note_enc ? await ctx.keys.decrypt<string>(report.priority_note_enc, noteAad(report.id)) : null,
    messages: await thread(ctx, report),
    files: await repo.filesOf(ctx.db, report.id),
    candidates,
    links,
  };
}

export async function queue(ctx: AppContext, user: AuthUser, open: boolean) {
  const rows = await repo.listQueue(ctx.db, user, { open });
  // Highest priority first (an operator's level wins over the computed one), then the oldest.
  return rows.sort((a, b) => levelRank(effectiveLevel(b)) - levelRank(effectiveLevel(a)) || a.received_at.localeCompare(b.received_at));
}

async function guardedUpdate(db: Executor, report: ReportRow, version: number, set: Partial<ReportRow>) {
  if (version !== report.version || !(await repo.updateReport(db, report.id, version, set))) throw new StaleVersionError();
}

export async function decidePriority(ctx: AppContext, user: AuthUser, id: string, input: { decision: 'confirm' | 'override'; level?: PriorityLevel | undefined; reason?: string | undefined; version: number }) {
  const report = await loadForStaff(ctx, user, id, 'triage');
  if (input.decision === 'override') {
    const errors: Record<string, string> = {};
    if (!input.level) errors.level = 'errors.required';
    if (!input.reason || input.reason.trim().length < 5) errors.reason = 'reports.errors.overrideReason';
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }
  await inTransaction(ctx.db, async (tx) => {
    if (input.decision === 'confirm') {
      await guardedUpdate(tx, report, input.version, { priority_decision: 'confirmed', priority_level: report.priority, priority_note_enc: null, priority_decided_by: user.id, state: report.state === 'new' ? 'in_triage' : report.state });
      await recordEvent(tx, { type: 'report.priority_confirmed', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { level: report.priority } });
      return;
    }
    const level = input.level as PriorityLevel;
    const reason = (input.reason ?? '').trim();
    await guardedUpdate(tx, report, input.version, {
      priority_decision: 'overridden',
      priority_level: level,
      priority_note_enc: await ctx.keys.encrypt(report.office_id, reason, noteAad(report.id), tx),
      priority_decided_by: user.id,
      state: report.state === 'new' ? 'in_triage' : report.state,
    });
    // The reason is staff's own words about priority; kept in the audit so the override can be reviewed.
    await recordEvent(tx, { type: 'report.priority_overridden', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { from: effectiveLevel(report), to: level, reason: reason.slice(0, 1000) } });
  });
}

export async function changeState(ctx: AppContext, user: AuthUser, id: string, input: { state: 'in_triage' | 'closed'; closureReason?: string | undefined; version: number }) {
  const report = await loadForStaff(ctx, user, id, 'triage');
  if (report.state === 'case_opened') throw new RuleError('CASE_OPENED', 'reports.errors.caseOpened');
  if (input.state === 'closed' && !input.closureReason) throw new ValidationError({ closureReason: 'errors.required' });
  await inTransaction(ctx.db, async (tx) => {
    const closing = input.state === 'closed';
    await guardedUpdate(tx, report, input.version, { state: input.state, closure_reason: closing ? (input.closureReason ?? null) : null, closed_at: closing ? nowIso() : null });
    await recordEvent(tx, { type: 'report.state_changed', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { from: report.state, to: input.state, closureReason: closing ? (input.closureReason ?? null) : null } });
  });
}

/** A question or message to the reporter, read through the follow-up page; the report then waits for them. */
export async function sendMessage(ctx: AppContext, user: AuthUser, id: string, body: string) {
  const report = await loadForStaff(ctx, user, id, 'message');
  if (report.state === 'closed') throw new RuleError('REPORT_CLOSED', 'reports.errors.closed');
  await inTransaction(ctx.db, async (tx) => {
    const messageId = newId();
    await tx
      .insertInto('report_messages')
      .values({ id: messageId, report_id: report.id, office_id: report.office_id, author: 'staff', author_id: user.id, body_enc: await ctx.keys.encrypt(report.office_id, body, messageAad(messageId), tx), created_at: nowIso() })
      .execute();
    const nextState = report.state === 'case_opened' ? report.state : 'waiting_reporter';
    await tx.updateTable('reports').set({ state: nextState, version: report.version + 1, updated_at: nowIso() }).where('id', '=', report.id).execute();
    await recordEvent(tx, { type: 'report.message_sent', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { messageId } });
  });
}

/** Confirms a link between two reports the user may both triage; stored once per pair. */
export async function linkReports(ctx: AppContext, user: AuthUser, id: string, relatedId: string) {
  const report = await loadForStaff(ctx, user, id, 'link');
  const related = await loadForStaff(ctx, user, relatedId, 'link');
  if (report.id === related.id) throw new ValidationError({ relatedId: 'errors.invalid' });
  const [a, b] = report.id < related.id ? [report.id, related.id] : [related.id, report.id];
  await inTransaction(ctx.db, async (tx) => {
    const exists = await tx.selectFrom('report_links').select('id').where('report_id', '=', a).where('related_report_id', '=', b).executeTakeFirst();
    if (exists) return;
    await tx.insertInto('report_links').values({ id: newId(), office_id: report.office_id, report_id: a, related_report_id: b, confirmed_by: user.id, created_at: nowIso() }).execute();
    await recordEvent(tx, { type: 'report.linked', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { relatedReportId: related.id } });
  });
}

/**
 * Opens a case from a report, in one transaction with the report's change: the consent choices of the report
 * are carried over (contact → contact, assistance services → sharing, police → police), the report stays linked.
 */
export async function openCaseFromReport(ctx: AppContext, user: AuthUser, id: string, version: number): Promise<{ caseId: string; caseNumber: string }> {
  const report = await loadForStaff(ctx, user, id, 'open-case');
  if (report.case_id || report.state === 'case_opened') throw new RuleError('CASE_OPENED', 'reports.errors.caseOpened');
  if (report.state === 'closed') throw new RuleError('REPORT_CLOSED', 'reports.errors.closed');
  const consents = JSON.parse(report.consents) as { contact: string; assistance: string; police: string };
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const opened = await openCase(
        ctx,
        user,
        {
          officeId: report.office_id,
          source: 'report',
          reportId: report.id,
          mayBeChild: report.children === 'yes',
          consents: [
            { purpose: 'contact', given: consents.contact === 'yes', language: report.form_locale },
            { purpose: 'sharing', given: consents.assistance === 'yes', language: report.form_locale },
            { purpose: 'police', given: consents.police === 'yes', language: report.form_locale },
          ],
        },
        tx,
      );
      await guardedUpdate(tx, report, version, { state: 'case_opened', case_id: opened.id, closed_at: null, closure_reason: null });
      await recordEvent(tx, { type: 'report.case_opened', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { caseId: opened.id, caseNumber: opened.caseNumber } });
      return { caseId: opened.id, caseNumber: opened.caseNumber };
    });
  } catch (e) {
    if (e instanceof ForbiddenError) throw new ForbiddenError('reports.errors.cannotOpenCase');
    throw e;
  }
}

export async function staffFile(ctx: AppContext, user: AuthUser, id: string, fileId: string): Promise<{ mime: string; bytes: Buffer }> {
  const report = await loadForStaff(ctx, user, id);
  const file = await ctx.db.selectFrom('report_files').selectAll().where('id', '=', fileId).where('report_id', '=', report.id).executeTakeFirst();
  if (!file) throw new NotFoundError();
  await recordAccess(ctx.db, { officeId: report.office_id, actorId: user.id, action: 'report.file', subjectType: 'report', subjectId: report.id });
  return { mime: file.mime, bytes: await readFile(ctx, report.office_id, file.id) };
}

/**
 * Retention: reports closed without a case are deleted, with their messages, lookups, links and files, once
 * closed longer than the configured period. Reports that became cases are kept: the case holds the link.
 */
export async function purgeClosedReports(ctx: AppContext, now = Date.now()): Promise<{ reports: number; files: number }> {
  const cutoff = new Date(now - ctx.config.reportRetentionDays * 86_400_000).toISOString();
  const due = await ctx.db
    .selectFrom('reports')
    .select(['id', 'office_id', 'reference'])
    .where('state', '=', 'closed')
    .where('case_id', 'is', null)
    .where('closed_at', '<', cutoff)
    .limit(1000)
    .execute();
  let files = 0;
  for (const r of due) {
    const fileIds = await ctx.db.selectFrom('report_files').select('id').where('report_id', '=', r.id).execute();
    await inTransaction(ctx.db, async (tx, onCommit) => {
      await tx.deleteFrom('report_links').where((eb) => eb.or([eb('report_id', '=', r.id), eb('related_report_id', '=', r.id)])).execute();
      await tx.deleteFrom('report_lookups').where('report_id', '=', r.id).execute();
      await tx.deleteFrom('report_files').where('report_id', '=', r.id).execute();
      await tx.deleteFrom('report_messages').where('report_id', '=', r.id).execute();
      await tx.deleteFrom('reports').where('id', '=', r.id).execute();
      await recordEvent(tx, { type: 'report.purged', officeId: r.office_id, subjectType: 'report', subjectId: r.id, data: { reference: r.reference, files: fileIds.length } });
      // Files go once the rows are gone for good; a failed transaction leaves both in place.
      onCommit(() => {
        for (const f of fileIds) removeFile(ctx, r.office_id, f.id);
      });
    });
    files += fileIds.length;
  }
  return { reports: due.length, files };
}
