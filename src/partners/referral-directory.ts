import type { Executor } from '../platform/db/database.js';
import * as repo from './partners.repository.js';
import { SERVICE_CODES } from './partners.schema.js';
import { agreementState, assertAgreementValid, dayOf, findPartnersForNeed } from './partners.service.js';

/** Plan actions that name a service differently from the partner list. */
const SERVICE_ALIASES: Record<string, string> = { durable_solution: 'return_reintegration' };

export interface ReferralNeed {
  officeId: string;
  service?: string | undefined;
  /** Defaults to the office's country. */
  country?: string | undefined;
  forChild?: boolean | undefined;
  language?: string | undefined;
}

export interface ReferralPartner {
  id: string;
  name: string;
  type: string;
  country: string;
  city: string | null;
}

/**
 * The partner network as the referral step consumes it: only organisations that can receive a referral today
 * (an active service for the need in the country, and a data-sharing agreement in force), one row each.
 * Shaped so that the referral module can install it as its partner directory.
 */
export const partnersReferralDirectory = {
  async findPartnersForNeed(db: Executor, need: ReferralNeed): Promise<ReferralPartner[]> {
    const office = await db.selectFrom('offices').select('country').where('id', '=', need.officeId).executeTakeFirst();
    const country = need.country ?? office?.country;
    if (!country) return [];
    const service = need.service ? (SERVICE_ALIASES[need.service] ?? need.service) : undefined;
    const services = service ? [service] : SERVICE_CODES;
    const ids = new Set<string>();
    for (const s of services) {
      for (const m of await findPartnersForNeed(db, { country, service: s, forChild: need.forChild ?? false, language: need.language })) {
        if (m.agreement.allowsReferral) ids.add(m.organisationId);
      }
    }
    if (ids.size === 0) return [];
    const orgs = await db
      .selectFrom('organisations')
      .select(['id', 'org_name', 'org_type', 'org_shipping_country', 'org_shipping_city'])
      .where('id', 'in', [...ids])
      .orderBy('org_name')
      .execute();
    return orgs.map((o) => ({ id: o.id, name: o.org_name, type: o.org_type, country: o.org_shipping_country, city: o.org_shipping_city }));
  },

  async assertAgreementValid(db: Executor, organisationId: string, at: string): Promise<void> {
    await assertAgreementValid(db, organisationId, at);
  },
};

/** Whether an organisation's agreement allows a referral today; for pages that only need a yes or no. */
export async function canReceiveReferrals(db: Executor, organisationId: string, at: Date | string = new Date()): Promise<boolean> {
  const s = agreementState(await repo.liveAgreements(db, [organisationId]), dayOf(at)).state;
  return s === 'valid' || s === 'expiring';
}
