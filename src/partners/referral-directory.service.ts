import { findOffice, organisationSummaries } from '../offices/offices.repository.js';
import type { Executor } from '../platform/db/database.js';
import * as repo from './partners.repository.js';
import { SERVICE_CODES } from './partners.schema.js';
import { agreementState, assertAgreementValid, dayOf, findPartnersForNeed } from './partners.service.js';

/*
 * The partner network as the referral step consumes it: the one partner directory of Abri. The referrals
 * service asks it which partners may take a referral for a need, and whether an agreement is in force.
 */

/** Plan actions that name a service differently from the partner list. */
const SERVICE_ALIASES: Record<string, string> = { durable_solution: 'return_reintegration' };

export interface ReferralNeed {
  officeId: string;
  service?: string | undefined;
  /** Defaults to the office's country. */
  country?: string | undefined;
  forChild?: boolean | undefined;
  language?: string | undefined;
  /** Also the partners that offer the service but have no data-sharing agreement in force (to say why they cannot be chosen). */
  includeWithoutAgreement?: boolean | undefined;
}

/** A partner organisation as the referral form offers it. */
export interface PartnerSummary {
  id: string;
  name: string;
  type: string;
  country: string;
  city: string | null;
}

/** What referrals need from the partner network (services offered, data-sharing agreements). */
export interface PartnerDirectory {
  /** Active partners that can take a referral for this need (service) from this office. */
  findPartnersForNeed(db: Executor, need: ReferralNeed): Promise<PartnerSummary[]>;
  /** Throws when no data-sharing agreement with the organisation is valid at `at` (ISO time). */
  assertAgreementValid(db: Executor, organisationId: string, at: string): Promise<void>;
}

/**
 * Only organisations that can receive a referral today (an active service for the need in the country, and a
 * data-sharing agreement in force), one row each, by name.
 */
export const partnersReferralDirectory: PartnerDirectory = {
  async findPartnersForNeed(db, need) {
    const country = need.country ?? (await findOffice(db, need.officeId))?.country;
    if (!country) return [];
    const service = need.service ? (SERVICE_ALIASES[need.service] ?? need.service) : undefined;
    const ids = new Set<string>();
    for (const s of service ? [service] : SERVICE_CODES) {
      for (const m of await findPartnersForNeed(db, { country, service: s, forChild: need.forChild ?? false, language: need.language })) {
        if (m.agreement.allowsReferral || need.includeWithoutAgreement) ids.add(m.organisationId);
      }
    }
    if (ids.size === 0) return [];
    const orgs = await organisationSummaries(db, { ids: [...ids] });
    return orgs.map((o) => ({ id: o.id, name: o.org_name, type: o.org_type, country: o.org_shipping_country, city: o.org_shipping_city }));
  },

  async assertAgreementValid(db, organisationId, at) {
    await assertAgreementValid(db, organisationId, at);
  },
};

/** Whether an organisation's agreement allows a referral today; for pages that only need a yes or no. */
export async function canReceiveReferrals(db: Executor, organisationId: string, at: Date | string = new Date()): Promise<boolean> {
  const s = agreementState(await repo.liveAgreements(db, [organisationId]), dayOf(at)).state;
  return s === 'valid' || s === 'expiring';
}

let current: PartnerDirectory = partnersReferralDirectory;

/** The directory the referrals service uses: the partner network, unless a test installed another. */
export function partnerDirectory(): PartnerDirectory {
  return current;
}

/** Installs another directory (a test's); returns the previous one, to put back. */
export function setPartnerDirectory(directory: PartnerDirectory): PartnerDirectory {
  const previous = current;
  current = directory;
  return previous;
}
