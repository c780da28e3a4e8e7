import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { OdkAppUser, OdkAppUserTable, OdkOfficeKeyTable, OdkPartTable, OdkSubmission, OdkSubmissionTable } from './odk.table.js';

export async function insertAppUser(db: Executor, row: Insertable<OdkAppUserTable>): Promise<void> {
  await db.insertInto('odk_app_users').values(row).execute();
}

/** The device a token names, only while it is not revoked. */
export function findActiveAppUserByHash(db: Executor, tokenHash: string): Promise<OdkAppUser | undefined> {
  return db.selectFrom('odk_app_users').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export function findAppUser(db: Executor, id: string): Promise<OdkAppUser | undefined> {
  return db.selectFrom('odk_app_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAppUsers(db: Executor, officeIds: string[] | 'all') {
  let q = db
    .selectFrom('odk_app_users')
    .innerJoin('offices', 'offices.id', 'odk_app_users.office_id')
    .select([
      'odk_app_users.id',
      'odk_app_users.display_name',
      'odk_app_users.office_id',
      'offices.name as office_name',
      'odk_app_users.encrypted',
      'odk_app_users.created_at',
      'odk_app_users.last_used_at',
      'odk_app_users.revoked_at',
    ]);
  if (officeIds !== 'all') q = q.where('odk_app_users.office_id', 'in', officeIds.length ? officeIds : ['-']);
  return q.orderBy('odk_app_users.revoked_at', 'desc').orderBy('odk_app_users.created_at', 'desc').execute();
}

export async function revokeAppUser(db: Executor, { id, by, at }: { id: string; by: string; at: string }): Promise<boolean> {
  const r = await db
    .updateTable('odk_app_users')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function touchAppUser(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('odk_app_users').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function findOfficeKey(db: Executor, officeId: string) {
  return db.selectFrom('odk_office_keys').selectAll().where('office_id', '=', officeId).executeTakeFirst();
}

/** Inserts the office's key pair unless another request did first (then theirs is kept). */
export async function insertOfficeKeyIfAbsent(db: Executor, row: Insertable<OdkOfficeKeyTable>): Promise<void> {
  await db
    .insertInto('odk_office_keys')
    .values(row)
    .onConflict((oc) => oc.column('office_id').doNothing())
    .execute();
}

export async function insertSubmission(db: Executor, row: Insertable<OdkSubmissionTable>): Promise<void> {
  await db.insertInto('odk_submissions').values(row).execute();
}

/** Claims an instance id for a form; false when another submission already holds it. */
export async function claimInstance(
  db: Executor,
  { formId, instanceId, submissionId }: { formId: string; instanceId: string; submissionId: string },
): Promise<boolean> {
  const r = await db
    .insertInto('odk_instances')
    .values({ form_id: formId, instance_id: instanceId, submission_id: submissionId })
    .onConflict((oc) => oc.columns(['form_id', 'instance_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function instanceHolder(db: Executor, formId: string, instanceId: string) {
  return db
    .selectFrom('odk_instances')
    .innerJoin('odk_submissions', 'odk_submissions.id', 'odk_instances.submission_id')
    .select(['odk_submissions.id', 'odk_submissions.case_id', 'odk_submissions.report_id', 'odk_submissions.content_mac', 'odk_submissions.status'])
    .where('odk_instances.form_id', '=', formId)
    .where('odk_instances.instance_id', '=', instanceId)
    .executeTakeFirst();
}

export function listConflicts(db: Executor, officeIds: string[] | 'all', status: 'conflict' | 'resolved' = 'conflict') {
  let q = db
    .selectFrom('odk_submissions')
    .innerJoin('odk_app_users', 'odk_app_users.id', 'odk_submissions.app_user_id')
    .innerJoin('offices', 'offices.id', 'odk_submissions.office_id')
    .select([
      'odk_submissions.id',
      'odk_submissions.office_id',
      'offices.name as office_name',
      'odk_submissions.form_id',
      'odk_submissions.form_version',
      'odk_submissions.conflict_reason',
      'odk_submissions.received_at',
      'odk_submissions.resolution',
      'odk_submissions.resolved_at',
      'odk_app_users.display_name as device_name',
    ])
    .where('odk_submissions.status', '=', status);
  if (officeIds !== 'all') q = q.where('odk_submissions.office_id', 'in', officeIds.length ? officeIds : ['-']);
  return q.orderBy('odk_submissions.received_at', 'desc').limit(200).execute();
}

export function findSubmission(db: Executor, id: string): Promise<OdkSubmission | undefined> {
  return db.selectFrom('odk_submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSubmission(
  db: Executor,
  { id, expectedStatus, changes }: { id: string; expectedStatus: string; changes: Updateable<OdkSubmissionTable> },
): Promise<boolean> {
  const r = await db.updateTable('odk_submissions').set(changes).where('id', '=', id).where('status', '=', expectedStatus).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countByStatus(db: Executor, officeId: string) {
  return db
    .selectFrom('odk_submissions')
    .select(['status', db.fn.countAll<number>().as('n')])
    .where('office_id', '=', officeId)
    .groupBy('status')
    .execute();
}

/** Keeps (or replaces) one sealed file of a split submission; parts left over a week are dropped on the way. */
export async function keepPart(db: Executor, row: Insertable<OdkPartTable>, staleBefore: string): Promise<void> {
  await db.deleteFrom('odk_parts').where('received_at', '<', staleBefore).execute();
  await db.deleteFrom('odk_parts').where('app_user_id', '=', row.app_user_id).where('instance_id', '=', row.instance_id).where('name', '=', row.name).execute();
  await db.insertInto('odk_parts').values(row).execute();
}

export function partsOf(db: Executor, appUserId: string, instanceId: string) {
  return db
    .selectFrom('odk_parts')
    .select(['id', 'name', 'size', 'content_enc'])
    .where('app_user_id', '=', appUserId)
    .where('instance_id', '=', instanceId)
    .execute();
}

export async function dropParts(db: Executor, appUserId: string, instanceId: string): Promise<void> {
  await db.deleteFrom('odk_parts').where('app_user_id', '=', appUserId).where('instance_id', '=', instanceId).execute();
}
