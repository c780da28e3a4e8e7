import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Iso } from '../platform/db/column-types.js';

/*
 * Offices (the organisation's own offices, each with its cases and keys) and organisations (partners and other
 * bodies, HTCDS org_ fields). Every query on them is in offices.repository.ts.
 */

export interface OfficeTable {
  id: string;
  /** Short code used in case numbers, e.g. TN in TN-2026-00123. */
  code: string;
  name: string;
  /** ISO 3166-1 alpha-2 country of the office. */
  country: string;
  /** JSON array of locale codes spoken by the office's staff. */
  languages: string;
  time_zone: string;
  case_seq: Generated<number>;
  report_seq: Generated<number>;
  active: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/** HTCDS `org_` fields, plus what Abri needs to run partners. */
export interface OrganisationTable {
  id: string;
  org_name: string;
  /** HTCDS org_Type: NGO, LawEnforcement, HealthServiceOrganisation, ... */
  org_type: string;
  org_shipping_country: string;
  org_shipping_state: string | null;
  org_shipping_city: string | null;
  org_shipping_street: string | null;
  org_shipping_postal_code: string | null;
  org_phone: string | null;
  email: string | null;
  website: string | null;
  /** The office that manages this organisation's record and its partnership. */
  office_id: string | null;
  is_partner: Generated<number>;
  active: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export type Office = Selectable<OfficeTable>;
export type NewOffice = Insertable<OfficeTable>;
export type OfficeUpdate = Updateable<OfficeTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
