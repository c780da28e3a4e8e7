import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isPostgres } from '../db/database.js';
import type { Db, Executor } from '../db/database.js';
import { newId, nowIso } from '../ids.js';

/**
 * Typed audit events. Each feature declares its events by merging into this interface:
 *   declare module '../platform/audit/audit.js' { interface AuditEvents { 'case.opened': { caseNumber: string } } }
 * Event data holds ids, codes and reasons chosen by staff, never a person's details.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface AuditEvents {
  'system.first_run': Record<string, never>;
  'auth.signed_in': Record<string, never>;
  'auth.sign_in_failed': { reason: string };
  'auth.locked': { until: string };
  'auth.signed_out': Record<string, never>;
  'auth.mfa_enrolled': Record<string, never>;
  'auth.mfa_passed': { method: 'totp' | 'recovery' };
  'auth.password_changed': Record<string, never>;
  'auth.password_set': Record<string, never>;
  'auth.sessions_revoked': { count: number };
  'user.created': { roles: string[] };
  'user.updated': { fields: string[] };
  'user.roles_changed': { roles: string[] };
  'user.deactivated': Record<string, never>;
  'user.reactivated': Record<string, never>;
  'user.reset_issued': Record<string, never>;
  'office.created': { code: string };
  'office.updated': { fields: string[] };
  'organisation.created': { type: string };
  'organisation.updated': { fields: string[] };
  'keys.rotated': { master: string; rewrapped: number };
  'settings.changed': { key: string };
}
export type AuditEventType = keyof AuditEvents;

export interface EventInput<K extends AuditEventType> {
  type: K;
  officeId?: string | null;
  actorId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  data: AuditEvents[K];
}

const GENESIS = '0'.repeat(64);

function chainOf(officeId: string | null | undefined): string {
  return officeId ?? 'global';
}

function hashRow(prev: string, fields: Record<string, unknown>): string {
  const canonical = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k] ?? null]);
  return createHash('sha256').update(prev).update('\n').update(JSON.stringify(canonical)).digest('hex');
}

/** Takes the head of a chain, locked for the rest of the transaction (PostgreSQL); SQLite serialises writers. */
async function lockHead(db: Executor, chain: string): Promise<{ seq: number; hash: string }> {
  await db.insertInto('audit_heads').values({ chain, seq: 0, hash: GENESIS }).onConflict((oc) => oc.column('chain').doNothing()).execute();
  const head = await (isPostgres(db)
    ? db.selectFrom('audit_heads').select(['seq', 'hash']).where('chain', '=', chain).forUpdate()
    : db.selectFrom('audit_heads').select(['seq', 'hash']).where('chain', '=', chain)
  ).executeTakeFirstOrThrow();
  return head;
}

/** Writes an audit event; call it with the transaction of the change it records. */
export async function recordEvent<K extends AuditEventType>(db: Executor, input: EventInput<K>): Promise<string> {
  const chain = chainOf(input.officeId);
  const head = await lockHead(db, chain);
  const seq = head.seq + 1;
  const row = {
    id: newId(),
    chain,
    seq,
    office_id: input.officeId ?? null,
    actor_id: input.actorId ?? null,
    type: input.type as string,
    subject_type: input.subjectType ?? null,
    subject_id: input.subjectId ?? null,
    data: JSON.stringify(input.data ?? {}),
    created_at: nowIso(),
  };
  const hash = hashRow(head.hash, row);
  await db.insertInto('audit_events').values({ ...row, prev_hash: head.hash, hash }).execute();
  await db.updateTable('audit_heads').set({ seq, hash }).where('chain', '=', chain).execute();
  return row.id;
}

export interface AccessInput {
  officeId: string | null;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
}

/** Records a read of personal data (who viewed which record, when). */
export async function recordAccess(db: Db | Executor, input: AccessInput): Promise<void> {
  const write = async (tx: Executor) => {
    const chain = `access:${chainOf(input.officeId)}`;
    const head = await lockHead(tx, chain);
    const seq = head.seq + 1;
    const row = {
      id: newId(),
      chain,
      seq,
      office_id: input.officeId,
      actor_id: input.actorId,
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      created_at: nowIso(),
    };
    const hash = hashRow(head.hash, row);
    await tx.insertInto('access_log').values({ ...row, prev_hash: head.hash, hash }).execute();
    await tx.updateTable('audit_heads').set({ seq, hash }).where('chain', '=', chain).execute();
  };
  if (db.isTransaction) await write(db);
  else await (db as Db).transaction().execute(write);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: number;
  broken: Array<{ table: string; chain: string; seq: number; id: string | null; problem: string }>;
}

/** Walks every chain and reports, per chain, the first broken link: a changed, removed or inserted row. */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  const result: VerifyResult = { ok: true, checked: 0, chains: 0, broken: [] };
  const heads = await db.selectFrom('audit_heads').selectAll().execute();
  for (const head of heads) {
    result.chains++;
    const table = head.chain.startsWith('access:') ? 'access_log' : 'audit_events';
    let prev = GENESIS;
    let expectedSeq = 1;
    let problem: VerifyResult['broken'][number] | undefined;
    const pageSize = 5000;
    for (let from = 0; !problem; from += pageSize) {
      const rows =
        table === 'access_log'
          ? await db.selectFrom('access_log').selectAll().where('chain', '=', head.chain).where('seq', '>', from).orderBy('seq').limit(pageSize).execute()
          : await db.selectFrom('audit_events').selectAll().where('chain', '=', head.chain).where('seq', '>', from).orderBy('seq').limit(pageSize).execute();
      for (const r of rows) {
        const { prev_hash, hash, ...fields } = r as typeof r & { prev_hash: string; hash: string };
        if (r.seq !== expectedSeq) {
          problem = { table, chain: head.chain, seq: expectedSeq, id: null, problem: 'missing row' };
          break;
        }
        if (prev_hash !== prev) {
          problem = { table, chain: head.chain, seq: r.seq, id: r.id, problem: 'link to previous row broken' };
          break;
        }
        if (hashRow(prev, fields) !== hash) {
          problem = { table, chain: head.chain, seq: r.seq, id: r.id, problem: 'row content changed' };
          break;
        }
        prev = hash;
        expectedSeq++;
        result.checked++;
      }
      if (rows.length < pageSize) break;
    }
    if (!problem && (expectedSeq - 1 !== head.seq || prev !== head.hash)) {
      problem = { table, chain: head.chain, seq: expectedSeq, id: null, problem: 'rows missing at the end of the chain' };
    }
    if (problem) {
      result.ok = false;
      result.broken.push(problem);
    }
  }
  return result;
}

export async function eventsFor(db: Db, subjectType: string, subjectId: string) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy(sql`created_at`)
    .orderBy('seq')
    .execute();
}
