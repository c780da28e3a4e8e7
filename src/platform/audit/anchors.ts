import { createHmac } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context.js';
import { constantTimeEqual } from '../crypto/keys.js';
import { nowIso } from '../ids.js';
import type { Job } from '../jobs/scheduler.js';
import { type Broken, auditKeyOf, type VerifyResult, verifyAudit } from './audit.js';
import * as repo from './audit.repository.js';

/**
 * Anchors: the head of every chain (seq and hash), the number of rows and the time, appended as a line to a file
 * in the data directory — outside the database, so that someone who can rewrite the database (cut the tail, roll a
 * head back, empty a table) is caught by the next `abri verify-audit`. Each line carries an HMAC under the audit
 * key, so a line cannot be forged without Abri's key store. The file is only ever appended to; the operator can
 * make it append-only for the filesystem too (`chattr +a`) and copy it off the host (see SECURITY.md).
 */
export const ANCHOR_FILE = 'audit-anchors.log';
export const ANCHOR_EVERY_MS = 10 * 60_000;

export interface Anchor {
  v: 1;
  kind: 'genesis' | 'periodic' | 'recreated';
  at: string;
  rows: number;
  chains: Record<string, [number, string]>;
  /** Genesis only: per chain, the last row hashed with plain SHA-256 before the keyed chain began. */
  legacy?: Record<string, number>;
  mac: string;
}

export function anchorPath(ctx: Pick<AppContext, 'config'>): string {
  return join(ctx.config.dataDir, ANCHOR_FILE);
}

function macOf(key: Buffer, anchor: Omit<Anchor, 'mac'>): string {
  return createHmac('sha256', key).update(`abri-anchor\n${JSON.stringify(anchor)}`).digest('hex');
}

function append(file: string, line: string): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function snapshot(ctx: AppContext, kind: Anchor['kind'], legacy?: Record<string, number>): Promise<Anchor> {
  const chains: Anchor['chains'] = {};
  for (const h of await repo.chainHeads(ctx.db)) chains[h.chain] = [Number(h.seq), h.hash];
  const body: Omit<Anchor, 'mac'> = { v: 1, kind, at: nowIso(), rows: await repo.countAuditRows(ctx.db), chains, ...(legacy ? { legacy } : {}) };
  return { ...body, mac: macOf(auditKeyOf(ctx.db), body) };
}

/** Appends an anchor for the chains as they are now. */
export async function writeAnchor(ctx: AppContext): Promise<Anchor> {
  await ensureAnchorFile(ctx);
  const anchor = await snapshot(ctx, 'periodic');
  append(anchorPath(ctx), JSON.stringify(anchor));
  return anchor;
}

/**
 * Starts the anchor file on first run, recording which rows predate the keyed chain. A missing file while keyed
 * rows exist means it was deleted: a `recreated` line says so, and verify-audit reports it.
 */
export async function ensureAnchorFile(ctx: AppContext): Promise<void> {
  const file = anchorPath(ctx);
  if (existsSync(file)) return;
  if ((await repo.countKeyedRows(ctx.db)) === 0) {
    append(file, JSON.stringify(await snapshot(ctx, 'genesis', await repo.legacySeqs(ctx.db))));
    return;
  }
  ctx.log.error('the audit anchor file is missing although keyed audit rows exist: it was deleted; a new one is started');
  append(file, JSON.stringify(await snapshot(ctx, 'recreated')));
}

export function readAnchors(file: string, key: Buffer): { anchors: Anchor[]; problems: string[] } {
  if (!existsSync(file)) return { anchors: [], problems: ['anchor file missing'] };
  const anchors: Anchor[] = [];
  const problems: string[] = [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return { anchors: [], problems: ['anchor file emptied (every anchor line deleted)'] };
  lines.forEach((line, i) => {
    try {
      const { mac, ...body } = JSON.parse(line) as Anchor;
      if (typeof mac !== 'string' || !constantTimeEqual(mac, macOf(key, body))) problems.push(`anchor line ${i + 1} altered or forged (its HMAC does not match)`);
      else anchors.push({ ...body, mac });
    } catch {
      problems.push(`anchor line ${i + 1} unreadable`);
    }
  });
  if (anchors[0]?.kind === 'recreated') problems.push(`anchor file was deleted and started again at ${anchors[0].at}`);
  return { anchors, problems };
}

/** The chain checks, then every chain against its latest anchor, and the anchor file itself. */
export async function verifyAuditWithAnchors(ctx: AppContext): Promise<VerifyResult> {
  const { anchors, problems } = readAnchors(anchorPath(ctx), auditKeyOf(ctx.db));
  const latest = new Map<string, [number, string]>();
  for (const a of anchors) for (const [chain, head] of Object.entries(a.chains)) latest.set(chain, head);
  const wanted = new Map([...latest].map(([chain, [seq]]) => [chain, new Set([seq])]));
  const genesis = anchors.find((a) => a.kind === 'genesis');
  const result = await verifyAudit(ctx.db, { legacy: anchors.length > 0 ? (genesis?.legacy ?? {}) : undefined, wanted });
  const add = (b: Broken) => {
    result.ok = false;
    result.broken.push(b);
  };
  for (const p of problems) add({ table: 'anchors', chain: '*', seq: 0, id: null, problem: p });
  for (const [chain, [seq, hash]] of latest) {
    const table = chain.startsWith('access:') ? 'access_log' : 'audit_events';
    if (seq === 0 || result.broken.some((b) => b.chain === chain)) continue;
    const head = result.heads.get(chain);
    if (!head) add({ table, chain, seq, id: null, problem: `chain emptied: rows and head deleted (anchored at seq ${seq})` });
    else if (head.seq < seq) add({ table, chain, seq: head.seq, id: null, problem: `head rolled back behind the anchor (anchored seq ${seq}, now ${head.seq})` });
    else if (head.hashAt.get(seq) !== hash) add({ table, chain, seq, id: null, problem: 'chain rewritten before the anchor (the anchored row hash differs)' });
  }
  const last = anchors.at(-1);
  const rows = await repo.countAuditRows(ctx.db);
  if (last && rows < last.rows) add({ table: '*', chain: '*', seq: 0, id: null, problem: `fewer audit rows than anchored (${rows} < ${last.rows})` });
  return result;
}

export const AUDIT_ANCHOR_JOB: Job = {
  name: 'audit.anchor',
  everyMs: ANCHOR_EVERY_MS,
  run: async (ctx) => {
    const a = await writeAnchor(ctx);
    return `anchored ${Object.keys(a.chains).length} chains, ${a.rows} rows`;
  },
};

/** The lines `abri verify-audit` prints for a result. */
export function describeVerify(r: VerifyResult): string[] {
  const out = [`checked ${r.checked} rows in ${r.chains} chains`];
  if (r.ok) return [...out, 'audit chains intact'];
  for (const b of r.broken) out.push(`BROKEN ${b.table} chain=${b.chain} seq=${b.seq}${b.id ? ` id=${b.id}` : ''}: ${b.problem}`);
  return out;
}
