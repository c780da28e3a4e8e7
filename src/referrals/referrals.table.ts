import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * A referral of a case (HTCDS `cas_` referral details). Outgoing: to a partner organisation
 * (cas_ReferredOrganisation, cas_OutgoingReferralDate, cas_ReasonForOutgoingReferral, cas_OutgoingReferralDetails),
 * carrying a grant of a named, minimal set of fields for that partner only. Incoming: from a referring
 * organisation (cas_ReferringOrganisation, cas_IncomingReferralDate, cas_ReasonForIncomingReferral,
 * cas_IncomingReferralDetails), without a grant.
 */
export interface ReferralTable {
  id: string;
  office_id: string;
  case_id: string;
  /** outgoing | incoming */
  direction: string;
  /** Outgoing: cas_ReferredOrganisation; incoming: cas_ReferringOrganisation. */
  organisation_id: string;
  /** The service asked for (a plan action type). */
  service: string;
  /** cas_ReasonForOutgoingReferral / cas_ReasonForIncomingReferral: AdditionalServicesRequired | MigrationOrChangeOfLocation | Other. */
  reason: string;
  /** Encrypted cas_OutgoingReferralDetails / cas_IncomingReferralDetails (staff only, never granted). */
  details_enc: string | null;
  /** pending | accepted | declined | completed | revoked (incoming referrals are recorded as accepted). */
  status: string;
  /** JSON array of the granted field codes, in the clear so a grant can be audited without decrypting. */
  grant_fields: string;
  /** Encrypted JSON of the granted values, fixed at the time of the referral. */
  grant_enc: string | null;
  /** 1 when a supervisor referred without the person's consent to share (reason in the audit). */
  consent_overridden: Generated<number>;
  /** cas_OutgoingReferralDate / cas_IncomingReferralDate (YYYY-MM-DD). */
  referral_date: string;
  created_by: string | null;
  responded_at: Iso | null;
  responded_by: string | null;
  /** A code from DECLINE_REASONS. */
  decline_reason: string | null;
  ended_at: Iso | null;
  /** A code: why it was revoked (REVOKE_REASONS). */
  end_reason: string | null;
  /** When the follow-up reminder for an unanswered referral was raised. */
  follow_up_at: Iso | null;
  /** The office's named contact for the partner (a case worker or supervisor); null: the one who referred. */
  staff_contact_id: string | null;
  /** The partner's named contact (one of its users); null until someone accepts it, who becomes the contact. */
  partner_contact_id: string | null;
  /** The day an answer is due (YYYY-MM-DD): set when referring, by default the office's referral time limit. */
  respond_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export type ReferralRow = Selectable<ReferralTable>;

/** A short message between the case worker and the partner on a referral; its text sealed under the office's key. */
export interface ReferralMessageTable {
  id: string;
  referral_id: string;
  office_id: string;
  case_id: string;
  author_id: string | null;
  /** office | partner: which side wrote it. */
  side: string;
  body_enc: string;
  created_at: Iso;
}

export type ReferralMessageRow = Selectable<ReferralMessageTable>;
