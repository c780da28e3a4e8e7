import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/database.js';
import { ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import * as repo from './corrections.repository.js';
import { correctionPreviousKeyLabel, correctionReasonKeyLabel } from './person.js';

/**
 * Corrections and withdrawals of a service delivered or a case note (issue 21, point 6). The row keeps its current
 * values; each change keeps the values before it and its reason here, sealed under the office's key like the
 * originals. The audit event names the correction and the fields by id and name only.
 */
export type CorrectionSubject = 'service' | 'note';

/** A reason is required: trimmed, 1 to 1000 characters; otherwise a field error on `reason`. */
export function requiredReason(reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (!r || r.length > 1000) throw new ValidationError({ reason: 'corrections.errors.reason' });
  return r;
}

export async function keepCorrection(
  ctx: AppContext,
  tx: Tx,
  input: {
    record: { id: string; office_id: string };
    subject: CorrectionSubject;
    subjectId: string;
    kind: 'corrected' | 'withdrawn';
    fields: string[];
    previous: Record<string, unknown> | null;
    reason: string;
    actorId: string;
  },
): Promise<string> {
  const id = newId();
  const office = input.record.office_id;
  await repo.insertCorrection(tx, {
    id,
    office_id: office,
    case_id: input.record.id,
    subject: input.subject,
    subject_id: input.subjectId,
    kind: input.kind,
    fields: input.fields.join(','),
    previous_enc: input.previous ? await ctx.keys.encrypt(office, input.previous, { aad: correctionPreviousKeyLabel(id), db: tx }) : null,
    reason_enc: await ctx.keys.encrypt(office, input.reason, { aad: correctionReasonKeyLabel(id), db: tx }),
    created_by: input.actorId,
    created_at: nowIso(),
  });
  return id;
}

export interface CorrectionView {
  id: string;
  subjectId: string;
  kind: string;
  fields: string[];
  reason: string;
  createdAt: string;
}

/** The corrections of the given rows, decrypted, newest first (the caller has checked the reader may see the rows). */
export async function correctionsOf(ctx: AppContext, subjectIds: string[]): Promise<CorrectionView[]> {
  const rows = await repo.correctionsOf(ctx.db, subjectIds);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      subjectId: r.subject_id,
      kind: r.kind,
      fields: r.fields ? r.fields.split(',') : [],
      reason: await ctx.keys.decrypt<string>(r.reason_enc, correctionReasonKeyLabel(r.id)),
      createdAt: r.created_at,
    })),
  );
}

/** The reasons of the named corrections of a case, by correction id (for the history). */
export async function correctionReasons(ctx: AppContext, caseId: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await repo.correctionsById(ctx.db, caseId, ids);
  const out = new Map<string, string>();
  for (const r of rows) out.set(r.id, await ctx.keys.decrypt<string>(r.reason_enc, correctionReasonKeyLabel(r.id)));
  return out;
}

/** The latest reason of each kind for each row: what the list shows beside a corrected or withdrawn row. */
export function latestReasons(list: CorrectionView[]): Map<string, { corrected?: string; withdrawn?: string }> {
  const out = new Map<string, { corrected?: string; withdrawn?: string }>();
  for (const c of list) {
    const e = out.get(c.subjectId) ?? {};
    if (c.kind === 'corrected' && e.corrected === undefined) e.corrected = c.reason;
    if (c.kind === 'withdrawn' && e.withdrawn === undefined) e.withdrawn = c.reason;
    out.set(c.subjectId, e);
  }
  return out;
}
