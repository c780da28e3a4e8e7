import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Static } from '@sinclair/typebox';
import { detectFileType } from '../platform/files/file-type.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isId, newId, nowIso } from '../platform/ids.js';
import { officeExists } from '../offices/offices.repository.js';
import * as repo from './library.repository.js';
import { can, trainingScope } from './training.policy.js';
import { LIBRARY_MEDIA_TYPES, type LibraryBody } from './training.schema.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'library.document_added': { topic: string; language: string; mediaType: string };
    'library.document_removed': { topic: string };
  }
}

/** The largest document accepted, whatever the upload limit: training material is read on slow connections. */
export const LIBRARY_MAX_BYTES = 25 * 1024 * 1024;

export function libraryDir(ctx: AppContext): string {
  return join(ctx.config.dataDir, 'files', 'library');
}

const fileAad = (id: string) => `library_documents.file:${id}`;

function pathOf(ctx: AppContext, id: string): string {
  return join(libraryDir(ctx), `${id}.bin`);
}

/** The document's path in the file store (DATA_DIR/files or, with FILE_STORE=database, the database). */
function storePath(id: string): string {
  if (!isId(id)) throw new NotFoundError();
  return `library/${id}.bin`;
}

export function listDocuments(ctx: AppContext, filter: { topic?: string | undefined; language?: string | undefined }) {
  return repo.listDocuments(ctx.db, filter);
}

/** Checks the file by its content (never by its name or the browser's claim), encrypts it, then records it. */
export async function addDocument(ctx: AppContext, actor: AuthUser, upload: Static<typeof LibraryBody> & { file: unknown }): Promise<string> {
  const { file, ...input } = upload;
  if (!can(actor, 'manage-library')) throw new ForbiddenError();
  if (!Buffer.isBuffer(file) || file.length === 0) throw new ValidationError({ file: 'training.errors.file' });
  const limit = Math.min(LIBRARY_MAX_BYTES, ctx.config.maxUploadMb * 1024 * 1024);
  if (file.length > limit) throw new ValidationError({ file: 'training.errors.fileTooLarge' });
  const type = await detectFileType(file);
  if (!type || !(LIBRARY_MEDIA_TYPES as readonly string[]).includes(type.mime)) throw new ValidationError({ file: 'training.errors.fileType' });
  const scope = trainingScope(actor);
  let officeId = input.officeId;
  if (officeId && scope !== 'all' && !scope.includes(officeId)) throw new ValidationError({ officeId: 'errors.choice' });
  if (!officeId && scope !== 'all' && scope.length === 1) officeId = scope[0];
  if (!officeId || !(await officeExists(ctx.db, officeId))) throw new ValidationError({ officeId: 'errors.required' });
  const id = newId();
  const blob = await ctx.keys.encryptBytes(officeId, file, fileAad(id));
  // On disk the file is written aside and renamed once the row is committed; in the database it is a row of the
  // same transaction.
  const inDatabase = ctx.files.kind === 'database';
  const target = pathOf(ctx, id);
  const temp = `${target}.tmp`;
  if (!inDatabase) {
    await mkdir(libraryDir(ctx), { recursive: true, mode: 0o700 });
    await writeFile(temp, blob, { mode: 0o600 });
  }
  try {
    await inTransaction(ctx.db, async (tx) => {
      await repo.insertDocument(tx, {
          id,
          office_id: officeId,
          topic: input.topic,
          language: input.language,
          title: input.title,
          description: input.description ?? null,
          file_name: `${input.title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'document'}.${type.ext}`,
          media_type: type.mime,
          size_bytes: file.length,
          sha256: createHash('sha256').update(file).digest('hex'),
          uploaded_by: actor.id,
          created_at: nowIso(),
        });
      await recordEvent(tx, { type: 'library.document_added', officeId, actorId: actor.id, subjectType: 'library_document', subjectId: id, data: { topic: input.topic, language: input.language, mediaType: type.mime } });
      if (inDatabase) await ctx.files.put(storePath(id), blob, tx);
    });
    if (!inDatabase) await rename(temp, target);
  } catch (e) {
    if (!inDatabase) await rm(temp, { force: true });
    throw e;
  }
  return id;
}

export async function readDocument(ctx: AppContext, actor: AuthUser, id: string) {
  if (!can(actor, 'read-library')) throw new ForbiddenError();
  if (!isId(id)) throw new NotFoundError();
  const doc = await repo.findDocument(ctx.db, id);
  if (!doc) throw new NotFoundError();
  let blob: Buffer | undefined;
  try {
    blob = await ctx.files.get(storePath(id));
  } catch {
    blob = undefined;
  }
  if (!blob) throw new NotFoundError();
  return { doc, bytes: await ctx.keys.decryptBytes(blob, fileAad(id)) };
}

export async function removeDocument(ctx: AppContext, actor: AuthUser, id: string): Promise<void> {
  if (!isId(id)) throw new NotFoundError();
  const doc = await repo.findDocument(ctx.db, id);
  if (!doc) throw new NotFoundError();
  if (!can(actor, 'manage-library', doc)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    await repo.deleteDocument(tx, id);
    await recordEvent(tx, { type: 'library.document_removed', officeId: doc.office_id, actorId: actor.id, subjectType: 'library_document', subjectId: id, data: { topic: doc.topic } });
  });
  await ctx.files.remove(storePath(id));
}
