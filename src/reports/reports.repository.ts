import { sql } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import { triageOffices } from './reports.policy.js';
import type { NewReport, ReportRow } from './reports.table.js';

export async function nextReportSequence(db: Executor, officeId: string): Promise<{ seq: number; code: string }> {
  const row = await db
    .updateTable('offices')
    .set({ report_seq: sql`report_seq + 1` })
    .where('id', '=', officeId)
    .returning(['report_seq', 'code'])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.report_seq), code: row.code };
}

/** The office for a country: an active office there (the oldest first), else the configured default, else the first office. */
export async function officeForCountry(db: Executor, country: string | null): Promise<string | undefined> {
  if (country) {
    const local = await db.selectFrom('offices').select('id').where('country', '=', country).where('active', '=', 1).orderBy('created_at').orderBy('id').executeTakeFirst();
    if (local) return local.id;
  }
  const setting = await db.selectFrom('settings').select('value').where('key', '=', 'reports.defaultOfficeId').executeTakeFirst();
  if (setting) {
    const office = await db.selectFrom('offices').select('id').where('id', '=', setting.value).where('active', '=', 1).executeTakeFirst();
    if (office) return office.id;
  }
  const first = await db.selectFrom('offices').select('id').where('active', '=', 1).orderBy('created_at').orderBy('id').executeTakeFirst();
  return first?.id;
}

export async function insertReport(db: Executor, row: NewReport): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

export async function findByReceiptHash(db: Executor, hash: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('receipt_hash', '=', hash).executeTakeFirst();
}

export async function findById(db: Executor, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reports the user may triage: the office scope in SQL, the same rule as the policy. */
export function scopedReports(db: Executor, user: AuthUser) {
  const offices = triageOffices(user);
  return db.selectFrom('reports').where((eb) => (offices === 'all' ? eb.lit(true) : offices.length > 0 ? eb('reports.office_id', 'in', offices) : eb.lit(false)));
}

export const OPEN_STATES = ['new', 'in_triage', 'waiting_reporter'] as const;

export async function listQueue(db: Executor, user: AuthUser, filter: { open: boolean; officeId?: string | undefined }) {
  let q = scopedReports(db, user).selectAll('reports');
  q = filter.open ? q.where('state', 'in', [...OPEN_STATES]) : q.where('state', 'not in', [...OPEN_STATES]);
  if (filter.officeId) q = q.where('office_id', '=', filter.officeId);
  return q.orderBy('received_at', 'asc').limit(500).execute();
}

export async function updateReport(db: Executor, id: string, version: number, set: Partial<ReportRow>): Promise<boolean> {
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
export async function relatedCandidates(db: Executor, user: AuthUser, reportId: string) {
  const offices = triageOffices(user);
  let q = db
    .selectFrom('report_lookups as mine')
    .innerJoin('report_lookups as other', (j) => j.onRef('other.kind', '=', 'mine.kind').onRef('other.token', '=', 'mine.token'))
    .innerJoin('reports', 'reports.id', 'other.report_id')
    .select(['reports.id', 'reports.reference', 'reports.state', 'reports.received_at', 'reports.office_id', 'other.kind'])
    .where('mine.report_id', '=', reportId)
    .where('other.report_id', '<>', reportId);
  if (offices !== 'all') q = offices.length ? q.where('reports.office_id', 'in', offices) : q.where(sql.lit(false));
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
