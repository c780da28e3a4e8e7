import { attachReport, casesOfReport } from '../cases/case-reports.service.js';
import { ownerByRule } from '../cases/assignment.service.js';
import { openCase } from '../cases/cases.service.js';
import { deliver, queueGatewayMessage, reachesReporter } from '../channels/delivery.service.js';
import { caseAssignmentRule } from '../notifications/clocks.service.js';
import type { CaseAssignmentRule } from '../notifications/notifications.schema.js';
import { notify } from '../notifications/notify.service.js';
import { assignableUsers, type TraffickingContext } from '../cases/record.service.js';
import { recordAccess, recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { readFile } from './attachments.js';
import { mayTriageInbox } from './inbox.service.js';
import { levelRank, type PriorityReason } from './priority.js';
import { contentAad, effectiveLevel, keyScope, messageAad, noteAad, type ReportContent } from './report-content.js';
import { can, type ReportAction } from './reports.policy.js';
import * as repo from './reports.repository.js';
import { listWaiting, type TriageWait } from './triage-work.repository.js';
import type { PriorityLevel, ReportChannel } from './reports.schema.js';
import { type ThreadMessage, thread } from './reports.service.js';
import type { ReportRow } from './reports.table.js';

export { effectiveLevel };

/** The report if this user may act on it; otherwise "not found", so its existence is not revealed. */
async function loadForStaff(ctx: AppContext, user: AuthUser, id: string, action: ReportAction = 'read'): Promise<ReportRow> {
  const report = await repo.findById(ctx.db, id);
  if (!report) throw new NotFoundError();
  const inbox = report.office_id === null && (await mayTriageInbox(ctx, user));
  if (!can({ user, _action: action, report, inbox })) throw new NotFoundError();
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
  /** The cases opened from this report or that it was attached to. */
  cases: Array<{ id: string; caseNumber: string; kind: string }>;
  /** Cases of linked reports this one may join; case workers who may take a case opened from it. */
  attachable: Array<{ id: string; caseNumber: string; via: string }>;
  caseWorkers: Array<{ id: string; display_name: string }>;
  /** A staff message is also sent to the reporter by the report's channel (SMS, WhatsApp, e-mail). */
  reachesReporter: boolean;
  /** Who takes the case when nobody is chosen: the office's rule. */
  assignmentRule: CaseAssignmentRule;
}

/** A report as triage sees it; reading the sealed content is recorded in the access log. */
export async function viewReport(ctx: AppContext, user: AuthUser, id: string): Promise<StaffReportView> {
  const report = await loadForStaff(ctx, user, id);
  const inbox = await mayTriageInbox(ctx, user);
  const content = await ctx.keys.decrypt<ReportContent>(report.content_enc, contentAad(report.id));
  await recordAccess(ctx.db, { officeId: report.office_id, actorId: user.id, action: 'report.view', subjectType: 'report', subjectId: report.id });
  if (report.unread) await repo.setReport(ctx.db, report.id, { unread: 0 });
  const linkedIds = await repo.linksOf(ctx.db, report.id);
  const links = await repo.reportsByIds(ctx.db, { user, ids: linkedIds, inbox });
  const candidates = (await repo.relatedCandidates(ctx.db, { user, reportId: report.id, inbox })).filter((c) => !linkedIds.includes(c.id));
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
    cases: await casesOfReport(ctx, report.id),
    attachable: await attachableCases(ctx, report, links),
    caseWorkers: report.office_id && !report.case_id ? await assignableUsers(ctx, report.office_id) : [],
    reachesReporter: reachesReporter(report),
    assignmentRule: report.office_id ? await caseAssignmentRule(ctx.db, report.office_id) : 'none',
  };
}

export async function queue(ctx: AppContext, { user, open, channel, wait }: { user: AuthUser; open: boolean; channel?: ReportChannel; wait?: TriageWait }) {
  const inbox = await mayTriageInbox(ctx, user);
  const rows = wait && open ? await listWaiting(ctx.db, user, { inbox, wait, channel }) : await repo.listQueue(ctx.db, user, { open, inbox, channel });
  // Highest priority first (an operator's level wins over the computed one), then the oldest.
  return rows.sort((a, b) => levelRank(effectiveLevel(b)) - levelRank(effectiveLevel(a)) || a.received_at.localeCompare(b.received_at));
}

async function guardedUpdate(db: Executor, report: ReportRow, version: number, set: Partial<ReportRow>) {
  if (version !== report.version || !(await repo.updateReport(db, { id: report.id, version, set }))) throw new StaleVersionError();
}

export async function decidePriority(
  ctx: AppContext,
  {
    user,
    id,
    input,
  }: {
    user: AuthUser;
    id: string;
    input: { decision: 'confirm' | 'override'; level?: PriorityLevel | undefined; reason?: string | undefined; version: number };
  },
) {
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
      priority_note_enc: await ctx.keys.encrypt(keyScope(report.office_id), reason, { aad: noteAad(report.id), db: tx }),
      priority_decided_by: user.id,
      state: report.state === 'new' ? 'in_triage' : report.state,
    });
    // The reason is staff's own words about priority; kept in the audit so the override can be reviewed.
    await recordEvent(tx, { type: 'report.priority_overridden', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { from: effectiveLevel(report), to: level, reason: reason.slice(0, 1000) } });
  });
}

export async function changeState(
  ctx: AppContext,
  { user, id, input }: { user: AuthUser; id: string; input: { state: 'in_triage' | 'closed'; closureReason?: string | undefined; version: number } },
) {
  const report = await loadForStaff(ctx, user, id, 'triage');
  if (report.state === 'case_opened') throw new RuleError('CASE_OPENED', 'reports.errors.caseOpened');
  if (input.state === 'closed' && !input.closureReason) throw new ValidationError({ closureReason: 'errors.required' });
  await inTransaction(ctx.db, async (tx) => {
    const closing = input.state === 'closed';
    await guardedUpdate(tx, report, input.version, { state: input.state, closure_reason: closing ? (input.closureReason ?? null) : null, closed_at: closing ? nowIso() : null });
    await recordEvent(tx, { type: 'report.state_changed', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { from: report.state, to: input.state, closureReason: closing ? (input.closureReason ?? null) : null } });
  });
}

/**
 * A question or message to the reporter, read through the follow-up page (and sent by SMS or WhatsApp when the
 * report came that way); the report then waits for them.
 */
export async function sendMessage(ctx: AppContext, { user, id, body }: { user: AuthUser; id: string; body: string }) {
  const report = await loadForStaff(ctx, user, id, 'message');
  if (report.state === 'closed') throw new RuleError('REPORT_CLOSED', 'reports.errors.closed');
  const outboxId = await inTransaction(ctx.db, async (tx) => {
    const messageId = newId();
    const sealed = await ctx.keys.encrypt(keyScope(report.office_id), body, { aad: messageAad(messageId), db: tx });
    await repo.insertMessage(tx, { id: messageId, report_id: report.id, office_id: report.office_id, author: 'staff', author_id: user.id, body_enc: sealed, created_at: nowIso() });
    // A report that came by SMS or WhatsApp: the message is also queued for its gateway, in this transaction.
    const queued = await queueGatewayMessage(tx, report, messageId);
    const nextState = report.state === 'case_opened' ? report.state : 'waiting_reporter';
    await repo.setReport(tx, report.id, { state: nextState, version: report.version + 1, updated_at: nowIso() });
    await recordEvent(tx, { type: 'report.message_sent', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { messageId } });
    return queued;
  });
  // First attempt right away; a failure is kept and retried by the channels.deliver job.
  if (outboxId) await deliver(ctx, outboxId);
}

/** Confirms a link between two reports the user may both triage; stored once per pair. */
export async function linkReports(ctx: AppContext, { user, id, relatedId }: { user: AuthUser; id: string; relatedId: string }) {
  const report = await loadForStaff(ctx, user, id, 'link');
  const related = await loadForStaff(ctx, user, relatedId, 'link');
  if (report.id === related.id) throw new ValidationError({ relatedId: 'errors.invalid' });
  const [a, b] = report.id < related.id ? [report.id, related.id] : [related.id, report.id];
  await inTransaction(ctx.db, async (tx) => {
    if (await repo.linkExists(tx, a, b)) return;
    await repo.insertLink(tx, { id: newId(), office_id: report.office_id, report_id: a, related_report_id: b, confirmed_by: user.id, created_at: nowIso() });
    await recordEvent(tx, { type: 'report.linked', officeId: report.office_id, actorId: user.id, subjectType: 'report', subjectId: report.id, data: { relatedReportId: related.id } });
  });
}

/** What the report knew of the situation, as the case's trafficking context: the same HTCDS codes, the places. */
export function contextFromReport(
  report: Pick<ReportRow, 'recruitment_codes' | 'control_codes' | 'exploitation_codes'>,
  content: Pick<ReportContent, 'place' | 'workplace'>,
): TraffickingContext {
  const list = (json: string) => JSON.parse(json) as string[];
  const recruitment = list(report.recruitment_codes);
  const places = [content.workplace, content.place].map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  return {
    ...(recruitment[0] ? { recruitmentMethod: recruitment[0] } : {}),
    methodsOfControl: list(report.control_codes),
    exploitationTypes: list(report.exploitation_codes),
    ...(places.length ? { exploitationPlace: places.join(', ') } : {}),
  };
}

export interface OpenCaseChoice {
  version: number;
  /** The case worker who takes the case; none leaves it to the office's rule (which may leave it to a supervisor). */
  ownerId?: string | undefined;
  /** How many people the report is about who each need a case (one report, several cases, linked as a group). */
  people?: number | undefined;
}

/**
 * Opens one case (or one per person the report is about) from a report, in one transaction with the report's
 * change. The report's answers are the reporter's: they never become the person's consent, which is recorded with
 * the person. What the report says of recruitment, control, exploitation and places becomes each case's context;
 * the cases link to the report and, when several, to each other as a group. A report still in the national inbox
 * has no office to hold the case: it is routed first.
 */
export async function openCaseFromReport(
  ctx: AppContext,
  { user, id, choice }: { user: AuthUser; id: string; choice: OpenCaseChoice },
): Promise<{ caseId: string; caseNumber: string; count: number }> {
  const report = await loadForStaff(ctx, user, id, 'open-case');
  if (report.case_id || report.state === 'case_opened') throw new RuleError('CASE_OPENED', 'reports.errors.caseOpened');
  if (report.state === 'closed') throw new RuleError('REPORT_CLOSED', 'reports.errors.closed');
  const officeId = report.office_id;
  if (officeId === null) throw new RuleError('REPORT_IN_INBOX', 'reportInbox.errors.routeFirst');
  if (choice.ownerId && !(await assignableUsers(ctx, officeId)).some((u) => u.id === choice.ownerId))
    throw new ValidationError({ ownerId: 'caseStory.errors.owner' });
  const content = await ctx.keys.decrypt<ReportContent>(report.content_enc, contentAad(report.id));
  const context = contextFromReport(report, content);
  const people = Math.max(1, Math.min(choice.people ?? 1, 20));
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const rule = choice.ownerId ? 'none' : await caseAssignmentRule(tx, officeId);
      const opened: Array<{ id: string; caseNumber: string }> = [];
      for (let i = 0; i < people; i++) {
        const ownerId = choice.ownerId ?? (await ownerByRule(tx, officeId, rule));
        const c = await openCase(ctx, {
          actor: user,
          input: {
            officeId,
            source: 'report',
            report: { id: report.id, reference: report.reference },
            ownerId,
            mayBeChild: report.children === 'yes',
            context,
          },
          tx,
        });
        opened.push(c);
        // Told with ids only: the office's supervisors that a case was opened, and whoever takes it.
        await notify(ctx, tx, { event: 'case_opened', officeId, caseId: c.id, actorId: user.id });
        if (ownerId) await notify(ctx, tx, { event: 'case_assigned', userId: ownerId, officeId, caseId: c.id, actorId: user.id });
      }
      const first = opened[0] as { id: string; caseNumber: string };
      await guardedUpdate(tx, report, choice.version, { state: 'case_opened', case_id: first.id, closed_at: null, closure_reason: null });
      for (const c of opened)
        await recordEvent(tx, {
          type: 'report.case_opened',
          officeId,
          actorId: user.id,
          subjectType: 'report',
          subjectId: report.id,
          data: { caseId: c.id, caseNumber: c.caseNumber },
        });
      return { caseId: first.id, caseNumber: opened.map((c) => c.caseNumber).join(', '), count: opened.length };
    });
  } catch (e) {
    if (e instanceof ForbiddenError) throw new ForbiddenError('reports.errors.cannotOpenCase');
    throw e;
  }
}

/** The cases of the reports linked to this one: a report about the same situation can join one of them. */
export async function attachableCases(ctx: AppContext, report: ReportRow, links: ReportRow[]) {
  if (report.case_id || report.state === 'case_opened' || report.state === 'closed' || !report.office_id) return [];
  const seen = new Map<string, { id: string; caseNumber: string; via: string }>();
  for (const l of links) {
    if (l.office_id !== report.office_id) continue;
    for (const c of await casesOfReport(ctx, l.id)) if (!seen.has(c.id)) seen.set(c.id, { id: c.id, caseNumber: c.caseNumber, via: l.reference });
  }
  return [...seen.values()];
}

/** Attaches this report to the case of a report it is linked to (same office), in one transaction with its change. */
export async function attachToCase(
  ctx: AppContext,
  { user, id, input }: { user: AuthUser; id: string; input: { caseId: string; version: number } },
): Promise<{ caseNumber: string }> {
  const report = await loadForStaff(ctx, user, id, 'open-case');
  const linkedIds = await repo.linksOf(ctx.db, report.id);
  const candidates = await attachableCases(ctx, report, await repo.reportsByIds(ctx.db, { user, ids: linkedIds, inbox: false }));
  if (!candidates.some((c) => c.id === input.caseId)) throw new ValidationError({ caseId: 'caseStory.errors.attachCase' });
  return inTransaction(ctx.db, async (tx) => {
    const { caseNumber } = await attachReport(tx, {
      actor: user,
      caseId: input.caseId,
      report: { id: report.id, reference: report.reference, officeId: report.office_id as string },
    });
    await guardedUpdate(tx, report, input.version, { state: 'case_opened', case_id: input.caseId, closed_at: null, closure_reason: null });
    await recordEvent(tx, {
      type: 'report.case_attached',
      officeId: report.office_id,
      actorId: user.id,
      subjectType: 'report',
      subjectId: report.id,
      data: { caseId: input.caseId },
    });
    return { caseNumber };
  });
}

export async function staffFile(
  ctx: AppContext,
  { user, id, fileId }: { user: AuthUser; id: string; fileId: string },
): Promise<{ mime: string; bytes: Buffer }> {
  const report = await loadForStaff(ctx, user, id);
  const file = await repo.fileOf(ctx.db, report.id, fileId);
  if (!file) throw new NotFoundError();
  await recordAccess(ctx.db, { officeId: report.office_id, actorId: user.id, action: 'report.file', subjectType: 'report', subjectId: report.id });
  return { mime: file.mime, bytes: await readFile(ctx, keyScope(report.office_id), file.id) };
}
