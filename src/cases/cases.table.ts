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

export type CaseRow = Selectable<CaseTable>;
export type NewCase = Insertable<CaseTable>;
export type ConsentRow = Selectable<ConsentTable>;
