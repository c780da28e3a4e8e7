import { detectFileType } from '../platform/files/file-type.js';
import { cleanFile, cleaningErrorKey, MetadataError } from '../platform/files/clean.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { touchCase } from './cases.repository.js';
import { can } from './cases.policy.js';
import type { CaseRow } from './cases.table.js';
import * as repo from './notes.repository.js';
import { attachmentContentKeyLabel, attachmentNameKeyLabel, noteKeyLabel } from './person.js';
import { recordCaseEvent } from './case-events.js';
import { correctionsOf, keepCorrection, latestReasons, requiredReason } from './corrections.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.note_added': { noteId: string };
    'case.note_corrected': { noteId: string; correctionId: string; fields: string[] };
    'case.note_withdrawn': { noteId: string; correctionId: string };
    'case.attachment_added': { attachmentId: string; contentType: string; size: number };
    'case.attachment_downloaded': { attachmentId: string };
  }
}

function assertOpen(record: CaseRow): void {
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
}

/** HTCDS cco_CaseComment: an encrypted note on the case. */
export async function addNote(ctx: AppContext, { actor, record, body }: { actor: AuthUser; record: CaseRow; body: string }): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  assertOpen(record);
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertNote(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      body_enc: await ctx.keys.encrypt(record.office_id, body, { aad: noteKeyLabel(id), db: tx }),
      author_id: actor.id,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.note_added', data: { noteId: id } });
  });
  return id;
}

/** The case's notes, newest first; a withdrawn note only with `withWithdrawn` (struck through, with its reason). */
export async function notesOf(ctx: AppContext, caseId: string, opts: { withWithdrawn?: boolean } = {}) {
  const rows = (await repo.noteRows(ctx.db, caseId)).filter((r) => opts.withWithdrawn || !r.withdrawn_at);
  const reasons = latestReasons(
    await correctionsOf(
      ctx,
      rows.filter((r) => r.corrected_at || r.withdrawn_at).map((r) => r.id),
    ),
  );
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      author: r.display_name,
      createdAt: r.created_at,
      body: await ctx.keys.decrypt<string>(r.body_enc, noteKeyLabel(r.id)),
      version: r.version,
      withdrawnAt: r.withdrawn_at,
      withdrawalReason: reasons.get(r.id)?.withdrawn ?? null,
      correctionReason: reasons.get(r.id)?.corrected ?? null,
    })),
  );
}

async function noteToChange(ctx: AppContext, actor: AuthUser, record: CaseRow, noteId: string) {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  assertOpen(record);
  const row = await repo.findNote(ctx.db, record.id, noteId);
  if (!row) throw new NotFoundError();
  if (row.withdrawn_at) throw new RuleError('WITHDRAWN', 'corrections.errors.withdrawn');
  return row;
}

/** Corrects a note's text with a reason (issue 21): the text before is kept sealed with the correction. */
export async function correctNote(
  ctx: AppContext,
  { actor, record, noteId, input }: { actor: AuthUser; record: CaseRow; noteId: string; input: { body: string; reason: string; version: number } },
) {
  const reason = requiredReason(input.reason);
  const row = await noteToChange(ctx, actor, record, noteId);
  const before = await ctx.keys.decrypt<string>(row.body_enc, noteKeyLabel(row.id));
  const body = input.body.trim();
  if (!body) throw new ValidationError({ body: 'errors.required' });
  if (body === before) throw new ValidationError({ body: 'corrections.errors.noChange' });
  await inTransaction(ctx.db, async (tx) => {
    const ok = await repo.updateNote(tx, {
      id: row.id,
      version: input.version,
      set: {
        body_enc: await ctx.keys.encrypt(record.office_id, body, { aad: noteKeyLabel(row.id), db: tx }),
        corrected_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    const correctionId = await keepCorrection(ctx, tx, {
      record,
      subject: 'note',
      subjectId: row.id,
      kind: 'corrected',
      fields: ['body'],
      previous: { body: before },
      reason,
      actorId: actor.id,
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.note_corrected', data: { noteId: row.id, correctionId, fields: ['body'] } });
  });
}

/** Withdraws a note with a reason: it stays, struck through, and leaves the lists. */
export async function withdrawNote(
  ctx: AppContext,
  { actor, record, noteId, input }: { actor: AuthUser; record: CaseRow; noteId: string; input: { reason: string; version: number } },
) {
  const reason = requiredReason(input.reason);
  const row = await noteToChange(ctx, actor, record, noteId);
  await inTransaction(ctx.db, async (tx) => {
    const ok = await repo.updateNote(tx, { id: row.id, version: input.version, set: { withdrawn_at: nowIso(), withdrawn_by: actor.id } });
    if (!ok) throw new StaleVersionError();
    const correctionId = await keepCorrection(ctx, tx, {
      record,
      subject: 'note',
      subjectId: row.id,
      kind: 'withdrawn',
      fields: [],
      previous: null,
      reason,
      actorId: actor.id,
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.note_withdrawn', data: { noteId: row.id, correctionId } });
  });
}

/** Kinds of file a case may hold: documents and photos. Anything else (executables, archives, HTML) is refused. */
const ALLOWED = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
]);

/** An encrypted attachment: the bytes and the title are encrypted with the office's key; the type is detected, not trusted. */
async function cleanedDocument(mime: string, bytes: Buffer): Promise<Buffer> {
  try {
    return await cleanFile(mime, bytes);
  } catch (e) {
    if (e instanceof MetadataError) throw new ValidationError({ file: cleaningErrorKey(e) });
    throw e;
  }
}

export async function addAttachment(
  ctx: AppContext,
  { actor, record, title, bytes }: { actor: AuthUser; record: CaseRow; title: string; bytes: Buffer },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  assertOpen(record);
  if (bytes.length === 0) throw new ValidationError({ file: 'cases.files.empty' });
  const detected = await detectFileType(bytes);
  if (!detected || !ALLOWED.has(detected.mime)) throw new ValidationError({ file: 'cases.files.typeRefused' });
  // PDFs lose their hidden data (author, software, XMP with GPS, earlier revisions) before they are kept.
  const kept = detected.mime === 'application/pdf' ? await cleanedDocument(detected.mime, bytes) : bytes;
  const id = newId();
  // Outside the transaction: the key ring reads the office key on its own connection (SQLite has one).
  const blob = await ctx.keys.encryptBytes(record.office_id, kept, attachmentContentKeyLabel(id));
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertAttachment(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      name_enc: await ctx.keys.encrypt(record.office_id, { title, ext: detected.ext }, { aad: attachmentNameKeyLabel(id), db: tx }),
      content_type: detected.mime,
      size: kept.length,
      content_enc: blob.toString('base64'),
      uploaded_by: actor.id,
      created_at: nowIso(),
    });
    await touchCase(tx, record.id);
    await recordCaseEvent(tx, {
      actorId: actor.id,
      record,
      type: 'case.attachment_added',
      data: { attachmentId: id, contentType: detected.mime, size: kept.length },
    });
  });
  return id;
}

export async function attachmentsOf(ctx: AppContext, caseId: string) {
  const rows = await repo.attachmentRows(ctx.db, caseId);
  return Promise.all(rows.map(async (r) => ({ ...r, name: await ctx.keys.decrypt<{ title: string; ext: string }>(r.name_enc, attachmentNameKeyLabel(r.id)) })));
}

export async function readAttachment(ctx: AppContext, { actor, record, attachmentId }: { actor: AuthUser; record: CaseRow; attachmentId: string }) {
  const row = await repo.findAttachment(ctx.db, record.id, attachmentId);
  if (!row) throw new NotFoundError();
  const bytes = await ctx.keys.decryptBytes(Buffer.from(row.content_enc, 'base64'), attachmentContentKeyLabel(row.id));
  const name = await ctx.keys.decrypt<{ title: string; ext: string }>(row.name_enc, attachmentNameKeyLabel(row.id));
  await recordCaseEvent(ctx.db, { actorId: actor.id, record, type: 'case.attachment_downloaded', data: { attachmentId } });
  return {
    bytes,
    contentType: row.content_type,
    fileName: `${record.case_number}-${name.title.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'file'}.${name.ext}`,
  };
}
