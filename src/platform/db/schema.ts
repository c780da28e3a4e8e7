import type {
  CaseAssessmentTable,
  CaseAttachmentTable,
  CaseBestInterestsAssessmentTable,
  CaseBestInterestsDeterminationTable,
  CaseFamilyAssessmentTable,
  CaseGuardianTable,
  CaseLookupTable,
  CaseNoteTable,
  CasePerpetratorTable,
  CaseReminderTable,
  CaseScreeningTable,
  CaseTable,
  ConsentTable,
} from '../../cases/cases.table.js';
import type { CaseHandoverTable, CaseShareTable, CaseSolutionTable, ReintegrationPlanTable, ReintegrationSurveyTable, ReturnRiskAssessmentTable, SolutionActionTable, SurveyConfigTable } from '../../solutions/solutions.table.js';
import type { PlanActionTable, PlanObjectiveTable, PlanServiceTable } from '../../plans/plans.table.js';
import type { ReferralTable } from '../../referrals/referrals.table.js';
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
  case_perpetrators: CasePerpetratorTable;
  case_guardians: CaseGuardianTable;
  case_best_interests_assessments: CaseBestInterestsAssessmentTable;
  case_best_interests_determinations: CaseBestInterestsDeterminationTable;
  case_family_assessments: CaseFamilyAssessmentTable;
  case_screenings: CaseScreeningTable;
  case_assessments: CaseAssessmentTable;
  case_notes: CaseNoteTable;
  case_attachments: CaseAttachmentTable;
  case_reminders: CaseReminderTable;
  case_solutions: CaseSolutionTable;
  return_risk_assessments: ReturnRiskAssessmentTable;
  solution_actions: SolutionActionTable;
  case_handovers: CaseHandoverTable;
  case_shares: CaseShareTable;
  reintegration_plans: ReintegrationPlanTable;
  survey_configs: SurveyConfigTable;
  reintegration_surveys: ReintegrationSurveyTable;
  plan_objectives: PlanObjectiveTable;
  plan_actions: PlanActionTable;
  plan_services: PlanServiceTable;
  referrals: ReferralTable;
}
