import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { ReportRow } from './reports.table.js';

/**
 * Reports are triaged by the operators and supervisors of the office the report was routed to; nobody else
 * reads them (case workers see what reaches them as a case).
 */
export type ReportAction = 'read' | 'triage' | 'message' | 'link' | 'open-case';

export function triageOffices(user: AuthUser): string[] | 'all' {
  return officesWith(user, 'reports.triage');
}

export function can(user: AuthUser, _action: ReportAction, report: Pick<ReportRow, 'office_id'>): boolean {
  const offices = triageOffices(user);
  return offices === 'all' || offices.includes(report.office_id);
}
