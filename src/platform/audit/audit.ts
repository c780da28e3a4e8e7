import { createHash, createHmac } from 'node:crypto';
import type { Db, Executor } from '../db/database.js';
import { newId, nowIso } from '../ids.js';
import * as repo from './audit.repository.js';

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
  'auth.lockout_cleared': { scope: 'account' | 'client' | 'all-clients'; count: number };
  'api_token.created': { tokenId: string; expiresAt: string; scopes?: string[] };
  'api_token.new_client': { tokenId: string; client: string; first: boolean };
  'api_token.revoked': { tokenId: string | null; count: number; reason: string };
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

export const GENESIS = '0'.repeat(64);
/** How new rows are hashed: 1 = HMAC-SHA-256 under the audit key. Rows of 0 (plain SHA-256) predate it. */
export const MAC_VERSION = 1;

/**
 * The audit key travels with the database handle: recordEvent receives a Kysely instance or a transaction, and both
 * share their dialect adapter object, so the key registered for a database is found from either. Several databases
 * in one process (tests) each keep their own key.
 */
const AUDIT_KEYS = new WeakMap<object, Buffer>();

function handleOf(db: Db | Executor): object {
  return db.getExecutor().adapter;
}

export function registerAuditKey(db: Db, key: Buffer): void {
  AUDIT_KEYS.set(handleOf(db), key);
}

export function auditKeyOf(db: Db | Executor): Buffer {
  const key = AUDIT_KEYS.get(handleOf(db));
  // Never fall back to plain SHA-256: that would be the downgrade the keyed chain exists to prevent.
  if (!key) throw new Error('No audit key registered for this database (startContext registers it)');
  return key;
}

function chainOf(officeId: string | null | undefined): string {
  return officeId ?? 'global';
}

/** A row's hash: keyed (mac 1) for rows of the keyed chain, plain SHA-256 (mac 0, without the mac column) before. */
export function hashRow(prev: string, fields: Record<string, unknown>, key: Buffer | undefined): string {
  const { mac: _mac, ...rest } = fields;
  const covered = key ? fields : rest;
  const canonical = Object.keys(covered)
    .sort()
    .map((k) => [k, covered[k] ?? null]);
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(prev).update('\n').update(JSON.stringify(canonical)).digest('hex');
}

function lockHead(db: Executor, chain: string): Promise<{ seq: number; hash: string }> {
  return repo.lockHead(db, chain, GENESIS);
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
    mac: MAC_VERSION,
  };
  const hash = hashRow(head.hash, row, auditKeyOf(db));
  await repo.appendToChain(db, { table: 'audit_events', row: { ...row, prev_hash: head.hash, hash } });
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
      mac: MAC_VERSION,
    };
    const hash = hashRow(head.hash, row, auditKeyOf(tx));
    await repo.appendToChain(tx, { table: 'access_log', row: { ...row, prev_hash: head.hash, hash } });
  };
  if (db.isTransaction) await write(db);
  else await (db as Db).transaction().execute(write);
}

export interface Broken {
  table: string;
  chain: string;
  seq: number;
  id: string | null;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: number;
  broken: Broken[];
  /** Per chain: the head as the database holds it, for the anchor checks. */
  heads: Map<string, { seq: number; hash: string; rows: number; hashAt: Map<number, string> }>;
}

export interface VerifyOptions {
  /** Per chain, the last seq written with plain SHA-256 (from the anchor file); later plain rows are downgrades. */
  legacy?: Record<string, number>;
  /** Seqs whose hash the anchor checks need (the anchored heads). */
  wanted?: Map<string, Set<number>>;
}

/**
 * Walks every chain and reports, per chain, the first broken link: a changed, removed or inserted row, a row
 * re-hashed without the key, and rows cut off the end.
 */
export async function verifyAudit(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const key = auditKeyOf(db);
  const result: VerifyResult = { ok: true, checked: 0, chains: 0, broken: [], heads: new Map() };
  const heads = await repo.allHeads(db);
  for (const head of heads) {
    result.chains++;
    const table = head.chain.startsWith('access:') ? 'access_log' : 'audit_events';
    const wanted = opts.wanted?.get(head.chain);
    const hashAt = new Map<number, string>();
    let prev = GENESIS;
    let expectedSeq = 1;
    let keyed = false;
    let problem: Broken | undefined;
    const pageSize = 5000;
    for (let from = 0; !problem; from += pageSize) {
      const rows = await repo.chainPage(db, { table, chain: head.chain, from, size: pageSize });
      for (const r of rows) {
        const { prev_hash, hash, ...fields } = r as typeof r & { prev_hash: string; hash: string };
        const at = (p: string, id: string | null = r.id, seq = r.seq) => ({ table, chain: head.chain, seq, id, problem: p });
        if (r.seq !== expectedSeq) {
          problem = at(expectedSeq === 1 && r.seq > 1 ? 'rows missing at the start of the chain' : 'missing row', null, expectedSeq);
          break;
        }
        if (prev_hash !== prev) {
          problem = at('link to previous row broken');
          break;
        }
        const plain = r.mac === 0;
        if (plain && (keyed || (opts.legacy && r.seq > (opts.legacy[head.chain] ?? 0)))) {
          problem = at('row re-hashed without the audit key (downgraded to plain SHA-256)');
          break;
        }
        if (hashRow(prev, fields, plain ? undefined : key) !== hash) {
          // A keyed row whose stored hash is the plain SHA-256 of its content: someone rebuilt the chain without the key.
          const recomputed = !plain && hashRow(prev, { ...fields, mac: undefined }, undefined) === hash;
          problem = at(recomputed ? 'chain recomputed without the audit key' : 'row content changed');
          break;
        }
        keyed ||= !plain;
        if (wanted?.has(r.seq)) hashAt.set(r.seq, hash);
        prev = hash;
        expectedSeq++;
        result.checked++;
      }
      if (rows.length < pageSize) break;
    }
    const rowsSeen = expectedSeq - 1;
    if (!problem && rowsSeen === 0 && head.seq > 0) {
      problem = { table, chain: head.chain, seq: 1, id: null, problem: 'chain emptied: its rows were deleted' };
    } else if (!problem && (rowsSeen !== head.seq || prev !== head.hash)) {
      problem = { table, chain: head.chain, seq: expectedSeq, id: null, problem: 'rows missing at the end of the chain' };
    }
    result.heads.set(head.chain, { seq: head.seq, hash: head.hash, rows: rowsSeen, hashAt });
    if (problem) {
      result.ok = false;
      result.broken.push(problem);
    }
  }
  return result;
}

export function eventsFor(db: Db, subjectType: string, subjectId: string) {
  return repo.eventsFor(db, subjectType, subjectId);
}
