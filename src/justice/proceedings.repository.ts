import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type {
  JusticeCaseProceedingTable,
  JusticeHearingPersonTable,
  JusticeHearingTable,
  JusticeMeasureTable,
  JusticeProceedingTable,
} from './justice.table.js';

/* Queries of proceedings, a case's part in them, hearings and protection measures. Every read is cut to one office. */

/** Proceedings an office may link its cases to: those it recorded and those one of its cases is part of. */
export function proceedingsOfOffice(db: Executor, officeId: string) {
  return db
    .selectFrom('justice_proceedings')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('office_id', '=', officeId),
        eb.exists(
          eb
            .selectFrom('justice_case_proceedings')
            .select('justice_case_proceedings.id')
            .whereRef('justice_case_proceedings.proceeding_id', '=', 'justice_proceedings.id')
            .where('justice_case_proceedings.office_id', '=', officeId),
        ),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export function findProceedingByCode(db: Executor, code: string) {
  return db.selectFrom('justice_proceedings').selectAll().where('share_code', '=', code).executeTakeFirst();
}

export function findProceeding(db: Executor, id: string) {
  return db.selectFrom('justice_proceedings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProceeding(db: Executor, row: Insertable<JusticeProceedingTable>): Promise<void> {
  await db.insertInto('justice_proceedings').values(row).execute();
}

export async function updateProceeding(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: Updateable<JusticeProceedingTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('justice_proceedings')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The case's parts in proceedings, with the proceeding's shared fields. */
export function linksOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('justice_case_proceedings as l')
    .innerJoin('justice_proceedings as p', 'p.id', 'l.proceeding_id')
    .select([
      'l.id as link_id',
      'l.role',
      'l.testified',
      'l.legal_referral_id',
      'l.version as link_version',
      'p.id',
      'p.share_code',
      'p.kind',
      'p.jurisdiction',
      'p.court',
      'p.reference_enc',
      'p.stage',
      'p.complaint_on',
      'p.investigation_on',
      'p.indictment_on',
      'p.trial_on',
      'p.verdict_on',
      'p.appeal_on',
      'p.closed_on',
      'p.outcome',
      'p.version',
    ])
    .where('l.case_id', '=', caseId)
    .orderBy('l.created_at')
    .execute();
}

export function findLink(db: Executor, caseId: string, id: string) {
  return db.selectFrom('justice_case_proceedings').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export function findLinkTo(db: Executor, caseId: string, proceedingId: string) {
  return db.selectFrom('justice_case_proceedings').selectAll().where('case_id', '=', caseId).where('proceeding_id', '=', proceedingId).executeTakeFirst();
}

export async function insertLink(db: Executor, row: Insertable<JusticeCaseProceedingTable>): Promise<void> {
  await db.insertInto('justice_case_proceedings').values(row).execute();
}

export async function updateLink(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: Updateable<JusticeCaseProceedingTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('justice_case_proceedings')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How many cases of this office are part of each of these proceedings (other offices' cases are not counted). */
export async function officeCaseCounts(db: Executor, officeId: string, proceedingIds: readonly string[]): Promise<Map<string, number>> {
  if (proceedingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('justice_case_proceedings')
    .select((eb) => ['proceeding_id', eb.fn.countAll<number>().as('n')])
    .where('office_id', '=', officeId)
    .where('proceeding_id', 'in', [...proceedingIds])
    .groupBy('proceeding_id')
    .execute();
  return new Map(rows.map((r) => [r.proceeding_id, Number(r.n)]));
}

/** The hearings this office recorded for these proceedings. */
export function hearingsOf(db: Executor, officeId: string, proceedingIds: readonly string[]) {
  if (proceedingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('justice_hearings')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('proceeding_id', 'in', [...proceedingIds])
    .orderBy('held_on')
    .orderBy('id')
    .execute();
}

export function findHearing(db: Executor, officeId: string, id: string) {
  return db.selectFrom('justice_hearings').selectAll().where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst();
}

export async function insertHearing(db: Executor, row: Insertable<JusticeHearingTable>): Promise<void> {
  await db.insertInto('justice_hearings').values(row).execute();
}

export function hearingPeopleOfCase(db: Executor, caseId: string) {
  return db.selectFrom('justice_hearing_people').selectAll().where('case_id', '=', caseId).execute();
}

export function findHearingPerson(db: Executor, hearingId: string, linkId: string) {
  return db.selectFrom('justice_hearing_people').selectAll().where('hearing_id', '=', hearingId).where('link_id', '=', linkId).executeTakeFirst();
}

export async function insertHearingPerson(db: Executor, row: Insertable<JusticeHearingPersonTable>): Promise<void> {
  await db.insertInto('justice_hearing_people').values(row).execute();
}

export async function updateHearingPerson(db: Executor, id: string, set: Updateable<JusticeHearingPersonTable>): Promise<void> {
  await db.updateTable('justice_hearing_people').set(set).where('id', '=', id).execute();
}

export function measuresOfCase(db: Executor, caseId: string) {
  return db.selectFrom('justice_measures').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export function findMeasure(db: Executor, caseId: string, id: string) {
  return db.selectFrom('justice_measures').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function insertMeasure(db: Executor, row: Insertable<JusticeMeasureTable>): Promise<void> {
  await db.insertInto('justice_measures').values(row).execute();
}

export async function updateMeasure(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: Updateable<JusticeMeasureTable> },
): Promise<boolean> {
  const r = await db
    .updateTable('justice_measures')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
