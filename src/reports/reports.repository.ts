import { type Insertable, sql } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { compiledInsert, compiledOnce } from '../platform/db/compiled.js';
import type { Executor } from '../platform/db/database.js';
import { triageOffices } from './reports.policy.js';
import type { NewReport, ReportFileTable, ReportLinkTable, ReportLookupTable, ReportMessageTable, ReportRow, ReportSubmissionTable } from './reports.table.js';

/*
 * The queries of a report's intake are compiled once and run with new values (platform/db/compiled.ts): building them
 * with Kysely on every report cost more than running them (issue 16, BENCHMARKS.md).
 */
const nextSequenceQuery = compiledOnce((db, v: { officeId: string }) =>
  db.updateTable('offices').set({ report_seq: sql`report_seq + 1` }).where('id', '=', v.officeId).returning(['report_seq', 'code']),
);

export async function nextReportSequence(db: Executor, officeId: string): Promise<{ seq: number; code: string }> {
  const row = (await nextSequenceQuery(db, { officeId })).rows[0];
  if (!row) throw new Error(`no office ${officeId}`);
  return { seq: Number(row.report_seq), code: row.code };
}

const localOfficeQuery = compiledOnce((db, v: { country: string }) =>
  db.selectFrom('offices').select('id').where('country', '=', v.country).where('active', '=', 1).orderBy('created_at').orderBy('id').limit(1),
);

/**
 * The office for a report: an active office in its country (the oldest first). A report whose country no office
 * covers goes to the office named by `reports.defaultOfficeId` when set and active; one whose country is unknown
 * also falls back to the oldest active office. Otherwise there is none yet: the report waits in the national inbox.
 */
export async function officeForCountry(db: Executor, country: string | null): Promise<string | undefined> {
  if (country) {
    const local = (await localOfficeQuery(db, { country })).rows[0];
    if (local) return local.id;
  }
  const setting = await db.selectFrom('settings').select('value').where('key', '=', 'reports.defaultOfficeId').executeTakeFirst();
  if (setting) {
    const office = await db.selectFrom('offices').select('id').where('id', '=', setting.value).where('active', '=', 1).executeTakeFirst();
    if (office) return office.id;
  }
  if (country) return undefined;
  const first = await db.selectFrom('offices').select('id').where('active', '=', 1).orderBy('created_at').orderBy('id').executeTakeFirst();
  return first?.id;
}

/** The next number of the national inbox's references (one counter row, made by the migration). */
export async function nextInboxSequence(db: Executor): Promise<number> {
  const row = await db.updateTable('report_inbox_sequence').set({ seq: sql`seq + 1` }).where('id', '=', 1).returning('seq').executeTakeFirstOrThrow();
  return Number(row.seq);
}

const insertReportRow = compiledInsert<'reports', NewReport>((db) => db.insertInto('reports'));

export async function insertReport(db: Executor, row: NewReport): Promise<void> {
  await insertReportRow(db, row);
}

export async function findByReceiptHash(db: Executor, hash: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('receipt_hash', '=', hash).executeTakeFirst();
}

export async function findById(db: Executor, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reports the user may triage: the office scope in SQL, the same rule as the policy; with `inbox`, also the
 * reports waiting in the national inbox (office_id null).
 */
export function scopedReports(db: Executor, user: AuthUser, inbox: boolean) {
  const offices = triageOffices(user);
  return db.selectFrom('reports').where((eb) => {
    const office = offices === 'all' ? eb('reports.office_id', 'is not', null) : offices.length > 0 ? eb('reports.office_id', 'in', offices) : eb.lit(false);
    return inbox ? eb.or([office, eb('reports.office_id', 'is', null)]) : office;
  });
}

export const OPEN_STATES = ['new', 'in_triage', 'waiting_reporter'] as const;

export async function listQueue(
  db: Executor,
  user: AuthUser,
  filter: { open: boolean; inbox: boolean; officeId?: string | undefined; channel?: string | undefined },
) {
  let q = scopedReports(db, user, filter.inbox).selectAll('reports');
  q = filter.open ? q.where('state', 'in', [...OPEN_STATES]) : q.where('state', 'not in', [...OPEN_STATES]);
  if (filter.officeId) q = q.where('office_id', '=', filter.officeId);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  return q.orderBy('received_at', 'asc').limit(500).execute();
}

export async function updateReport(db: Executor, { id, version, set }: { id: string; version: number; set: Partial<ReportRow> }): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ ...set, version: version + 1, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function messagesOf(db: Executor, reportId: string) {
  return db.selectFrom('report_messages').selectAll().where('report_id', '=', reportId).orderBy('created_at').orderBy('id').execute();
}

export async function filesOf(db: Executor, reportId: string) {
  return db.selectFrom('report_files').selectAll().where('report_id', '=', reportId).orderBy('created_at').orderBy('id').execute();
}

export async function lookupsOf(db: Executor, reportId: string) {
  return db.selectFrom('report_lookups').select(['kind', 'token']).where('report_id', '=', reportId).execute();
}

/** Other reports sharing a blind-index token with this one, within the offices the user triages. */
export async function relatedCandidates(db: Executor, { user, reportId, inbox }: { user: AuthUser; reportId: string; inbox: boolean }) {
  const offices = triageOffices(user);
  let q = db
    .selectFrom('report_lookups as mine')
    .innerJoin('report_lookups as other', (j) => j.onRef('other.kind', '=', 'mine.kind').onRef('other.token', '=', 'mine.token'))
    .innerJoin('reports', 'reports.id', 'other.report_id')
    .select(['reports.id', 'reports.reference', 'reports.state', 'reports.received_at', 'reports.office_id', 'other.kind'])
    .where('mine.report_id', '=', reportId)
    .where('other.report_id', '<>', reportId);
  q = q.where((eb) => {
    const office = offices === 'all' ? eb('reports.office_id', 'is not', null) : offices.length ? eb('reports.office_id', 'in', offices) : eb.lit(false);
    return inbox ? eb.or([office, eb('reports.office_id', 'is', null)]) : office;
  });
  const rows = await q.execute();
  const byId = new Map<string, { id: string; reference: string; state: string; received_at: string; kinds: string[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, reference: r.reference, state: r.state, received_at: r.received_at, kinds: [] };
    if (!entry.kinds.includes(r.kind)) entry.kinds.push(r.kind);
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}

export async function linksOf(db: Executor, reportId: string) {
  const rows = await db
    .selectFrom('report_links')
    .select(['report_id', 'related_report_id', 'created_at'])
    .where((eb) => eb.or([eb('report_id', '=', reportId), eb('related_report_id', '=', reportId)]))
    .execute();
  return rows.map((r) => (r.report_id === reportId ? r.related_report_id : r.report_id));
}

export async function reportsByIds(db: Executor, { user, ids, inbox }: { user: AuthUser; ids: string[]; inbox: boolean }) {
  if (ids.length === 0) return [];
  return scopedReports(db, user, inbox).selectAll('reports').where('id', 'in', ids).execute();
}

const insertLookupRows = compiledInsert<'report_lookups', Insertable<ReportLookupTable>>((db) => db.insertInto('report_lookups'));

export async function insertLookups(db: Executor, rows: Insertable<ReportLookupTable>[]): Promise<void> {
  await insertLookupRows(db, rows);
}

export async function insertFileRow(db: Executor, row: Insertable<ReportFileTable>): Promise<void> {
  await db.insertInto('report_files').values(row).execute();
}

export async function insertMessage(db: Executor, row: Insertable<ReportMessageTable>): Promise<void> {
  await db.insertInto('report_messages').values(row).execute();
}

/** An update that is not a person's edit of the report (a new message, the unread flag): no version check. */
export async function setReport(db: Executor, id: string, set: Partial<ReportRow>): Promise<void> {
  await db.updateTable('reports').set(set).where('id', '=', id).execute();
}

export async function linkExists(db: Executor, a: string, b: string): Promise<boolean> {
  return !!(await db.selectFrom('report_links').select('id').where('report_id', '=', a).where('related_report_id', '=', b).executeTakeFirst());
}

export async function insertLink(db: Executor, row: Insertable<ReportLinkTable>): Promise<void> {
  await db.insertInto('report_links').values(row).execute();
}

export async function fileOf(db: Executor, reportId: string, fileId: string) {
  return db.selectFrom('report_files').selectAll().where('id', '=', fileId).where('report_id', '=', reportId).executeTakeFirst();
}

/** Reports closed without a case before the cutoff: due for the retention purge. */
export async function closedBefore(db: Executor, cutoff: string, limit: number) {
  return db
    .selectFrom('reports')
    .select(['id', 'office_id', 'reference'])
    .where('state', '=', 'closed')
    .where('case_id', 'is', null)
    .where('closed_at', '<', cutoff)
    .limit(limit)
    .execute();
}

/** Deletes a report with its links, lookups, files and messages (the files on disk are the caller's). */
export async function deleteReport(db: Executor, id: string): Promise<void> {
  await db
    .deleteFrom('report_links')
    .where((eb) => eb.or([eb('report_id', '=', id), eb('related_report_id', '=', id)]))
    .execute();
  await db.deleteFrom('report_lookups').where('report_id', '=', id).execute();
  await db.deleteFrom('report_files').where('report_id', '=', id).execute();
  await db.deleteFrom('report_messages').where('report_id', '=', id).execute();
  await db.deleteFrom('report_submissions').where('report_id', '=', id).execute();
  await db.deleteFrom('reports').where('id', '=', id).execute();
}

const findSubmissionQuery = compiledOnce((db, v: { id: string; since: string }) =>
  db.selectFrom('report_submissions').select(['code_sealed']).where('id', '=', v.id).where('created_at', '>', v.since),
);

/** A submitted form's sealed receipt code, by the hash of its one-time token, if recorded after `since`. */
export async function findSubmission(db: Executor, id: string, since: string): Promise<{ code_sealed: string } | undefined> {
  return (await findSubmissionQuery(db, { id, since })).rows[0];
}

const takeSubmissionQuery = compiledOnce((db, v: { id: string; sealed: string }) =>
  db.updateTable('report_submissions').set({ code_sealed: '' }).where('id', '=', v.id).where('code_sealed', '=', v.sealed),
);

/** Empties a submission's sealed code, once: true only for the one call that emptied it (two tabs cannot both see it). */
export async function takeSubmissionCode(db: Executor, id: string, sealed: string): Promise<boolean> {
  const r = await takeSubmissionQuery(db, { id, sealed });
  return Number(r.numAffectedRows) === 1;
}

export async function deleteSubmissionsBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('report_submissions').where('created_at', '<', before).execute();
}

const insertSubmissionRow = compiledInsert<'report_submissions', Insertable<ReportSubmissionTable>>((db) => db.insertInto('report_submissions'));

export async function insertSubmission(db: Executor, row: Insertable<ReportSubmissionTable>): Promise<void> {
  await insertSubmissionRow(db, row);
}

export async function anyReport(db: Executor): Promise<boolean> {
  return !!(await db.selectFrom('reports').select('id').limit(1).executeTakeFirst());
}

/** The latest report, not closed, whose reply-to hash is this one: where a returning sender's message goes. */
export async function openByReplyHash(db: Executor, hash: string): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('reply_to_hash', '=', hash)
    .where('state', '<>', 'closed')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The sender asked for no more messages: forget the address (sealed and hashed) on every report that had it. */
export async function clearReplyTo(db: Executor, hash: string): Promise<Array<{ id: string; office_id: string | null }>> {
  const rows = await db.selectFrom('reports').select(['id', 'office_id']).where('reply_to_hash', '=', hash).execute();
  if (rows.length) await db.updateTable('reports').set({ reply_to_enc: null, reply_to_hash: null }).where('reply_to_hash', '=', hash).execute();
  return rows;
}

export async function messageById(db: Executor, reportId: string, messageId: string) {
  return db.selectFrom('report_messages').selectAll().where('id', '=', messageId).where('report_id', '=', reportId).executeTakeFirst();
}
