import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** One service an organisation offers in one country (and optionally one region), for whom, with its capacity. */
export interface PartnerServiceTable {
  id: string;
  organisation_id: string;
  /** Office that manages the organisation's partnership (copied from the organisation), for scoping. */
  office_id: string | null;
  /** A code of SERVICES (Abri's service list and the HTCDS spl_Type values). */
  service: string;
  country: string;
  region: string | null;
  for_adults: number;
  for_children: number;
  for_women: number;
  for_men: number;
  /** JSON array of ISO 639-1 codes the service can be delivered in. */
  languages: string;
  capacity_total: number | null;
  capacity_free: number | null;
  /** Professional contact point at the partner for this service (not a survivor's data). */
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  active: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** A data-sharing agreement with a partner organisation; referrals need one in force. */
export interface PartnerAgreementTable {
  id: string;
  organisation_id: string;
  office_id: string | null;
  reference: string | null;
  /** Dates as YYYY-MM-DD, inclusive. */
  signed_on: string;
  expires_on: string;
  withdrawn_at: Iso | null;
  recorded_by: string | null;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export type PartnerService = Selectable<PartnerServiceTable>;
export type NewPartnerService = Insertable<PartnerServiceTable>;
export type PartnerAgreement = Selectable<PartnerAgreementTable>;
