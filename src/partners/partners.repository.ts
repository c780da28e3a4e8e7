import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { NewPartnerService } from './partners.table.js';

export function findOrganisation(db: Executor, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Partner organisations in scope, with how many active services they list. */
export function listPartners(db: Executor, scope: string[] | 'all') {
  let q = db
    .selectFrom('organisations as o')
    .leftJoin('partner_services as s', (j) => j.onRef('s.organisation_id', '=', 'o.id').on('s.active', '=', 1))
    .select(['o.id', 'o.org_name', 'o.org_type', 'o.org_shipping_country', 'o.office_id'])
    .select((eb) => eb.fn.count<number>('s.id').as('services'))
    .where('o.is_partner', '=', 1)
    .where('o.active', '=', 1)
    .groupBy(['o.id', 'o.org_name', 'o.org_type', 'o.org_shipping_country', 'o.office_id'])
    .orderBy('o.org_name');
  if (scope !== 'all') {
    if (scope.length === 0) return Promise.resolve([]);
    q = q.where('o.office_id', 'in', scope);
  }
  return q.execute();
}

export function servicesOf(db: Executor, organisationId: string) {
  return db.selectFrom('partner_services').selectAll().where('organisation_id', '=', organisationId).orderBy('country').orderBy('service').execute();
}

export function findService(db: Executor, organisationId: string, id: string) {
  return db.selectFrom('partner_services').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function insertService(db: Executor, row: NewPartnerService): Promise<void> {
  await db.insertInto('partner_services').values(row).execute();
}

export async function updateService(db: Executor, id: string, version: number, set: Omit<NewPartnerService, 'id' | 'organisation_id' | 'created_at'>): Promise<boolean> {
  const r = await db
    .updateTable('partner_services')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function agreementsOf(db: Executor, organisationId: string) {
  return db.selectFrom('partner_agreements').selectAll().where('organisation_id', '=', organisationId).orderBy('expires_on', 'desc').execute();
}

export function findAgreement(db: Executor, organisationId: string, id: string) {
  return db.selectFrom('partner_agreements').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function insertAgreement(
  db: Executor,
  row: { id: string; organisation_id: string; office_id: string | null; reference: string | null; signed_on: string; expires_on: string; recorded_by: string; created_at: string; updated_at: string },
): Promise<void> {
  await db.insertInto('partner_agreements').values({ ...row, withdrawn_at: null }).execute();
}

export async function withdrawAgreement(db: Executor, id: string, version: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('partner_agreements')
    .set({ withdrawn_at: at, updated_at: at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Agreements not withdrawn for these organisations, latest expiry first. */
export function liveAgreements(db: Executor, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('partner_agreements')
    .select(['organisation_id', 'signed_on', 'expires_on'])
    .where('organisation_id', 'in', organisationIds)
    .where('withdrawn_at', 'is', null)
    .orderBy('expires_on', 'desc')
    .execute();
}

/** Active services matching a need, from active partner organisations. */
export function servicesForNeed(db: Executor, need: { country: string; service: string; forChild: boolean; language?: string | undefined }) {
  let q = db
    .selectFrom('partner_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.organisation_id', 'o.org_name', 'o.org_type', 's.service', 's.country', 's.region', 's.languages', 's.capacity_total', 's.capacity_free', 's.for_women', 's.for_men', 's.contact_name', 's.contact_phone', 's.contact_email'])
    .where('s.active', '=', 1)
    .where('o.active', '=', 1)
    .where('o.is_partner', '=', 1)
    .where('s.country', '=', need.country)
    .where('s.service', '=', need.service)
    .where(need.forChild ? 's.for_children' : 's.for_adults', '=', 1);
  // Languages are a JSON array of two-letter codes; the quotes make the match exact.
  if (need.language) q = q.where('s.languages', 'like', `%"${need.language}"%`);
  return q.orderBy('o.org_name').execute();
}

/** For the coverage page: active services in a country with their organisation, one row each. */
export function servicesInCountry(db: Executor, country: string) {
  return db
    .selectFrom('partner_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.organisation_id', 's.service', 's.region', 's.for_adults', 's.for_children', 's.capacity_free', 'o.org_name'])
    .where('s.active', '=', 1)
    .where('o.active', '=', 1)
    .where('o.is_partner', '=', 1)
    .where('s.country', '=', country)
    .execute();
}

/** Countries where at least one active service is listed, for the coverage page's country choice. */
export async function countriesWithServices(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('partner_services').select(sql<string>`distinct country`.as('country')).where('active', '=', 1).execute();
  return rows.map((r) => r.country).sort();
}
