import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { removeFile } from './attachments.js';
import { keyScope } from './report-content.js';
import * as repo from './reports.repository.js';

/**
 * Retention: reports closed without a case are deleted, with their messages, lookups, links and files, once
 * closed longer than the configured period. Reports that became cases are kept: the case holds the link.
 */
export async function purgeClosedReports(ctx: AppContext, now = Date.now()): Promise<{ reports: number; files: number }> {
  const cutoff = new Date(now - ctx.config.reportRetentionDays * 86_400_000).toISOString();
  const due = await repo.closedBefore(ctx.db, cutoff, 1000);
  let files = 0;
  for (const r of due) {
    const fileIds = await repo.filesOf(ctx.db, r.id);
    await inTransaction(ctx.db, async (tx, onCommit) => {
      await repo.deleteReport(tx, r.id);
      await recordEvent(tx, { type: 'report.purged', officeId: r.office_id, subjectType: 'report', subjectId: r.id, data: { reference: r.reference, files: fileIds.length } });
      // Files go once the rows are gone for good; a failed transaction leaves both in place.
      onCommit(async () => {
        for (const f of fileIds) await removeFile(ctx, keyScope(r.office_id), f.id);
      });
    });
    files += fileIds.length;
  }
  return { reports: due.length, files };
}
