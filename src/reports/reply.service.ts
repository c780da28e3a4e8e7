import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { messageAad, type ReplyTo, replyToAad } from './report-content.js';
import * as repo from './reports.repository.js';
import type { ReportRow } from './reports.table.js';

/*
 * What the channels feature (SMS, WhatsApp, e-mail) needs of a report beyond submitting it: the report a returning
 * sender's message joins, the sealed address to answer on, a staff message to deliver, and forgetting the address
 * when the sender says STOP.
 */

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'report.replies_stopped': Record<string, never>;
  }
}

export { detectLanguage } from './language.js';
export type { ReplyTo } from './report-content.js';

export async function openReportForSender(ctx: AppContext, hash: string): Promise<ReportRow | undefined> {
  return repo.openByReplyHash(ctx.db, hash);
}

export async function reportById(ctx: AppContext, id: string): Promise<ReportRow | undefined> {
  return repo.findById(ctx.db, id);
}

export async function replyToOf(ctx: AppContext, report: Pick<ReportRow, 'id' | 'reply_to_enc'>): Promise<ReplyTo | null> {
  return report.reply_to_enc ? ctx.keys.decrypt<ReplyTo>(report.reply_to_enc, replyToAad(report.id)) : null;
}

/** A staff message of a report, opened for delivery through the report's channel; undefined if it is gone. */
export async function staffMessageBody(ctx: AppContext, reportId: string, messageId: string): Promise<string | undefined> {
  const m = await repo.messageById(ctx.db, reportId, messageId);
  if (m?.author !== 'staff') return undefined;
  return ctx.keys.decrypt<string>(m.body_enc, messageAad(m.id));
}

/** STOP: every report that had this sender's address forgets it (no more messages); audited without the address. */
export async function stopReplies(ctx: AppContext, hash: string): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    const reports = await repo.clearReplyTo(tx, hash);
    for (const r of reports) await recordEvent(tx, { type: 'report.replies_stopped', officeId: r.office_id, subjectType: 'report', subjectId: r.id, data: {} });
    return reports.length;
  });
}

/** The web form's attachment rules and cleaning (type from the bytes, metadata removed), for e-mailed files. */
export { MAX_FILES, type PreparedFile, prepareFiles } from './attachments.js';
