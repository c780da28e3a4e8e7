import type { AppContext } from '../platform/context.js';
import { ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { type PreparedFile, prepareFiles } from '../reports/reply.service.js';
import * as repo from './odk.repository.js';
import type { OdkAppUser } from './odk.table.js';

/*
 * Media and split submissions (OpenRosa Form Submission API): Collect sends photos and recordings as extra
 * multipart parts, and splits a submission larger than the server's X-OpenRosa-Accept-Content-Length over several
 * POSTs with the same instance, `*isIncomplete*=yes` on all but the last (each repeats the XML part). The files of
 * the earlier parts wait sealed in odk_parts; the last part brings them together. Media go through the web form's
 * attachment code (reports' prepareFiles: type recognised from the content, hidden data such as a photo's GPS
 * removed, size and count capped), whatever form they came with.
 */

/** Files waiting for the rest of their submission are dropped after a week. */
const PART_TTL_MS = 7 * 24 * 3_600_000;
/** All the files of one split submission together: at most this many bytes. */
export const maxSplitBytes = (ctx: AppContext) => 4 * ctx.config.maxUploadMb * 1024 * 1024;

const partLabel = (id: string) => `odk_parts.content:${id}`;

/** Keeps the files of a part that is not the last; false when the submission grows past its cap. */
export async function keepParts(
  ctx: AppContext,
  { device, instanceId, files }: { device: OdkAppUser; instanceId: string; files: Map<string, Buffer> },
): Promise<boolean> {
  const earlier = await repo.partsOf(ctx.db, device.id, instanceId);
  const total = earlier.filter((p) => !files.has(p.name)).reduce((n, p) => n + p.size, 0) + [...files.values()].reduce((n, b) => n + b.length, 0);
  if (total > maxSplitBytes(ctx)) return false;
  const stale = new Date(Date.now() - PART_TTL_MS).toISOString();
  for (const [name, bytes] of files) {
    const id = newId();
    const blob = await ctx.keys.encryptBytes(device.office_id, bytes, partLabel(id));
    await repo.keepPart(
      ctx.db,
      {
        id,
        office_id: device.office_id,
        app_user_id: device.id,
        instance_id: instanceId,
        name: name.slice(0, 200),
        size: bytes.length,
        content_enc: blob.toString('base64'),
        received_at: nowIso(),
      },
      stale,
    );
  }
  return true;
}

/** The files of the earlier parts with this last one's (a file sent again in the last part wins). */
export async function withEarlierParts(
  ctx: AppContext,
  { device, instanceId, files }: { device: OdkAppUser; instanceId: string; files: Map<string, Buffer> },
): Promise<Map<string, Buffer> | undefined> {
  const earlier = await repo.partsOf(ctx.db, device.id, instanceId);
  if (earlier.length === 0) return files;
  const all = new Map<string, Buffer>();
  for (const p of earlier) all.set(p.name, await ctx.keys.decryptBytes(Buffer.from(p.content_enc, 'base64'), partLabel(p.id)));
  for (const [name, bytes] of files) all.set(name, bytes);
  if ([...all.values()].reduce((n, b) => n + b.length, 0) > maxSplitBytes(ctx)) return undefined;
  return all;
}

/** Once the submission was taken (created, already received or kept as a conflict), its waiting parts go. */
export function dropParts(ctx: AppContext, device: OdkAppUser, instanceId: string): Promise<void> {
  return repo.dropParts(ctx.db, device.id, instanceId);
}

/** The submission's media, checked and cleaned as a web report's files are; undefined when one is refused. */
export async function prepareMedia(ctx: AppContext, media: Buffer[]): Promise<PreparedFile[] | undefined> {
  if (media.length === 0) return [];
  try {
    return await prepareFiles(ctx, 'files', media);
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}
