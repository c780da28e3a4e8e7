import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { recordCaseEvent } from './case-events.js';
import * as links from './case-reports.repository.js';
import { can, canOpenIn } from './cases.policy.js';
import { findCase } from './cases.repository.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.report_attached': { reportId: string };
  }
}

/** A case's story from its reports: the reports it came from and the cases opened with it from one report. */
export interface CaseStory {
  reports: Array<{ id: string; reference: string; kind: string; href: string | null }>;
  group: Array<{ id: string; caseNumber: string; href: string | null }>;
}

/** What this user may follow of the case's reports (triage staff open them) and of its group (cases they may read). */
export async function caseStory(ctx: AppContext, actor: AuthUser, record: { id: string; office_id: string }): Promise<CaseStory> {
  const triage = hasPermission(actor, 'reports.triage', record.office_id);
  const reports = (await links.reportsOfCase(ctx.db, record.id)).map((r) => ({
    id: r.report_id,
    reference: r.report_reference,
    kind: r.kind,
    href: triage ? `/staff/reports/${r.report_id}` : null,
  }));
  const group = [];
  for (const g of await links.groupOfCase(ctx.db, record.id)) {
    const other = await findCase(ctx.db, g.id);
    group.push({ id: g.id, caseNumber: g.case_number, href: other && can(actor, 'read', other) ? `/staff/cases/${g.id}` : null });
  }
  return { reports, group };
}

/** The cases a report is linked to, for the report's page. */
export async function casesOfReport(ctx: AppContext, reportId: string): Promise<Array<{ id: string; caseNumber: string; kind: string }>> {
  return (await links.casesOfReport(ctx.db, reportId)).map((c) => ({ id: c.id, caseNumber: c.case_number, kind: c.kind }));
}

/**
 * Attaches a report to an existing case of the same office (a report linked to one that already became a case),
 * in the caller's transaction with the report's change. Triage staff of the office may do it, as they may open one.
 */
export async function attachReport(
  tx: Tx,
  { actor, caseId, report }: { actor: AuthUser; caseId: string; report: { id: string; reference: string; officeId: string } },
): Promise<{ caseNumber: string }> {
  const record = await findCase(tx, caseId);
  if (!record || record.office_id !== report.officeId) throw new NotFoundError();
  if (!canOpenIn(actor, record.office_id)) throw new ForbiddenError();
  if (!(await links.caseReportExists(tx, record.id, report.id))) {
    await links.insertCaseReport(tx, {
      id: newId(),
      office_id: record.office_id,
      case_id: record.id,
      report_id: report.id,
      report_reference: report.reference,
      kind: 'attached',
      created_by: actor.id,
      created_at: nowIso(),
    });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.report_attached', data: { reportId: report.id } });
  }
  return { caseNumber: record.case_number };
}
