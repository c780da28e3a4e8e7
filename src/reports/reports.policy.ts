import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';
import type { ReportRow } from './reports.table.js';

/**
 * Reports are triaged by the operators and supervisors of the office the report was routed to; nobody else
 * reads them (case workers see what reaches them as a case). A report waiting in the national inbox (no office
 * yet) is triaged by the operators an administrator gave the inbox to, and by global triage roles.
 */
export type ReportAction = 'read' | 'triage' | 'message' | 'link' | 'open-case';

export function triageOffices(user: AuthUser): string[] | 'all' {
  return officesWith(user, 'reports.triage');
}

/** `inbox`: whether this user was given the national inbox (see inbox.service `mayTriageInbox`). */
export function can({
  user,
  _action,
  report,
  inbox = false,
}: {
  user: AuthUser;
  _action: ReportAction;
  report: Pick<ReportRow, 'office_id'>;
  inbox?: boolean;
}): boolean {
  if (report.office_id === null) return inbox && hasPermission(user, 'reports.triage');
  const offices = triageOffices(user);
  return offices === 'all' || offices.includes(report.office_id);
}

/** Administrators see what waits in the national inbox (references, ages, countries; never what was written). */
export function canOverseeInbox(user: AuthUser): boolean {
  return hasPermission(user, 'admin.manage');
}
