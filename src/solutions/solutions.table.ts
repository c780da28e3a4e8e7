import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * The durable solution of a case (one row per case): the options considered, the person's wishes in their own
 * words (encrypted), the decision and who took it, and the state of a voluntary return.
 */
export interface CaseSolutionTable {
  id: string;
  office_id: string;
  case_id: string;
  /** JSON array of option codes considered: return | local_integration | resettlement. */
  options: string;
  /** Encrypted: the person's wishes in their own words. */
  wishes_enc: string | null;
  /** return | local_integration | resettlement, null while undecided. */
  decision: string | null;
  /** For return: the origin country's office; for resettlement: the resettlement country's office. */
  target_office_id: string | null;
  decided_by: string | null;
  decided_at: Iso | null;
  /** none | pending_assessment | blocked | cleared | travelled */
  return_status: string;
  /** Encrypted: the supervisor's recorded reason to go on despite a high risk. */
  override_reason_enc: string | null;
  override_by: string | null;
  override_at: Iso | null;
  /** Date of arrival in the origin (or resettlement) country; the reintegration plan is due a month later. */
  arrived_on: string | null;
  plan_reminded_at: Iso | null;
  /** After the solution: followup | closed. */
  followup_status: string | null;
  closure_reason: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** The pre-return risk assessment, completed jointly by the destination and origin offices. */
export interface ReturnRiskAssessmentTable {
  id: string;
  office_id: string;
  case_id: string;
  /** The origin office taking part. */
  partner_office_id: string;
  /** Encrypted JSON: [{ factor, likelihood 1-3, impact 1-3, mitigation, office: 'destination'|'origin' }]. */
  risks_enc: string | null;
  /** low | medium | high (from the highest likelihood × impact). */
  overall: string;
  destination_signed_by: string | null;
  destination_signed_at: Iso | null;
  origin_signed_by: string | null;
  origin_signed_at: Iso | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/**
 * The durable-solution steps (return, local integration, resettlement, follow-up) are actions of the case's
 * assistance plan (plan_actions, source 'solutions', with owner, due date and status); this row keeps which
 * track and step each one is, so the solution page can group and check them.
 */
export interface SolutionStepTable {
  /** The plan action's id. */
  id: string;
  office_id: string;
  case_id: string;
  /** return | integration | resettlement | followup */
  track: string;
  /** A step code of the track (travel_document, housing, submission...). */
  step: string;
  created_at: Iso;
}

/**
 * The first version's own step table, before the steps became plan actions (migration 20261128T070000).
 * Superseded by solution_steps; kept so that rows written by that version are not lost, and moved and
 * re-sealed with the case on a hand-over.
 */
export interface SolutionActionTable {
  id: string;
  office_id: string;
  case_id: string;
  track: string;
  step: string;
  due_on: string | null;
  done_on: string | null;
  owner_id: string | null;
  status: string;
  note_enc: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A case handed from one office to another: pending until the receiving office accepts. */
export interface CaseHandoverTable {
  id: string;
  /** The sending office (where the case was when handed over). */
  office_id: string;
  case_id: string;
  to_office_id: string;
  /** pending | accepted | declined | cancelled */
  status: string;
  /** JSON array of share scopes the sending office keeps after acceptance. */
  keep_scopes: string;
  requested_by: string;
  requested_at: Iso;
  decided_by: string | null;
  decided_at: Iso | null;
  version: Generated<number>;
}

/** Read access an office keeps (or is given) on a case it does not own, limited by scope and time. */
export interface CaseShareTable {
  id: string;
  case_id: string;
  /** The office the access is given to. */
  office_id: string;
  /** risk (take part in the joint risk assessment) | outcome (follow the solution's outcome). */
  scope: string;
  until: Iso | null;
  created_by: string;
  created_at: Iso;
  revoked_at: Iso | null;
}

/** The reintegration plan, due within a month of arrival. */
export interface ReintegrationPlanTable {
  id: string;
  office_id: string;
  case_id: string;
  /** Encrypted JSON: { economic, social, psychosocial } objectives in words. */
  objectives_enc: string;
  /** JSON: [{ organisationId, dimension }], services from partners in the origin country. */
  services: string;
  created_by: string;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A version of the reintegration sustainability survey: items, answer scores, weights and bands. */
export interface SurveyConfigTable {
  id: string;
  /** Null for the built-in default. */
  office_id: string | null;
  version: number;
  /** JSON SurveyConfig. */
  config: string;
  created_by: string | null;
  created_at: Iso;
}

/** An office's return-risk thresholds on the likelihood × impact score (no row: the built-in 3 and 6). */
export interface ReturnRiskSettingsTable {
  office_id: string;
  medium_from: number;
  high_from: number;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Iso;
}

/** A reintegration sustainability survey taken (baseline or follow-up), with the scores at the time. */
export interface ReintegrationSurveyTable {
  id: string;
  office_id: string;
  case_id: string;
  /** baseline | followup */
  kind: string;
  taken_on: string;
  config_id: string;
  config_version: number;
  /** JSON: the weights used, so a later change of weights never changes this survey's scores. */
  weights_used: string;
  /** Encrypted JSON: itemId → answer value. */
  answers_enc: string;
  economic: number | null;
  social: number | null;
  psychosocial: number | null;
  composite: number | null;
  created_by: string;
  created_at: Iso;
}

export type CaseSolutionRow = Selectable<CaseSolutionTable>;
export type RiskAssessmentRow = Selectable<ReturnRiskAssessmentTable>;
export type SolutionStepRow = Selectable<SolutionStepTable>;
export type HandoverRow = Selectable<CaseHandoverTable>;
export type ShareRow = Selectable<CaseShareTable>;
export type ReintegrationPlanRow = Selectable<ReintegrationPlanTable>;
export type SurveyRow = Selectable<ReintegrationSurveyTable>;
