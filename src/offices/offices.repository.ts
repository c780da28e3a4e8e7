import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { NewOffice, NewOrganisation } from './offices.table.js';

/*
 * Every query on the offices and organisations tables. Other features read offices and organisations only through
 * these functions (or the offices feature's index), so a change of these tables has one place to look.
 */

/** Every office with all its columns, by code (the administrator's list). */
export function listOffices(db: Executor) {
  return db.selectFrom('offices').selectAll().orderBy('code').execute();
}

export function findOffice(db: Executor, id: string) {
  return db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOfficeByCode(db: Executor, code: string) {
  return db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertOffice(db: Executor, office: NewOffice): Promise<void> {
  await db.insertInto('offices').values(office).execute();
}

/** Updates only when the version matches; returns false when someone saved first. */
export async function updateOffice(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: { name: string; country: string; languages: string; time_zone: string; updated_at: string } },
): Promise<boolean> {
  const r = await db
    .updateTable('offices')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every organisation with all its columns, by name (the administrator's list). */
export function listOrganisations(db: Executor) {
  return db.selectFrom('organisations').selectAll().orderBy('org_name').execute();
}

export function findOrganisation(db: Executor, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganisation(db: Executor, org: NewOrganisation): Promise<void> {
  await db.insertInto('organisations').values(org).execute();
}

export async function updateOrganisation(db: Executor, { id, version, set }: { id: string; version: number; set: Partial<NewOrganisation> }): Promise<boolean> {
  const r = await db
    .updateTable('organisations')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function officeExists(db: Executor, id: string, opts: { activeOnly?: boolean } = {}): Promise<boolean> {
  let q = db.selectFrom('offices').select('id').where('id', '=', id);
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Offices as choices and labels: id, code, name, country; `ids` limits them, `activeOnly` hides closed offices. */
export function officeSummaries(db: Executor, opts: { ids?: readonly string[] | 'all'; activeOnly?: boolean; orderBy?: 'code' | 'name' } = {}) {
  let q = db.selectFrom('offices').select(['id', 'code', 'name', 'country', 'time_zone']);
  if (opts.ids && opts.ids !== 'all') {
    if (opts.ids.length === 0) return Promise.resolve([]);
    q = q.where('id', 'in', [...opts.ids]);
  }
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy(opts.orderBy ?? 'code').execute();
}

/** The first active office of a country (the oldest), for routing a report. */
export function firstActiveOfficeIn(db: Executor, country: string) {
  return db.selectFrom('offices').select('id').where('country', '=', country).where('active', '=', 1).orderBy('created_at').orderBy('id').executeTakeFirst();
}

/** The oldest active office, when nothing else decides. */
export function firstActiveOffice(db: Executor) {
  return db.selectFrom('offices').select('id').where('active', '=', 1).orderBy('created_at').orderBy('id').executeTakeFirst();
}

export async function organisationExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Organisations as choices and labels; `ids` limits them, `officeId` keeps one office's (and, with `orGlobal`, the global ones). */
export function organisationSummaries(
  db: Executor,
  opts: { ids?: readonly string[]; activeOnly?: boolean; partnersOnly?: boolean; officeId?: string; orGlobal?: boolean } = {},
) {
  let q = db
    .selectFrom('organisations')
    .select(['id', 'org_name', 'org_type', 'org_shipping_country', 'org_shipping_city', 'office_id', 'is_partner', 'active']);
  if (opts.ids) {
    if (opts.ids.length === 0) return Promise.resolve([]);
    q = q.where('id', 'in', [...opts.ids]);
  }
  if (opts.activeOnly) q = q.where('active', '=', 1);
  if (opts.partnersOnly) q = q.where('is_partner', '=', 1);
  const officeId = opts.officeId;
  if (officeId) q = opts.orGlobal ? q.where((eb) => eb.or([eb('office_id', '=', officeId), eb('office_id', 'is', null)])) : q.where('office_id', '=', officeId);
  return q.orderBy('org_name').execute();
}

/** Names of the given organisations, by id. */
export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await organisationSummaries(db, { ids });
  return new Map(rows.map((o) => [o.id, o.org_name]));
}

/** Names of the given offices, by id. */
export async function officeNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await officeSummaries(db, { ids });
  return new Map(rows.map((o) => [o.id, o.name]));
}

/** Takes the office's next case sequence number inside the caller's transaction (row lock on PostgreSQL). */
export async function nextOfficeCaseSequence(db: Executor, officeId: string): Promise<{ seq: number; code: string }> {
  const row = await db
    .updateTable('offices')
    .set({ case_seq: sql`case_seq + 1` })
    .where('id', '=', officeId)
    .returning(['case_seq', 'code'])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.case_seq), code: row.code };
}

/** Organisations that the given offices manage (`'all'`: every organisation), as choices and labels, by name. */
export function organisationsOfOffices(db: Executor, officeIds: readonly string[] | 'all', opts: { activeOnly?: boolean; partnersOnly?: boolean } = {}) {
  let q = db
    .selectFrom('organisations')
    .select(['id', 'org_name', 'org_type', 'org_shipping_country', 'org_shipping_city', 'office_id', 'is_partner', 'active']);
  if (officeIds !== 'all') {
    if (officeIds.length === 0) return Promise.resolve([]);
    q = q.where('office_id', 'in', [...officeIds]);
  }
  if (opts.activeOnly) q = q.where('active', '=', 1);
  if (opts.partnersOnly) q = q.where('is_partner', '=', 1);
  return q.orderBy('org_name').execute();
}

/** The organisation with exactly this name, if any (names are what people recognise; ids are what code keeps). */
export function findOrganisationByName(db: Executor, name: string) {
  return db.selectFrom('organisations').selectAll().where('org_name', '=', name).executeTakeFirst();
}
