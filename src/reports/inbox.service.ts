import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';
import { PERMISSIONS } from '../platform/auth/roles.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, ValidationError } from '../platform/http/errors.js';
import { type PreparedFile, readFile, removeFile, storeFile } from './attachments.js';
import * as inbox from './inbox.repository.js';
import { contentAad, INBOX_SCOPE, messageAad, noteAad, replyToAad } from './report-content.js';
import { canOverseeInbox } from './reports.policy.js';
import * as repo from './reports.repository.js';
import { nextReference } from './reports.service.js';
import type { ReportRow } from './reports.table.js';
import { notifyNewReport } from '../notifications/notify.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'report.routed': { from: string; to: string };
    'report_inbox.granted': { userId: string };
    'report_inbox.revoked': { userId: string };
  }
}

/** Roles that triage, hence may be given the national inbox. */
const TRIAGE_ROLES = PERMISSIONS['reports.triage'];

/** Whether the user triages the national inbox: given it by an administrator, or holding triage everywhere. */
export async function mayTriageInbox(ctx: AppContext, user: AuthUser): Promise<boolean> {
  if (!hasPermission(user, 'reports.triage')) return false;
  if (officesWith(user, 'reports.triage') === 'all') return true;
  return inbox.isInboxOperator(ctx.db, user.id);
}

/** What the first-run guide needs: whether an office exists yet, and how many reports wait for one. */
export async function inboxStatus(ctx: AppContext): Promise<{ offices: number; waiting: number }> {
  const [offices, waiting] = await Promise.all([inbox.countActiveOffices(ctx.db), inbox.countInbox(ctx.db)]);
  return { offices, waiting };
}

/** The administrator's page: what waits (no content), who triages it, and whom it may be given to. */
export async function inboxOverview(ctx: AppContext, user: AuthUser) {
  if (!canOverseeInbox(user)) throw new ForbiddenError();
  const [reports, operators, candidates, status] = await Promise.all([
    inbox.inboxOverview(ctx.db, 500),
    inbox.listInboxOperators(ctx.db),
    inbox.inboxCandidates(ctx.db, TRIAGE_ROLES),
    inboxStatus(ctx),
  ]);
  return { reports, operators, candidates, status };
}

export async function grantInbox(ctx: AppContext, actor: AuthUser, userId: string): Promise<void> {
  if (!canOverseeInbox(actor)) throw new ForbiddenError();
  const candidates = await inbox.inboxCandidates(ctx.db, TRIAGE_ROLES);
  if (!candidates.some((c) => c.id === userId)) throw new ValidationError({ userId: 'reportInbox.errors.notTriage' });
  await inTransaction(ctx.db, async (tx) => {
    if (!(await inbox.grantInbox(tx, userId, actor.id))) return;
    await recordEvent(tx, { type: 'report_inbox.granted', actorId: actor.id, subjectType: 'user', subjectId: userId, data: { userId } });
  });
}

export async function revokeInbox(ctx: AppContext, actor: AuthUser, userId: string): Promise<void> {
  if (!canOverseeInbox(actor)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    if (!(await inbox.revokeInbox(tx, userId))) return;
    await recordEvent(tx, { type: 'report_inbox.revoked', actorId: actor.id, subjectType: 'user', subjectId: userId, data: { userId } });
  });
}

/**
 * Moves one report from the inbox to an office: everything sealed with the inbox key is opened and sealed again
 * with the office key (content, priority note, reply-to address, messages, files), it takes the office's next reference, and its
 * rows change in one transaction guarded by the report's version. Files are written before the transaction and
 * the inbox copies removed after it; a failed or raced move leaves the report in the inbox, untouched.
 */
async function routeOne(ctx: AppContext, report: ReportRow, officeId: string): Promise<boolean> {
  const contentEnc = await ctx.keys.encrypt(officeId, await ctx.keys.decrypt(report.content_enc, contentAad(report.id)), { aad: contentAad(report.id) });
  const noteEnc = report.priority_note_enc ? await ctx.keys.encrypt(officeId, await ctx.keys.decrypt<string>(report.priority_note_enc, noteAad(report.id)), { aad: noteAad(report.id) }) : null;
  const replyToEnc = report.reply_to_enc ? await ctx.keys.encrypt(officeId, await ctx.keys.decrypt(report.reply_to_enc, replyToAad(report.id)), { aad: replyToAad(report.id) }) : null;
  const messages: Array<{ id: string; bodyEnc: string }> = [];
  for (const m of await repo.messagesOf(ctx.db, report.id)) {
    messages.push({ id: m.id, bodyEnc: await ctx.keys.encrypt(officeId, await ctx.keys.decrypt<string>(m.body_enc, messageAad(m.id)), { aad: messageAad(m.id) }) });
  }
  const files = await repo.filesOf(ctx.db, report.id);
  const written: string[] = [];
  try {
    for (const f of files) {
      const copy: PreparedFile = { id: f.id, mime: f.mime, bytes: await readFile(ctx, INBOX_SCOPE, f.id), stripped: f.stripped === 1 };
      await removeFile(ctx, officeId, f.id); // a copy left by an earlier attempt that did not commit
      await storeFile(ctx, { officeId, file: copy });
      written.push(f.id);
    }
    const moved = await inTransaction(ctx.db, async (tx) => {
      const reference = await nextReference(tx, officeId);
      if (!(await inbox.moveToOffice(tx, { report, officeId, reference, contentEnc, noteEnc, replyToEnc, messages }))) return false;
      await recordEvent(tx, { type: 'report.routed', officeId, subjectType: 'report', subjectId: report.id, data: { from: report.reference, to: reference } });
      if (report.state !== 'closed') await notifyNewReport(ctx, tx, { id: report.id, office_id: officeId, priority: report.priority_level ?? report.priority });
      return true;
    });
    if (!moved) throw new Error('raced');
  } catch (e) {
    for (const id of written) await removeFile(ctx, officeId, id);
    if (e instanceof Error && e.message === 'raced') return false;
    throw e;
  }
  for (const f of files) await removeFile(ctx, INBOX_SCOPE, f.id);
  ctx.log.info({ reportId: report.id, officeId }, 'report routed from the national inbox');
  return true;
}

/**
 * Routes what waits in the national inbox to the offices that now cover it (by the same rule as a new report).
 * Run when an office is created and by the `reports.route-inbox` job; reports nobody can take yet stay.
 */
export async function routeInbox(ctx: AppContext): Promise<{ routed: number; waiting: number }> {
  let routed = 0;
  let waiting = 0;
  for (const report of await inbox.inboxReports(ctx.db, 500)) {
    const officeId = await repo.officeForCountry(ctx.db, report.country);
    if (officeId && (await routeOne(ctx, report, officeId))) routed++;
    else waiting++;
  }
  return { routed, waiting };
}
