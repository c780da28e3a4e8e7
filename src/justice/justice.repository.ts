import type { Insertable, Updateable } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { scopedCases } from '../cases/index.js';
import type {
  JusticeCompensationTable,
  JusticeDisclosureTable,
  JusticeNonPunishmentTable,
  JusticeProfileTable,
  JusticeStatusKindTable,
  JusticeStatusTable,
} from './justice.table.js';

/* Queries of legal status (kinds, profile, statuses), compensation, non-punishment and disclosures. */

type Versioned = 'justice_statuses' | 'justice_compensation' | 'justice_non_punishment';

/** Updates a versioned row of the case when the version still matches; false when someone else saved first. */
async function updateVersioned<T extends Versioned>(
  db: Executor,
  table: T,
  caseId: string,
  id: string,
  version: number,
  set: Record<string, unknown>,
): Promise<boolean> {
  const r = await db
    .updateTable(table as 'justice_statuses')
    .set({ ...(set as Updateable<JusticeStatusTable>), version: version + 1 })
    .where('id', '=', id)
    .where('case_id', '=', caseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Kinds of status: the defaults (office_id null) and the office's own.

export function kindsFor(db: Executor, officeId: string) {
  return db
    .selectFrom('justice_status_kinds')
    .selectAll()
    .where((eb) => eb.or([eb('office_id', 'is', null), eb('office_id', '=', officeId)]))
    .where('active', '=', 1)
    .orderBy('category', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertKind(db: Executor, row: Insertable<JusticeStatusKindTable>): Promise<void> {
  await db.insertInto('justice_status_kinds').values(row).execute();
}

export async function retireKind(db: Executor, officeId: string, id: string): Promise<boolean> {
  const r = await db.updateTable('justice_status_kinds').set({ active: 0 }).where('id', '=', id).where('office_id', '=', officeId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// The person's decision on cooperation, and the removal or detention risk.

export function findProfile(db: Executor, caseId: string) {
  return db.selectFrom('justice_profiles').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertProfile(db: Executor, row: Insertable<JusticeProfileTable>): Promise<void> {
  await db.insertInto('justice_profiles').values(row).execute();
}

export async function updateProfile(
  db: Executor,
  { caseId, version, set }: { caseId: string; version: number; set: Updateable<JusticeProfileTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('justice_profiles')
    .set({ ...set, version: version + 1 })
    .where('case_id', '=', caseId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Statuses: reflection periods and permits.

export function statusesOf(db: Executor, caseId: string) {
  return db.selectFrom('justice_statuses').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export function findStatus(db: Executor, caseId: string, id: string) {
  return db.selectFrom('justice_statuses').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function insertStatus(db: Executor, row: Insertable<JusticeStatusTable>): Promise<void> {
  await db.insertInto('justice_statuses').values(row).execute();
}

export function updateStatus(
  db: Executor,
  { caseId, id, version, set }: { caseId: string; id: string; version: number; set: Updateable<JusticeStatusTable> },
): Promise<boolean> {
  return updateVersioned(db, 'justice_statuses', caseId, id, version, set);
}

/** Granted statuses not yet warned about whose end is within `until` (the job then checks each one's warning days). */
export function unwarnedEnding(db: Executor, { today, until, limit }: { today: string; until: string; limit: number }) {
  return db
    .selectFrom('justice_statuses as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .select(['s.id', 's.office_id', 's.case_id', 's.kind_code', 's.category', 's.end_on', 's.warn_days', 'cases.owner_id'])
    .where('s.status', '=', 'granted')
    .where('s.warned_at', 'is', null)
    .where('s.end_on', '>=', today)
    .where('s.end_on', '<=', until)
    .orderBy('s.end_on')
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

/** Granted statuses whose end has passed and whose ending was not yet noticed, with their case's owner. */
export function endedUnnoticed(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('justice_statuses as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .select(['s.id', 's.office_id', 's.case_id', 's.kind_code', 's.category', 's.end_on', 'cases.owner_id'])
    .where('s.status', '=', 'granted')
    .where('s.ended_notice_at', 'is', null)
    .where('s.end_on', '<', today)
    .orderBy('s.end_on')
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

export async function markWarned(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('justice_statuses').set({ warned_at: at }).where('id', '=', id).where('warned_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markEndedNotice(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('justice_statuses').set({ ended_notice_at: at }).where('id', '=', id).where('ended_notice_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Applied or granted statuses ending by `until` in the cases the user may read (same scope as the case lists). */
export function dueStatusesFor(db: Executor, user: AuthUser, until: string) {
  return scopedCases(db, user)
    .innerJoin('justice_statuses', 'justice_statuses.case_id', 'cases.id')
    .select([
      'justice_statuses.id',
      'justice_statuses.case_id',
      'justice_statuses.office_id',
      'justice_statuses.kind_code',
      'justice_statuses.category',
      'justice_statuses.status',
      'justice_statuses.end_on',
      'justice_statuses.warn_days',
      'justice_statuses.warned_at',
      'cases.case_number',
    ])
    .where('justice_statuses.status', '=', 'granted')
    .where('justice_statuses.end_on', '<=', until)
    .orderBy('justice_statuses.end_on')
    .limit(300)
    .execute();
}

/** Hearings from `from` to `until` of the people of the cases the user may read. */
export function dueHearingsFor(db: Executor, { user, from, until }: { user: AuthUser; from: string; until: string }) {
  return scopedCases(db, user)
    .innerJoin('justice_hearing_people', 'justice_hearing_people.case_id', 'cases.id')
    .innerJoin('justice_hearings', 'justice_hearings.id', 'justice_hearing_people.hearing_id')
    .select([
      'justice_hearings.id',
      'justice_hearings.held_on',
      'justice_hearings.place',
      'justice_hearing_people.must_attend',
      'cases.id as case_id',
      'cases.case_number',
    ])
    .where('justice_hearings.held_on', '>=', from)
    .where('justice_hearings.held_on', '<=', until)
    .orderBy('justice_hearings.held_on')
    .limit(300)
    .execute();
}

// Compensation, non-punishment, disclosures.

export function compensationOf(db: Executor, caseId: string) {
  return db.selectFrom('justice_compensation').selectAll().where('case_id', '=', caseId).orderBy('claimed_on').orderBy('id').execute();
}

export function findCompensation(db: Executor, caseId: string, id: string) {
  return db.selectFrom('justice_compensation').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function insertCompensation(db: Executor, row: Insertable<JusticeCompensationTable>): Promise<void> {
  await db.insertInto('justice_compensation').values(row).execute();
}

export function updateCompensation(
  db: Executor,
  { caseId, id, version, set }: { caseId: string; id: string; version: number; set: Updateable<JusticeCompensationTable> },
): Promise<boolean> {
  return updateVersioned(db, 'justice_compensation', caseId, id, version, set);
}

export function nonPunishmentOf(db: Executor, caseId: string) {
  return db.selectFrom('justice_non_punishment').selectAll().where('case_id', '=', caseId).orderBy('requested_on').orderBy('id').execute();
}

export function findNonPunishment(db: Executor, caseId: string, id: string) {
  return db.selectFrom('justice_non_punishment').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function insertNonPunishment(db: Executor, row: Insertable<JusticeNonPunishmentTable>): Promise<void> {
  await db.insertInto('justice_non_punishment').values(row).execute();
}

export function updateNonPunishment(
  db: Executor,
  { caseId, id, version, set }: { caseId: string; id: string; version: number; set: Updateable<JusticeNonPunishmentTable> },
): Promise<boolean> {
  return updateVersioned(db, 'justice_non_punishment', caseId, id, version, set);
}

export function disclosuresOf(db: Executor, caseId: string) {
  return db.selectFrom('justice_disclosures').selectAll().where('case_id', '=', caseId).orderBy('shared_on', 'desc').orderBy('id', 'desc').execute();
}

export async function insertDisclosure(db: Executor, row: Insertable<JusticeDisclosureTable>): Promise<void> {
  await db.insertInto('justice_disclosures').values(row).execute();
}

/** The demo: a case worker's first cases in an office (the seeder builds on them). */
export function casesOwnedBy(db: Executor, { officeId, ownerId, limit }: { officeId: string; ownerId: string; limit: number }) {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('owner_id', '=', ownerId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function caseHasJustice(db: Executor, caseId: string): Promise<boolean> {
  return (await db.selectFrom('justice_statuses').select('id').where('case_id', '=', caseId).executeTakeFirst()) !== undefined;
}
