import type { ReportInboxOperatorTable, ReportInboxSequenceTable, ReportSubmissionTable } from './reports/reports.table.js';
import type { ReportFileTable, ReportLinkTable, ReportLookupTable, ReportMessageTable, ReportTable } from './reports/reports.table.js';
import type { PlanActionTable, PlanObjectiveTable, PlanServiceTable } from './plans/plans.table.js';
import type { CatalogReviewTable } from './translations/translations.table.js';
import type { ReferralMessageTable, ReferralTable } from './referrals/referrals.table.js';
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from './webhooks/webhooks.table.js';
import type {
  JusticeCaseProceedingTable,
  JusticeCompensationTable,
  JusticeDisclosureTable,
  JusticeHearingPersonTable,
  JusticeHearingTable,
  JusticeMeasureTable,
  JusticeNonPunishmentTable,
  JusticeProceedingTable,
  JusticeProfileTable,
  JusticeStatusKindTable,
  JusticeStatusTable,
} from './justice/justice.table.js';
import type {
  CaseAssessmentTable,
  CaseAttachmentTable,
  CaseBestInterestsAssessmentTable,
  CaseBestInterestsDeterminationTable,
  CaseFamilyAssessmentTable,
  CaseGuardianTable,
  CaseListViewTable,
  CaseLookupTable,
  CaseNameTokenTable,
  CaseNoteTable,
  RecordCorrectionTable,
  CaseReportTable,
  CasePerpetratorTable,
  CaseReminderTable,
  CaseScreeningTable,
  CaseTable,
  ConsentTable,
} from './cases/cases.table.js';
import type { CaseHandoverTable, CaseShareTable, CaseSolutionTable, ReintegrationPlanTable, ReintegrationSurveyTable, ReturnRiskAssessmentTable, ReturnRiskSettingsTable, SolutionStepTable, SurveyConfigTable } from './solutions/solutions.table.js';
import type { CaseFactCodeTable, CaseFactTable, DashboardCountTable, DashboardDirtyTable, DashboardRecountTable } from './stats/dashboards.table.js';
import type {
  AccessLogTable,
  ApiTokenTable,
  AuditEventTable,
  AuditHeadTable,
  ClientLockoutTable,
  DataKeyTable,
  JobLeaseTable,
  MembershipTable,
  OneTimeTokenTable,
  RateCounterTable,
  RecoveryCodeTable,
  SessionTable,
  SettingTable,
  StoredFileTable,
  UserTable,
} from './platform/platform.table.js';
import type { OfficeTable, OrganisationTable } from './offices/offices.table.js';
import type { CommentTable } from './comments/comments.table.js';
import type { ContentItemTable, ContentRevisionTable, ContentTranslationTable } from './content/content.table.js';
import type { DirectoryEntryTable } from './directory/directory.table.js';
import type { ImportJobTable } from './htcds-import/import.table.js';
import type { OdkAppUserTable, OdkInstanceTable, OdkOfficeKeyTable, OdkPartTable, OdkSubmissionTable } from './odk/odk.table.js';
import type { CtdcDatasetTable, CtdcRecordTable } from './stats/stats.table.js';
import type { PartnerAgreementTable, PartnerServiceTable } from './partners/partners.table.js';
import type { DueNoticeTable, NotificationOutboxTable, NotificationPreferenceTable, NotificationTable, OfficeClockTable, ReferralReminderTable, ReportEscalationTable } from './notifications/notifications.table.js';
import type { ChannelConversationTable, ChannelDeliveryTable, ChannelNumberTable, ChannelOutboxTable } from './channels/channels.table.js';
import type { LibraryDocumentTable, TrainingAttendanceTable, TrainingParticipantTable, TrainingSessionTable, TrainingTable } from './training/training.table.js';

/**
 * The whole database, assembled here at the root from each feature's table file (a feature owns the tables it
 * creates; src/platform/ owns users, sessions, audit, keys, settings and job leases). src/platform/db/database.ts
 * types Kysely with it; it is the one root module platform code imports, and only its type.
 */
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
  rate_counters: RateCounterTable;
  client_lockouts: ClientLockoutTable;
  stored_files: StoredFileTable;
  cases: CaseTable;
  consents: ConsentTable;
  case_lookups: CaseLookupTable;
  case_name_tokens: CaseNameTokenTable;
  case_list_views: CaseListViewTable;
  content_items: ContentItemTable;
  content_translations: ContentTranslationTable;
  content_revisions: ContentRevisionTable;
  comments: CommentTable;
  directory_entries: DirectoryEntryTable;
  ctdc_datasets: CtdcDatasetTable;
  ctdc_records: CtdcRecordTable;
  partner_services: PartnerServiceTable;
  partner_agreements: PartnerAgreementTable;
  trainings: TrainingTable;
  training_sessions: TrainingSessionTable;
  training_participants: TrainingParticipantTable;
  training_attendance: TrainingAttendanceTable;
  library_documents: LibraryDocumentTable;
  reports: ReportTable;
  report_messages: ReportMessageTable;
  report_files: ReportFileTable;
  report_lookups: ReportLookupTable;
  report_links: ReportLinkTable;
  report_submissions: ReportSubmissionTable;
  report_inbox_operators: ReportInboxOperatorTable;
  report_inbox_sequence: ReportInboxSequenceTable;
  channel_conversations: ChannelConversationTable;
  channel_outbox: ChannelOutboxTable;
  channel_deliveries: ChannelDeliveryTable;
  channel_numbers: ChannelNumberTable;
  case_perpetrators: CasePerpetratorTable;
  case_guardians: CaseGuardianTable;
  case_best_interests_assessments: CaseBestInterestsAssessmentTable;
  case_best_interests_determinations: CaseBestInterestsDeterminationTable;
  case_family_assessments: CaseFamilyAssessmentTable;
  case_screenings: CaseScreeningTable;
  case_assessments: CaseAssessmentTable;
  case_notes: CaseNoteTable;
  record_corrections: RecordCorrectionTable;
  case_reports: CaseReportTable;
  case_attachments: CaseAttachmentTable;
  case_reminders: CaseReminderTable;
  plan_objectives: PlanObjectiveTable;
  plan_actions: PlanActionTable;
  plan_services: PlanServiceTable;
  referrals: ReferralTable;
  referral_messages: ReferralMessageTable;
  case_solutions: CaseSolutionTable;
  return_risk_assessments: ReturnRiskAssessmentTable;
  solution_steps: SolutionStepTable;
  case_handovers: CaseHandoverTable;
  case_shares: CaseShareTable;
  reintegration_plans: ReintegrationPlanTable;
  survey_configs: SurveyConfigTable;
  return_risk_settings: ReturnRiskSettingsTable;
  reintegration_surveys: ReintegrationSurveyTable;
  case_facts: CaseFactTable;
  case_fact_codes: CaseFactCodeTable;
  dashboard_counts: DashboardCountTable;
  dashboard_dirty: DashboardDirtyTable;
  dashboard_recounts: DashboardRecountTable;
  justice_status_kinds: JusticeStatusKindTable;
  justice_profiles: JusticeProfileTable;
  justice_statuses: JusticeStatusTable;
  justice_proceedings: JusticeProceedingTable;
  justice_case_proceedings: JusticeCaseProceedingTable;
  justice_hearings: JusticeHearingTable;
  justice_hearing_people: JusticeHearingPersonTable;
  justice_measures: JusticeMeasureTable;
  justice_compensation: JusticeCompensationTable;
  justice_non_punishment: JusticeNonPunishmentTable;
  justice_disclosures: JusticeDisclosureTable;
  odk_app_users: OdkAppUserTable;
  odk_office_keys: OdkOfficeKeyTable;
  odk_submissions: OdkSubmissionTable;
  odk_instances: OdkInstanceTable;
  odk_parts: OdkPartTable;
  import_jobs: ImportJobTable;
  notifications: NotificationTable;
  notification_outbox: NotificationOutboxTable;
  notification_preferences: NotificationPreferenceTable;
  office_clocks: OfficeClockTable;
  report_escalations: ReportEscalationTable;
  referral_reminders: ReferralReminderTable;
  due_notices: DueNoticeTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  catalog_reviews: CatalogReviewTable;
}
