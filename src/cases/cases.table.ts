import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * A victim case (HTCDS `cas_`), with the person (`prs_`). Personal fields are encrypted by sensitivity group;
 * only what aggregates and scoping need is kept in the clear (status, stage, office, owner, gender, citizenship,
 * age band, child flag) — none of which identifies a person alone.
 */
export interface CaseTable {
  id: string;
  office_id: string;
  /** Shown to people: <office code>-<year>-<5 digits>, per office. */
  case_number: string;
  /** HTCDS cas_Status: Active | FollowUp | Closed | ClosedReferred. */
  cas_status: string;
  /** Lifecycle step of DOMAIN.md §2.2: intake, safety, consent, screening, assessment, plan, assistance, solution, followup, closed. */
  stage: string;
  /** HTCDS cas_CaseOwner: the responsible case worker. */
  owner_id: string | null;
  /** How the case came in: report | referral | self | outreach | handover. */
  source: string;
  report_id: string | null;
  /** HTCDS prs_Gender value list. */
  prs_gender: string | null;
  /** ISO 3166 alpha-2 citizenships, JSON array. */
  prs_citizenship: string | null;
  /** documented | claimed | presumed_minor | assessed | unknown. */
  age_status: string;
  /** 1 when the person is, or may be, under 18 (presumption of minority when in doubt). */
  is_child: Generated<number>;
  /** Encrypted JSON: names, aliases, birth date or estimated age, identity documents, languages. */
  identity_enc: string | null;
  /** Encrypted JSON: phones, email, address. */
  contact_enc: string | null;
  /** Encrypted JSON: health information. */
  health_enc: string | null;
  /** Encrypted JSON: the person's account in their own words. */
  testimony_enc: string | null;
  cas_reason_for_case_closure: string | null;
  /** Encrypted JSON (HTCDS vic_): recruitment, methods of control, exploitation, places and dates. */
  context_enc: Generated<string | null>;
  /** Encrypted JSON (HTCDS cas_ incoming referral): organisation, case worker, date, reason, details. */
  referral_enc: Generated<string | null>;
  /** HTCDS vic_TraffickingStatus, set only by a supervisor's decision. */
  vic_trafficking_status: Generated<string | null>;
  /** HTCDS vic_TraffickingStatusDecisionMakingOrg. */
  vic_status_decision_org: Generated<string | null>;
  vic_status_decided_by: Generated<string | null>;
  vic_status_decided_at: Generated<string | null>;
  /** From the latest assessment: low | medium | high (for work-list filters). */
  risk_level: Generated<string | null>;
  /** The earliest due date (YYYY-MM-DD) of the case's open plan actions and reminders (cases/due.repository.ts). */
  next_due_on: Generated<string | null>;
  /** Encrypted free-text note written at closure. */
  closure_note_enc: Generated<string | null>;
  opened_at: Iso;
  closed_at: Iso | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** Informed consent, one record per purpose (and per partner for sharing), with withdrawal. */
export interface ConsentTable {
  id: string;
  office_id: string;
  case_id: string;
  /** screening | assistance | sharing | research | return | medical | transfer | contact | police */
  purpose: string;
  /** For purpose 'sharing': the partner organisation it applies to. */
  organisation_id: string | null;
  /** 1 given, 0 refused. */
  given: number;
  decided_at: Iso;
  withdrawn_at: Iso | null;
  language: string | null;
  interpreter: Generated<number>;
  /** What was explained (a checklist of codes, JSON), not personal data. */
  explained: string | null;
  /** For a child: the child's own assent (1/0/null) and that the guardian consented. */
  child_assent: number | null;
  guardian_consent: number | null;
  /** Where it came from: recorded by staff, or carried over from a report's choices. */
  origin: string;
  recorded_by: string | null;
  version: Generated<number>;
  created_at: Iso;
}

/** Blind-index tokens of a case, for duplicate checks and lookups (no plain value stored). */
export interface CaseLookupTable {
  case_id: string;
  office_id: string;
  /** name | birthdate | document | phone */
  kind: string;
  token: string;
}

/** Keyed blind-index tokens of the prefixes and phonetic keys of a person's name words (cases/name-search.ts). */
export interface CaseNameTokenTable {
  case_id: string;
  office_id: string;
  token: string;
}

/** A user's saved case-list filters: the list's query string, never a person-search field. */
export interface CaseListViewTable {
  id: string;
  user_id: string;
  name: string;
  query: string;
  created_at: Iso;
}

export type CaseRow = Selectable<CaseTable>;
export type NewCase = Insertable<CaseTable>;
export type ConsentRow = Selectable<ConsentTable>;

interface CaseChild {
  id: string;
  office_id: string;
  case_id: string;
}

/** HTCDS per_: a person involved as perpetrator, by role; details encrypted. */
export interface CasePerpetratorTable extends CaseChild {
  per_role_in_process: string;
  details_enc: string | null;
  created_by: string | null;
  created_at: Iso;
}

/** A child's guardian (UNICEF guidelines): appointed as soon as the child is identified, until a durable solution. */
export interface CaseGuardianTable extends CaseChild {
  /** legal_guardian | parent | social_welfare | appointed_representative */
  kind: string;
  /** Encrypted JSON: name, organisation, contact. */
  details_enc: string;
  appointed_on: string;
  ended_on: string | null;
  recorded_by: string | null;
  version: Generated<number>;
  created_at: Iso;
}

/** A best-interests assessment (BIA): the case worker's ongoing, dated log. */
export interface CaseBestInterestsAssessmentTable extends CaseChild {
  assessed_on: string;
  child_heard: Generated<number>;
  summary_enc: string;
  recorded_by: string | null;
  created_at: Iso;
}

/** A formal best-interests determination (BID): panel, decision, approved or rejected by a supervisor. */
export interface CaseBestInterestsDeterminationTable extends CaseChild {
  /** durable_solution | temporary_care | separation */
  question: string;
  /** JSON array of panel members' roles (staff and professionals, not the child). */
  panel: string;
  /** return | local_integration | resettlement | interim_care | other */
  decision: string;
  rationale_enc: string;
  /** submitted | approved | rejected */
  status: string;
  decided_on: string;
  recorded_by: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: Generated<number>;
  created_at: Iso;
}

/** A family assessment before a child returns: does the family agree, and is it able to receive the child. */
export interface CaseFamilyAssessmentTable extends CaseChild {
  assessed_on: string;
  family_agrees: string;
  family_able: string;
  /** positive | negative | inconclusive */
  outcome: string;
  notes_enc: string | null;
  recorded_by: string | null;
  created_at: Iso;
}

/** A screening: Palermo elements and ILO indicators, with the indicative outcome and its reasons (JSON codes). */
export interface CaseScreeningTable extends CaseChild {
  list_id: string;
  list_version: string;
  is_child: number;
  elements: string;
  indicators: string;
  outcome: string;
  reasons: string;
  notes_enc: string | null;
  screened_by: string | null;
  created_at: Iso;
}

/** An assessment of immediate safety, needs, and risk and protective factors at four levels (DoMV). */
export interface CaseAssessmentTable extends CaseChild {
  assessed_on: string;
  safety: string;
  needs: string;
  factors: string;
  risk_level: string;
  notes_enc: string | null;
  assessed_by: string | null;
  created_at: Iso;
}

/** HTCDS cco_CaseComment, encrypted. */
export interface CaseNoteTable extends CaseChild {
  body_enc: string;
  author_id: string | null;
  created_at: Iso;
  /** Corrections (issue 21): the row's version, when last corrected, when and by whom withdrawn (the reasons: record_corrections). */
  version: Generated<number>;
  corrected_at: Generated<Iso | null>;
  withdrawn_at: Generated<Iso | null>;
  withdrawn_by: Generated<string | null>;
}

/**
 * One correction or withdrawal of a service delivered or a case note (issue 21): the field names changed, the
 * values before (sealed JSON) and the reason (sealed). The corrected row itself holds the current values.
 */
export interface RecordCorrectionTable extends CaseChild {
  /** 'service' (plan_services) | 'note' (case_notes) */
  subject: string;
  subject_id: string;
  /** 'corrected' | 'withdrawn' */
  kind: string;
  /** Comma-separated field names (never values). */
  fields: string;
  previous_enc: string | null;
  reason_enc: string;
  created_by: string | null;
  created_at: Iso;
}
export type RecordCorrectionRow = Selectable<RecordCorrectionTable>;

export interface CaseAttachmentTable extends CaseChild {
  name_enc: string;
  content_type: string;
  size: number;
  /** The file's bytes encrypted with the office key, base64. */
  content_enc: string;
  uploaded_by: string | null;
  created_at: Iso;
}

/** A follow-up reminder or due action; `required` ones must be done before closure. */
export interface CaseReminderTable extends CaseChild {
  due_on: string;
  kind: string;
  required: Generated<number>;
  text_enc: string | null;
  assigned_to: string | null;
  done_at: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
}

/** A report a case was opened from ('opened') or attached to later ('attached'); its reference names no one. */
export interface CaseReportTable {
  id: string;
  office_id: string;
  case_id: string;
  report_id: string;
  report_reference: string;
  kind: string;
  created_by: string | null;
  created_at: Iso;
}
