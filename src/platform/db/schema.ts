import type { ReportFileTable, ReportLinkTable, ReportLookupTable, ReportMessageTable, ReportTable } from '../../reports/reports.table.js';
import type { CaseLookupTable, CaseTable, ConsentTable } from '../../cases/cases.table.js';
import type {
  AccessLogTable,
  ApiTokenTable,
  AuditEventTable,
  AuditHeadTable,
  DataKeyTable,
  JobLeaseTable,
  MembershipTable,
  OfficeTable,
  OneTimeTokenTable,
  OrganisationTable,
  RecoveryCodeTable,
  SessionTable,
  SettingTable,
  UserTable,
} from '../platform.table.js';

/** The whole database, assembled from each feature's table file. */
export interface DB {
  offices: OfficeTable;
  organisations: OrganisationTable;
  users: UserTable;
  recovery_codes: RecoveryCodeTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  one_time_tokens: OneTimeTokenTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  access_log: AccessLogTable;
  audit_heads: AuditHeadTable;
  data_keys: DataKeyTable;
  settings: SettingTable;
  job_leases: JobLeaseTable;
  cases: CaseTable;
  consents: ConsentTable;
  case_lookups: CaseLookupTable;
  reports: ReportTable;
  report_messages: ReportMessageTable;
  report_files: ReportFileTable;
  report_lookups: ReportLookupTable;
  report_links: ReportLinkTable;
}
