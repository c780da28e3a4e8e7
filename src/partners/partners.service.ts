import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { findOrganisation, organisationSummaries } from '../offices/offices.repository.js';
import { can } from './partners.policy.js';
import * as repo from './partners.repository.js';
import { type AgreementBody, isService, type Service, SERVICE_CODES, type ServiceBody } from './partners.schema.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'partner.service_added': { service: string; country: string };
    'partner.service_updated': { service: string; country: string; active: boolean };
    'partner.agreement_recorded': { signedOn: string; expiresOn: string };
    'partner.agreement_withdrawn': Record<string, never>;
  }
}

/** The calendar day (UTC) of a moment, as YYYY-MM-DD: agreements run from and to whole days. */
export function dayOf(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return d.toISOString().slice(0, 10);
}

export type AgreementState = 'valid' | 'expiring' | 'expired' | 'not_yet' | 'none';

/** Days before expiry when the agreement is shown as expiring, so that it is renewed in time. */
export const EXPIRING_DAYS = 30;

/** The state of an organisation's data-sharing agreements on a given day. */
export function agreementState(agreements: ReadonlyArray<{ signed_on: string; expires_on: string }>, day: string): { state: AgreementState; expiresOn: string | null } {
  if (agreements.length === 0) return { state: 'none', expiresOn: null };
  const inForce = agreements.filter((a) => a.signed_on <= day && a.expires_on >= day).sort((a, b) => (a.expires_on < b.expires_on ? 1 : -1))[0];
  if (inForce) {
    const soon = new Date(`${day}T00:00:00Z`);
    soon.setUTCDate(soon.getUTCDate() + EXPIRING_DAYS);
    return { state: inForce.expires_on <= dayOf(soon) ? 'expiring' : 'valid', expiresOn: inForce.expires_on };
  }
  const future = agreements.find((a) => a.signed_on > day);
  if (future) return { state: 'not_yet', expiresOn: future.expires_on };
  const latest = [...agreements].sort((a, b) => (a.expires_on < b.expires_on ? 1 : -1))[0];
  return { state: 'expired', expiresOn: latest?.expires_on ?? null };
}

/**
 * The gate for referrals, called by the referral service on the server: refuses when the organisation has no
 * data-sharing agreement in force on `at` (none, withdrawn, expired, or not yet started).
 */
export async function assertAgreementValid(db: Executor, organisationId: string, at: Date | string = new Date()): Promise<void> {
  const day = dayOf(at);
  const { state, expiresOn } = agreementState(await repo.liveAgreements(db, [organisationId]), day);
  if (state === 'valid' || state === 'expiring') return;
  // Noon UTC, so that the day reads the same in every time zone.
  if (state === 'expired' && expiresOn)
    throw new RuleError('PARTNER_AGREEMENT_EXPIRED', 'partners.errors.agreementEndedOn', { date: new Date(`${expiresOn}T12:00:00Z`) });
  if (state === 'expired') throw new RuleError('PARTNER_AGREEMENT_EXPIRED', 'partners.errors.agreementExpired');
  throw new RuleError('PARTNER_AGREEMENT_MISSING', 'partners.errors.agreementMissing');
}

export interface PartnerMatch {
  serviceId: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  service: Service;
  country: string;
  region: string | null;
  languages: string[];
  capacityTotal: number | null;
  capacityFree: number | null;
  forWomen: boolean;
  forMen: boolean;
  contact: { name: string | null; phone: string | null; email: string | null };
  agreement: { state: AgreementState; expiresOn: string | null; allowsReferral: boolean };
}

export interface Need {
  country: string;
  service: string;
  forChild: boolean;
  /** ISO 639-1 code the person needs the service in; omitted: any. */
  language?: string | undefined;
  /** The day the referral would be made; default today. */
  at?: Date | string;
}

export function parseLanguages(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Keeps the rows whose organisation is an active partner, with its name and type, in the order of the names
 * (the organisations are read through the offices feature).
 */
async function ofActivePartners<T extends { organisation_id: string }>(db: Executor, rows: T[]): Promise<Array<T & { org_name: string; org_type: string }>> {
  const orgs = await organisationSummaries(db, { ids: [...new Set(rows.map((r) => r.organisation_id))], activeOnly: true, partnersOnly: true });
  const byId = new Map(orgs.map((o, rank) => [o.id, { ...o, rank }]));
  const kept = rows.flatMap((r) => {
    const o = byId.get(r.organisation_id);
    return o ? [{ ...r, org_name: o.org_name, org_type: o.org_type, rank: o.rank }] : [];
  });
  return kept.sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...r }) => r as T & { org_name: string; org_type: string });
}

/**
 * Partners offering a service for a need, for the case's referral step. Partners whose agreement is not in
 * force are returned too, marked `allowsReferral: false`, so the case worker sees why they cannot be chosen;
 * those that can be chosen come first, then the most free capacity.
 */
export async function findPartnersForNeed(db: Executor, need: Need): Promise<PartnerMatch[]> {
  if (!/^[A-Z]{2}$/.test(need.country) || !isService(need.service)) return [];
  const language = need.language && /^[a-z]{2,3}$/.test(need.language) ? need.language : undefined;
  const rows = await ofActivePartners(db, await repo.servicesForNeed(db, { country: need.country, service: need.service, forChild: need.forChild, language }));
  const day = dayOf(need.at ?? new Date());
  const agreements = await repo.liveAgreements(db, [...new Set(rows.map((r) => r.organisation_id))]);
  const matches = rows.map((r): PartnerMatch => {
    const a = agreementState(
      agreements.filter((x) => x.organisation_id === r.organisation_id),
      day,
    );
    return {
      serviceId: r.id,
      organisationId: r.organisation_id,
      organisationName: r.org_name,
      organisationType: r.org_type,
      service: r.service as Service,
      country: r.country,
      region: r.region,
      languages: parseLanguages(r.languages),
      capacityTotal: r.capacity_total,
      capacityFree: r.capacity_free,
      forWomen: r.for_women === 1,
      forMen: r.for_men === 1,
      contact: { name: r.contact_name, phone: r.contact_phone, email: r.contact_email },
      agreement: { ...a, allowsReferral: a.state === 'valid' || a.state === 'expiring' },
    };
  });
  return matches.sort((x, y) => Number(y.agreement.allowsReferral) - Number(x.agreement.allowsReferral) || (y.capacityFree ?? -1) - (x.capacityFree ?? -1));
}

export interface CoverageRow {
  service: Service;
  /** Partners offering it with an agreement in force, by who they serve. */
  adults: number;
  children: number;
  regions: string[];
  /** Listed, but no agreement in force: cannot receive referrals. */
  blocked: number;
  capacityFree: number | null;
  gap: 'none' | 'children' | 'adults' | 'all';
}

/** Per service, who covers it in a country and where the gaps are; only partners able to receive referrals count. */
export async function coverage(db: Executor, country: string, at: Date | string = new Date()): Promise<CoverageRow[]> {
  const rows = await ofActivePartners(db, await repo.servicesInCountry(db, country));
  const day = dayOf(at);
  const agreements = await repo.liveAgreements(db, [...new Set(rows.map((r) => r.organisation_id))]);
  const usable = new Map<string, boolean>();
  for (const orgId of new Set(rows.map((r) => r.organisation_id))) {
    const s = agreementState(agreements.filter((a) => a.organisation_id === orgId), day).state;
    usable.set(orgId, s === 'valid' || s === 'expiring');
  }
  return SERVICE_CODES.map((service) => {
    const mine = rows.filter((r) => r.service === service);
    const ok = mine.filter((r) => usable.get(r.organisation_id));
    const adults = new Set(ok.filter((r) => r.for_adults === 1).map((r) => r.organisation_id)).size;
    const children = new Set(ok.filter((r) => r.for_children === 1).map((r) => r.organisation_id)).size;
    const blocked = new Set(mine.filter((r) => !usable.get(r.organisation_id)).map((r) => r.organisation_id)).size;
    const free = ok.filter((r) => r.capacity_free !== null);
    const regions = [...new Set(ok.map((r) => r.region ?? ''))].filter(Boolean).sort();
    const gap = adults === 0 && children === 0 ? 'all' : children === 0 ? 'children' : adults === 0 ? 'adults' : 'none';
    return { service, adults, children, regions, blocked, capacityFree: free.length ? free.reduce((n, r) => n + (r.capacity_free ?? 0), 0) : null, gap };
  });
}

async function managedOrganisation(ctx: AppContext, actor: AuthUser, organisationId: string) {
  const org = await findOrganisation(ctx.db, organisationId);
  if (org?.is_partner !== 1) throw new NotFoundError();
  if (!can(actor, 'manage', org)) throw new ForbiddenError();
  return org;
}

export { managedOrganisation as organisationFor };

function serviceValues(input: Static<typeof ServiceBody>) {
  if (input.capacityFree !== undefined && input.capacityTotal !== undefined && input.capacityFree > input.capacityTotal) {
    throw new ValidationError({ capacityFree: 'partners.errors.capacity' });
  }
  return {
    service: input.service,
    country: input.country,
    region: input.region ?? null,
    for_adults: input.for.includes('adults') ? 1 : 0,
    for_children: input.for.includes('children') ? 1 : 0,
    for_women: input.for.includes('women') ? 1 : 0,
    for_men: input.for.includes('men') ? 1 : 0,
    languages: JSON.stringify([...new Set(input.languages)]),
    capacity_total: input.capacityTotal ?? null,
    capacity_free: input.capacityFree ?? null,
    contact_name: input.contactName ?? null,
    contact_phone: input.contactPhone ?? null,
    contact_email: input.contactEmail ?? null,
  };
}

export async function addService(
  ctx: AppContext,
  { actor, organisationId, input }: { actor: AuthUser; organisationId: string; input: Static<typeof ServiceBody> },
): Promise<string> {
  const org = await managedOrganisation(ctx, actor, organisationId);
  const values = serviceValues(input);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    await repo.insertService(tx, { id, organisation_id: org.id, office_id: org.office_id, ...values, created_at: now, updated_at: now });
    await recordEvent(tx, { type: 'partner.service_added', officeId: org.office_id, actorId: actor.id, subjectType: 'organisation', subjectId: org.id, data: { service: input.service, country: input.country } });
  });
  return id;
}

export async function updateService(
  ctx: AppContext,
  { actor, organisationId, serviceId, input }: { actor: AuthUser; organisationId: string; serviceId: string; input: Static<typeof ServiceBody> },
): Promise<void> {
  const org = await managedOrganisation(ctx, actor, organisationId);
  if (!(await repo.findService(ctx.db, org.id, serviceId))) throw new NotFoundError();
  const values = serviceValues(input);
  const active = input.active === '0' ? 0 : 1;
  await inTransaction(ctx.db, async (tx) => {
    if (
      !(await repo.updateService(tx, {
        id: serviceId,
        version: input.version ?? 0,
        set: { ...values, office_id: org.office_id, active, updated_at: nowIso() },
      }))
    )
      throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'partner.service_updated',
      officeId: org.office_id,
      actorId: actor.id,
      subjectType: 'organisation',
      subjectId: org.id,
      data: { service: input.service, country: input.country, active: active === 1 },
    });
  });
}

export async function recordAgreement(
  ctx: AppContext,
  { actor, organisationId, input }: { actor: AuthUser; organisationId: string; input: Static<typeof AgreementBody> },
): Promise<string> {
  const org = await managedOrganisation(ctx, actor, organisationId);
  if (input.expiresOn < input.signedOn) throw new ValidationError({ expiresOn: 'partners.errors.expiryBeforeSigning' });
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    await repo.insertAgreement(tx, { id, organisation_id: org.id, office_id: org.office_id, reference: input.reference ?? null, signed_on: input.signedOn, expires_on: input.expiresOn, recorded_by: actor.id, created_at: now, updated_at: now });
    await recordEvent(tx, { type: 'partner.agreement_recorded', officeId: org.office_id, actorId: actor.id, subjectType: 'organisation', subjectId: org.id, data: { signedOn: input.signedOn, expiresOn: input.expiresOn } });
  });
  return id;
}

export async function withdrawAgreement(
  ctx: AppContext,
  { actor, organisationId, agreementId, version }: { actor: AuthUser; organisationId: string; agreementId: string; version: number },
): Promise<void> {
  const org = await managedOrganisation(ctx, actor, organisationId);
  const agreement = await repo.findAgreement(ctx.db, org.id, agreementId);
  if (!agreement) throw new NotFoundError();
  if (agreement.withdrawn_at) return;
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.withdrawAgreement(tx, { id: agreementId, version, at: nowIso() }))) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'partner.agreement_withdrawn',
      officeId: org.office_id,
      actorId: actor.id,
      subjectType: 'organisation',
      subjectId: org.id,
      data: {},
    });
  });
}
