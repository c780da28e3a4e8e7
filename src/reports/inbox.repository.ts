import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ReportRow } from './reports.table.js';

export async function isInboxOperator(db: Executor, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('report_inbox_operators').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

export async function listInboxOperators(db: Executor) {
  return db
    .selectFrom('report_inbox_operators')
    .innerJoin('users', 'users.id', 'report_inbox_operators.user_id')
    .select(['users.id', 'users.display_name', 'users.email', 'report_inbox_operators.created_at'])
    .orderBy('users.display_name')
    .execute();
}

/** Active users holding a triage role somewhere who do not have the inbox yet: whom it may be given to. */
export async function inboxCandidates(db: Executor, roles: readonly string[]) {
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .leftJoin('report_inbox_operators', 'report_inbox_operators.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .distinct()
    .where('memberships.role', 'in', [...roles])
    .where('users.active', '=', 1)
    .where('report_inbox_operators.user_id', 'is', null)
    .orderBy('users.display_name')
    .execute();
}

export async function grantInbox(db: Executor, userId: string, grantedBy: string): Promise<boolean> {
  const r = await db
    .insertInto('report_inbox_operators')
    .values({ user_id: userId, granted_by: grantedBy, created_at: nowIso() })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function revokeInbox(db: Executor, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('report_inbox_operators').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** What an administrator sees of the inbox: no sealed column. */
export async function inboxOverview(db: Executor, limit: number) {
  return db
    .selectFrom('reports')
    .select(['id', 'reference', 'country', 'state', 'priority', 'priority_level', 'received_at'])
    .where('office_id', 'is', null)
    .orderBy('received_at')
    .limit(limit)
    .execute();
}

export async function countInbox(db: Executor): Promise<number> {
  const row = await db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).where('office_id', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveOffices(db: Executor): Promise<number> {
  const row = await db.selectFrom('offices').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function inboxReports(db: Executor, limit: number): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().where('office_id', 'is', null).orderBy('received_at').limit(limit).execute();
}

/**
 * Moves a report from the inbox to an office with its re-sealed values, only if nobody changed it meanwhile
 * (same version, still in the inbox). Its messages, files, lookups and links follow.
 */
export async function moveToOffice(
  db: Executor,
  move: { report: ReportRow; officeId: string; reference: string; contentEnc: string; noteEnc: string | null; replyToEnc: string | null; messages: Array<{ id: string; bodyEnc: string }> },
): Promise<boolean> {
  const { report, officeId } = move;
  const r = await db
    .updateTable('reports')
    .set({ office_id: officeId, reference: move.reference, content_enc: move.contentEnc, priority_note_enc: move.noteEnc, reply_to_enc: move.replyToEnc, version: report.version + 1, updated_at: nowIso() })
    .where('id', '=', report.id)
    .where('version', '=', report.version)
    .where('office_id', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  for (const m of move.messages) await db.updateTable('report_messages').set({ body_enc: m.bodyEnc, office_id: officeId }).where('id', '=', m.id).execute();
  await db.updateTable('report_files').set({ office_id: officeId }).where('report_id', '=', report.id).execute();
  await db.updateTable('report_lookups').set({ office_id: officeId }).where('report_id', '=', report.id).execute();
  await db.updateTable('report_links').set({ office_id: officeId }).where('office_id', 'is', null).where((eb) => eb.or([eb('report_id', '=', report.id), eb('related_report_id', '=', report.id)])).execute();
  return true;
}
