import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** An objective of the person's assistance plan (HTCDS `spl_Objectives`, typed by `spl_Type`), agreed with them. */
export interface PlanObjectiveTable {
  id: string;
  office_id: string;
  case_id: string;
  /** HTCDS spl_Type: Education | Financial | Health | Legal | Livelihood | SocialCare | ... */
  spl_type: string;
  /** Encrypted text of the objective, in the person's words where possible. */
  objective_enc: string;
  /** open | achieved | dropped */
  status: string;
  spl_planned_end_date: string | null;
  spl_actual_end_date: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** One action of the plan (HTCDS `spl_ActionPlan`, one row per action): a type, an owner and a due date. */
export interface PlanActionTable {
  id: string;
  office_id: string;
  case_id: string;
  objective_id: string | null;
  /** See PLAN_ACTION_TYPES: safe_accommodation, medical, ..., durable_solution. */
  action_type: string;
  description_enc: string;
  /** The staff member responsible. */
  owner_id: string | null;
  /** ISO date (YYYY-MM-DD) in the office's calendar. */
  due_date: string | null;
  /** open | done | cancelled */
  status: string;
  /** Which feature added it: plan (case worker), solutions (durable solutions)... */
  source: string;
  completed_at: Iso | null;
  /** When the overdue reminder was raised; cleared when the due date changes. */
  reminded_at: Iso | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A service delivered to the person, by the office or by a partner through a referral. */
export interface PlanServiceTable {
  id: string;
  office_id: string;
  case_id: string;
  action_id: string | null;
  referral_id: string | null;
  /** The partner organisation that delivered it, when recorded through the partner portal. */
  organisation_id: string | null;
  service: string;
  delivered_on: string;
  notes_enc: string | null;
  recorded_by: string | null;
  created_at: Iso;
  /** Corrections (issue 21): the row's version, when last corrected, when and by whom withdrawn (the reasons: record_corrections). */
  version: Generated<number>;
  corrected_at: Generated<Iso | null>;
  withdrawn_at: Generated<Iso | null>;
  withdrawn_by: Generated<string | null>;
}

export type PlanObjectiveRow = Selectable<PlanObjectiveTable>;
export type PlanActionRow = Selectable<PlanActionTable>;
export type PlanServiceRow = Selectable<PlanServiceTable>;
