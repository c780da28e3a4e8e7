import { organisationsOfOffices } from '../offices/offices.repository.js';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { NotFoundError } from '../platform/http/errors.js';
import { partnerListScope } from './partners.policy.js';
import type { PartnerService } from './partners.table.js';
import * as repo from './partners.repository.js';
import { type AgreementState, agreementState, type CoverageRow, coverage, dayOf, organisationFor, parseLanguages } from './partners.service.js';

/*
 * The partner network's pages as this user may see them: each function checks the policy (through
 * `organisationFor` or the list scope) and returns only what its page shows.
 */

export interface AgreementSummary {
  state: AgreementState;
  expiresOn: string | null;
}

export interface PartnerListModel {
  partners: Array<{ id: string; name: string; type: string; country: string; services: number; agreement: AgreementSummary }>;
  canAddOrganisation: boolean;
}

/** The partners the user manages, with how many services they list and the state of their agreement. */
export async function partnerList(ctx: AppContext, actor: AuthUser): Promise<PartnerListModel> {
  const orgs = await organisationsOfOffices(ctx.db, partnerListScope(actor), { activeOnly: true, partnersOnly: true });
  const ids = orgs.map((o) => o.id);
  const [counts, agreements] = await Promise.all([repo.activeServiceCounts(ctx.db, ids), repo.liveAgreements(ctx.db, ids)]);
  const today = dayOf(new Date());
  return {
    partners: orgs.map((o) => ({
      id: o.id,
      name: o.org_name,
      type: o.org_type,
      country: o.org_shipping_country,
      services: counts.get(o.id) ?? 0,
      agreement: agreementState(agreements.filter((a) => a.organisation_id === o.id), today),
    })),
    canAddOrganisation: hasPermission(actor, 'admin.manage'),
  };
}

/** The coverage of a country: the one asked for, else the first with services; none when the question was invalid. */
export async function coveragePage(ctx: AppContext, asked: { valid: boolean; country?: string | undefined }): Promise<{ country?: string | undefined; rows: CoverageRow[] }> {
  if (!asked.valid) return { rows: [] };
  const country = asked.country ?? (await repo.countriesWithServices(ctx.db))[0];
  return { country, rows: country ? await coverage(ctx.db, country) : [] };
}

export type AgreementStatus = 'withdrawn' | 'expired' | 'notYet' | 'inForce';

export interface PartnerProfileModel {
  org: { id: string; name: string; type: string; country: string };
  agreement: AgreementSummary;
  services: Array<{ id: string; service: string; country: string; region: string | null; for: string[]; languages: string[]; capacityTotal: number | null; capacityFree: number | null; active: boolean }>;
  agreements: Array<{ id: string; reference: string | null; signedOn: string; expiresOn: string; status: AgreementStatus; version: number }>;
}

const FOR_WHOM = ['adults', 'children', 'women', 'men'] as const;

/** What a service is, as both the profile and the service form show it. */
function serviceSummary(s: PartnerService) {
  return {
    id: s.id,
    service: s.service,
    country: s.country,
    region: s.region,
    for: FOR_WHOM.filter((k) => s[`for_${k}`] === 1) as string[],
    languages: parseLanguages(s.languages),
    capacityTotal: s.capacity_total,
    capacityFree: s.capacity_free,
  };
}

/** An organisation's profile for the user who manages it: its services and its agreements, with their status today. */
export async function partnerProfile(ctx: AppContext, actor: AuthUser, organisationId: string): Promise<PartnerProfileModel> {
  const org = await organisationFor(ctx, actor, organisationId);
  const [services, agreements] = await Promise.all([repo.servicesOf(ctx.db, org.id), repo.agreementsOf(ctx.db, org.id)]);
  const today = dayOf(new Date());
  const status = (a: { withdrawn_at: string | null; signed_on: string; expires_on: string }): AgreementStatus =>
    a.withdrawn_at ? 'withdrawn' : a.expires_on < today ? 'expired' : a.signed_on > today ? 'notYet' : 'inForce';
  return {
    org: { id: org.id, name: org.org_name, type: org.org_type, country: org.org_shipping_country },
    agreement: agreementState(agreements.filter((a) => !a.withdrawn_at), today),
    services: services.map((s) => ({ ...serviceSummary(s), active: s.active === 1 })),
    agreements: agreements.map((a) => ({ id: a.id, reference: a.reference, signedOn: a.signed_on, expiresOn: a.expires_on, status: status(a), version: a.version })),
  };
}

/** A service as its form shows it, to edit. */
export interface ServiceFormValues {
  id: string;
  version: number;
  service: string;
  country: string;
  region: string | null;
  for: string[];
  languages: string[];
  capacityTotal: number | null;
  capacityFree: number | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  active: string;
}

export interface ServiceFormModel {
  org: { id: string; name: string; country: string };
  existing?: ServiceFormValues | undefined;
}

/** The organisation (and, to edit, the service) of a service form; not found when the service is not theirs. */
export async function serviceForm(ctx: AppContext, actor: AuthUser, ids: { organisationId: string; serviceId?: string }): Promise<ServiceFormModel> {
  const { organisationId, serviceId } = ids;
  const org = await organisationFor(ctx, actor, organisationId);
  const model: ServiceFormModel = { org: { id: org.id, name: org.org_name, country: org.org_shipping_country } };
  if (serviceId === undefined) return model;
  const s = await repo.findService(ctx.db, org.id, serviceId);
  if (!s) throw new NotFoundError();
  model.existing = {
    ...serviceSummary(s),
    version: s.version,
    contactName: s.contact_name,
    contactPhone: s.contact_phone,
    contactEmail: s.contact_email,
    active: String(s.active),
  };
  return model;
}

/** The organisation an agreement is recorded for. */
export async function agreementForm(ctx: AppContext, actor: AuthUser, organisationId: string): Promise<{ org: { id: string; name: string } }> {
  const org = await organisationFor(ctx, actor, organisationId);
  return { org: { id: org.id, name: org.org_name } };
}

export interface WithdrawConfirmModel {
  org: { id: string; name: string };
  agreement: { id: string; reference: string | null; signedOn: string; expiresOn: string; version: number };
  /** Whether this is the only agreement in force: withdrawing it stops referrals to the organisation. */
  stopsReferrals: boolean;
}

/** The agreement a manager is about to withdraw, for the confirmation step; not found when withdrawn already. */
export async function withdrawConfirm(
  ctx: AppContext,
  { actor, organisationId, agreementId }: { actor: AuthUser; organisationId: string; agreementId: string },
): Promise<WithdrawConfirmModel> {
  const org = await organisationFor(ctx, actor, organisationId);
  const agreements = await repo.agreementsOf(ctx.db, org.id);
  const a = agreements.find((x) => x.id === agreementId && !x.withdrawn_at);
  if (!a) throw new NotFoundError();
  const today = dayOf(new Date());
  const others = agreements.filter((x) => x.id !== a.id && !x.withdrawn_at);
  const after = agreementState(others, today).state;
  return {
    org: { id: org.id, name: org.org_name },
    agreement: { id: a.id, reference: a.reference, signedOn: a.signed_on, expiresOn: a.expires_on, version: a.version },
    stopsReferrals: after !== 'valid' && after !== 'expiring',
  };
}
