import { partnersReferralDirectory } from '../partners/referral-directory.js';
import type { Executor } from '../platform/db/database.js';

/** A partner organisation as the referral form offers it. */
export interface PartnerSummary {
  id: string;
  name: string;
  type: string;
  country: string;
  city: string | null;
}

/**
 * What referrals need from the partners feature (services offered, data-sharing agreements). The default below
 * lists active partner organisations and accepts any agreement; the partners module provides the real one
 * (services and agreements), installed with `setPartnerDirectory` — or by changing the one line marked below.
 */
export interface PartnerDirectory {
  /** Active partners that can take a referral for this need (service) from this office. */
  findPartnersForNeed(db: Executor, need: { officeId: string; service?: string | undefined }): Promise<PartnerSummary[]>;
  /** Throws when no data-sharing agreement with the organisation is valid at `at` (ISO time). */
  assertAgreementValid(db: Executor, organisationId: string, at: string): Promise<void>;
}

export const defaultPartnerDirectory: PartnerDirectory = {
  async findPartnersForNeed(db, need) {
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'org_name', 'org_type', 'org_shipping_country', 'org_shipping_city'])
      .where('is_partner', '=', 1)
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('office_id', '=', need.officeId), eb('office_id', 'is', null)]))
      .orderBy('org_name')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.org_name, type: r.org_type, country: r.org_shipping_country, city: r.org_shipping_city }));
  },
  async assertAgreementValid() {
    // No agreements are recorded yet: every active partner may receive referrals.
  },
};

// The partner network: only partners with a service for the need and a data-sharing agreement in force.
let current: PartnerDirectory = partnersReferralDirectory;

export function partnerDirectory(): PartnerDirectory {
  return current;
}

/** Installs another directory (the partners module at start-up, or a test's); returns the previous one. */
export function setPartnerDirectory(directory: PartnerDirectory): PartnerDirectory {
  const previous = current;
  current = directory;
  return previous;
}
