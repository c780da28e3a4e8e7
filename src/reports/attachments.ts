import { detectFileType } from '../platform/files/file-type.js';
import type { AppContext } from '../platform/context.js';
import { cleanFile, cleaningErrorKey, isCleanable, MetadataError } from '../platform/files/clean.js';
import type { Executor } from '../platform/db/database.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';

/**
 * What a reporter may attach, recognised from the content (never the name or the declared type): the kinds whose
 * hidden data Abri can remove. Recordings in containers that carry tags Abri does not rewrite (Ogg, M4A, WebM) are
 * refused with a message naming the kinds accepted.
 */
const REFUSED_RECORDINGS = new Set(['audio/ogg', 'audio/opus', 'audio/mp4', 'audio/x-m4a', 'audio/webm', 'video/webm', 'video/mp4']);
export const MAX_FILES = 3;

export interface PreparedFile {
  id: string;
  mime: string;
  bytes: Buffer;
  stripped: boolean;
}

/** Multipart file values arrive as Buffers (one or an array); empty parts (no file chosen) are ignored. */
export function filesFrom(value: unknown): Buffer[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is Buffer => Buffer.isBuffer(v) && v.length > 0);
}

/**
 * Checks each file by its content and removes its hidden data (src/platform/files/clean.ts): photos re-encoded,
 * PDFs rebuilt from their pages, audio tags dropped. A file of another type, or one that cannot be read, is refused
 * with a message tied to the field; nothing is kept of it.
 */
export async function prepareFiles(ctx: AppContext, field: string, value: unknown): Promise<PreparedFile[]> {
  if (value !== undefined && !Array.isArray(value) && !Buffer.isBuffer(value) && value !== '') throw new ValidationError({ [field]: 'reports.errors.fileType' });
  const buffers = filesFrom(value);
  if (buffers.length > MAX_FILES) throw new ValidationError({ [field]: 'reports.errors.tooManyFiles' });
  const out: PreparedFile[] = [];
  for (const buf of buffers) {
    if (buf.length > ctx.config.maxUploadMb * 1024 * 1024) throw new ValidationError({ [field]: 'reports.errors.fileTooLarge' });
    const mime = (await detectFileType(buf))?.mime;
    if (mime && REFUSED_RECORDINGS.has(mime)) throw new ValidationError({ [field]: 'attachments.errors.recordingType' });
    if (!mime || !isCleanable(mime) || mime === 'image/gif') throw new ValidationError({ [field]: 'reports.errors.fileType' });
    try {
      out.push({ id: newId(), mime, bytes: await cleanFile(mime, buf), stripped: true });
    } catch (e) {
      if (e instanceof MetadataError) throw new ValidationError({ [field]: cleaningErrorKey(e) });
      throw e;
    }
  }
  return out;
}

/** The file's path in the file store (the local directory or the database: platform/files/file-store.ts). */
function storePath(officeId: string, fileId: string): string {
  return fileId ? `reports/${officeId}/${fileId}.enc` : `reports/${officeId}`;
}

export function fileAad(fileId: string): string {
  return `report_files:${fileId}`;
}

/**
 * Encrypts with the office key and stores it before the database row is committed: fsynced on disk, or in the
 * caller's transaction (`db`) with FILE_STORE=database.
 */
export async function storeFile(ctx: AppContext, { officeId, file, db }: { officeId: string; file: PreparedFile; db?: Executor }): Promise<void> {
  const blob = await ctx.keys.encryptBytes(officeId, file.bytes, fileAad(file.id));
  await ctx.files.put(storePath(officeId, file.id), blob, db);
}

export async function readFile(ctx: AppContext, officeId: string, fileId: string): Promise<Buffer> {
  const blob = await ctx.files.get(storePath(officeId, fileId));
  if (!blob) throw new NotFoundError();
  return ctx.keys.decryptBytes(blob, fileAad(fileId));
}

export function removeFile(ctx: AppContext, officeId: string, fileId: string): Promise<void> {
  return ctx.files.remove(storePath(officeId, fileId));
}
