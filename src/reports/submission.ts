import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import * as repo from './reports.repository.js';

/** A form's one-time submission token: random, carried in a hidden field, never stored in plain form. */
export function newSubmissionToken(): string {
  return randomBytes(18).toString('base64url');
}

export function isSubmissionToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{24}$/.test(value);
}

function idOf(token: string): string {
  return createHash('sha256').update(`report-submission:${token}`).digest('hex');
}

async function keyOf(ctx: AppContext, token: string): Promise<Buffer> {
  return createHmac('sha256', await ctx.keys.derivedSecret('report-submission'))
    .update(token)
    .digest();
}

export async function sealCode(ctx: AppContext, token: string, code: string): Promise<{ id: string; sealed: string }> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await keyOf(ctx, token), iv);
  const ct = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return { id: idOf(token), sealed: `${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}` };
}

const KEEP_MS = 24 * 3_600_000;

/**
 * What became of a form sent with this token (within a day): nothing yet, a report whose code was not shown yet
 * (the code, sealed under a key only the token opens), or a report whose code was already shown once.
 */
export type SubmissionState = { kind: 'none' } | { kind: 'waiting'; code: string; id: string; sealed: string } | { kind: 'shown' };

export async function submissionState(ctx: AppContext, token: string): Promise<SubmissionState> {
  const id = idOf(token);
  const row = await repo.findSubmission(ctx.db, id, new Date(Date.now() - KEEP_MS).toISOString());
  if (!row) return { kind: 'none' };
  const [iv, tag, ct] = row.code_sealed.split('.');
  if (!iv || !tag || !ct) return { kind: 'shown' };
  try {
    const decipher = createDecipheriv('aes-256-gcm', await keyOf(ctx, token), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const code = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    return { kind: 'waiting', code, id, sealed: row.code_sealed };
  } catch {
    return { kind: 'shown' };
  }
}

/**
 * The receipt code of this submission, the first time only: the sealed copy is emptied as it is read, so reloading
 * the receipt page, going Back to it or sending the same form again never shows the code a second time.
 */
export async function takeReceiptCode(ctx: AppContext, token: string): Promise<{ kind: 'code'; code: string } | { kind: 'shown' } | { kind: 'none' }> {
  const state = await submissionState(ctx, token);
  if (state.kind !== 'waiting') return state;
  // Emptied durably before the code is shown (a power cut must not let it be shown twice), through group commit.
  const taken = await ctx.database.durableTransaction((tx) => repo.takeSubmissionCode(tx, state.id, state.sealed));
  return taken ? { kind: 'code', code: state.code } : { kind: 'shown' };
}

/** When this process last deleted the expired submissions: once a minute is enough (they are never read once expired). */
let prunedAt = 0;
const PRUNE_EVERY_MS = 60_000;

export async function recordSubmission(db: Executor, reportId: string, sealed: { id: string; sealed: string }): Promise<void> {
  const now = Date.now();
  if (now - prunedAt >= PRUNE_EVERY_MS) {
    await repo.deleteSubmissionsBefore(db, new Date(now - KEEP_MS).toISOString());
    prunedAt = now;
  }
  await repo.insertSubmission(db, { id: sealed.id, report_id: reportId, code_sealed: sealed.sealed, created_at: nowIso() });
}
