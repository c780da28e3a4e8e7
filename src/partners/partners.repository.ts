import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { NewPartnerService } from './partners.table.js';

/** How many active services each of these organisations lists. */
export async function activeServiceCounts(db: Executor, organisationIds: string[]): Promise<Map<string, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('partner_services')
    .select('organisation_id')
    .select((eb) => eb.fn.count<number>('id').as('services'))
    .where('organisation_id', 'in', organisationIds)
    .where('active', '=', 1)
    .groupBy('organisation_id')
    .execute();
  return new Map(rows.map((r) => [r.organisation_id, Number(r.services)]));
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

export async function updateService(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: Omit<NewPartnerService, 'id' | 'organisation_id' | 'created_at'> },
): Promise<boolean> {
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
  row: { id: string; organisation_id: string; office_id: string | null; reference: string | null; signed_on: string; expires_on: string; recorded_by: string | null; created_at: string; updated_at: string },
): Promise<void> {
  await db.insertInto('partner_agreements').values({ ...row, withdrawn_at: null }).execute();
}

export async function withdrawAgreement(db: Executor, { id, version, at }: { id: string; version: number; at: string }): Promise<boolean> {
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

/** Active services matching a need (their organisations are checked by the caller, through the offices feature). */
export function servicesForNeed(db: Executor, need: { country: string; service: string; forChild: boolean; language?: string | undefined }) {
  let q = db
    .selectFrom('partner_services')
    .select(['id', 'organisation_id', 'service', 'country', 'region', 'languages', 'capacity_total', 'capacity_free', 'for_women', 'for_men', 'contact_name', 'contact_phone', 'contact_email'])
    .where('active', '=', 1)
    .where('country', '=', need.country)
    .where('service', '=', need.service)
    .where(need.forChild ? 'for_children' : 'for_adults', '=', 1);
  // Languages are a JSON array of two-letter codes; the quotes make the match exact.
  if (need.language) q = q.where('languages', 'like', `%"${need.language}"%`);
  return q.orderBy('id').execute();
}

/** For the coverage page: active services in a country, one row each. */
export function servicesInCountry(db: Executor, country: string) {
  return db
    .selectFrom('partner_services')
    .select(['organisation_id', 'service', 'region', 'for_adults', 'for_children', 'capacity_free'])
    .where('active', '=', 1)
    .where('country', '=', country)
    .execute();
}

/** Countries where at least one active service is listed, for the coverage page's country choice. */
export async function countriesWithServices(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('partner_services').select(sql<string>`distinct country`.as('country')).where('active', '=', 1).execute();
  return rows.map((r) => r.country).sort();
}
