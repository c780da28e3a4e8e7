import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** A kind of legal status an office records (reflection period, residence permit...); office_id null: a default. */
export interface JusticeStatusKindTable {
  id: string;
  office_id: string | null;
  /** A code: the defaults' codes have translated names (justice.kinds.<code>); an office's own kind has its label. */
  code: string;
  /** reflection | permit */
  category: string;
  /** The name an office gave its own kind (not personal data); null for the defaults. */
  label: string | null;
  /** The usual length, proposed as the end date; null when open-ended. */
  default_days: number | null;
  /** How many days before the end the warning is raised. */
  warn_days: number;
  active: Generated<number>;
  created_at: Iso;
}

/** One per case: the person's decision on cooperating with the authorities, and any removal or detention risk. */
export interface JusticeProfileTable {
  case_id: string;
  office_id: string;
  /** undecided | cooperating | declined: never a condition of any assistance (CoE art. 12(6), EU 2011/36 art. 11(3)). */
  cooperation: string;
  cooperation_on: string | null;
  /** none | removal | detention | both */
  risk: string;
  /** Sealed: what was done about the risk. */
  risk_action_enc: string | null;
  risk_reviewed_on: string | null;
  updated_by: string | null;
  version: Generated<number>;
  updated_at: Iso;
}

/** A reflection period, residence permit or protection status on a case. */
export interface JusticeStatusTable {
  id: string;
  office_id: string;
  case_id: string;
  kind_code: string;
  /** reflection | permit (copied from the kind). */
  category: string;
  /** applied | granted | refused | ended */
  status: string;
  applied_on: string | null;
  start_on: string | null;
  /** The end of the period, or the permit's expiry. */
  end_on: string | null;
  /** Sealed: the authority (or person) who granted it. */
  granted_by_enc: string | null;
  /** Sealed: the permit's or decision's reference. */
  reference_enc: string | null;
  /** Sealed: renewal steps and notes. */
  renewal_enc: string | null;
  warn_days: number;
  /** When the warning before the end was recorded (cleared when the end moves). */
  warned_at: Iso | null;
  /** When the notice that it ended was recorded. */
  ended_notice_at: Iso | null;
  extensions: Generated<number>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A criminal or civil proceeding against the exploiters; several cases (of several offices) may be linked to it. */
export interface JusticeProceedingTable {
  id: string;
  /** The office that recorded it first. */
  office_id: string;
  /**
   * The code an office gives another office whose case is part of the same proceeding, so that it can join it
   * (not personal data; it shows the proceeding's own fields, never the other office's part).
   */
  share_code: string;
  /** criminal | civil | labour | administrative */
  kind: string;
  /** ISO country code. */
  jurisdiction: string;
  court: string | null;
  /** Sealed: case and file numbers at the police, prosecutor or court. */
  reference_enc: string | null;
  /** complaint | investigation | indictment | trial | verdict | appeal | closed */
  stage: string;
  complaint_on: string | null;
  investigation_on: string | null;
  indictment_on: string | null;
  trial_on: string | null;
  verdict_on: string | null;
  appeal_on: string | null;
  closed_on: string | null;
  /** pending | conviction | partial_conviction | acquittal | dismissed | settled | other */
  outcome: string;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A case's part in a proceeding: the person's role; the link belongs to the case's office. */
export interface JusticeCaseProceedingTable {
  id: string;
  office_id: string;
  case_id: string;
  proceeding_id: string;
  /** complainant | witness | civil_party | none */
  role: string;
  testified: Generated<number>;
  /** The legal-aid referral of the case (referrals feature) representing the person, if any. */
  legal_referral_id: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A hearing of a proceeding, as recorded by one office (others do not see it). */
export interface JusticeHearingTable {
  id: string;
  office_id: string;
  proceeding_id: string;
  held_on: string;
  place: string | null;
  created_by: string | null;
  created_at: Iso;
}

/** One person at a hearing: must they attend, who supports them, the interpreter, a child's guardian. */
export interface JusticeHearingPersonTable {
  id: string;
  office_id: string;
  hearing_id: string;
  link_id: string;
  case_id: string;
  must_attend: Generated<number>;
  support_person_enc: string | null;
  /** The language interpreted, when an interpreter is needed. */
  interpreter: string | null;
  guardian_enc: string | null;
  created_at: Iso;
}

/** A protection measure asked for in a proceeding (anonymity, video testimony, screen, escort, relocation...). */
export interface JusticeMeasureTable {
  id: string;
  office_id: string;
  link_id: string;
  case_id: string;
  measure: string;
  /** requested | granted | refused */
  status: string;
  requested_on: string;
  decided_on: string | null;
  /** Asked for by default (a child in proceedings). */
  by_default: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A compensation claim; amounts in hundredths of the currency unit (two decimals whatever the currency). */
export interface JusticeCompensationTable {
  id: string;
  office_id: string;
  case_id: string;
  proceeding_id: string | null;
  /** state_fund | civil_claim | labour_claim | court_order | other */
  kind: string;
  /** ISO 4217 */
  currency: string;
  claimed_minor: number;
  awarded_minor: number | null;
  received_minor: number | null;
  claimed_on: string;
  awarded_on: string | null;
  received_on: string | null;
  /** pending | awarded | refused | withdrawn */
  outcome: string;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** An offence the person was compelled to commit, and the request not to punish them for it. */
export interface JusticeNonPunishmentTable {
  id: string;
  office_id: string;
  case_id: string;
  /** immigration | documents | sex_work | drug_cultivation | theft | begging | other */
  offence: string;
  details_enc: string | null;
  /** non_prosecution | discharge | record_clearance */
  request_kind: string;
  requested_on: string;
  /** pending | granted | partly | refused */
  outcome: string;
  decided_on: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** Something shared with police, prosecutors or courts: needs the person's 'justice' consent (or an audited override). */
export interface JusticeDisclosureTable {
  id: string;
  office_id: string;
  case_id: string;
  proceeding_id: string | null;
  /** police | prosecutor | court | other */
  recipient: string;
  shared_on: string;
  what_enc: string;
  consent_overridden: Generated<number>;
  created_by: string | null;
  created_at: Iso;
}

export type JusticeStatusKindRow = Selectable<JusticeStatusKindTable>;
export type JusticeStatusRow = Selectable<JusticeStatusTable>;
export type JusticeProceedingRow = Selectable<JusticeProceedingTable>;
