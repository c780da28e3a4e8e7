import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { randomToken, sha256 } from '../platform/crypto/keys.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { officeSummaries } from '../offices/offices.repository.js';
import * as repo from './odk.repository.js';
import type { OdkAppUser } from './odk.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'odk.device_enrolled': { deviceId: string; encrypted: boolean };
    'odk.device_revoked': { deviceId: string };
  }
}

/** last_used_at is written at most once a minute per device. */
const TOUCH_EVERY_MS = 60_000;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Enrols a device as an app user of one office (ODK Central's model): a random token, shown once inside the server
 * URL the phone is configured with, stored only as its hash. No staff password ever reaches a phone. Administrators
 * of the office (or global ones) may enrol.
 */
export async function enrolDevice(
  ctx: AppContext,
  actor: AuthUser,
  input: { officeId: string; displayName: string; encrypted: boolean },
): Promise<{ id: string; token: string }> {
  if (!hasPermission(actor, 'admin.manage', input.officeId)) throw new ForbiddenError();
  const token = randomToken();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertAppUser(tx, {
      id,
      office_id: input.officeId,
      display_name: input.displayName,
      token_hash: sha256(token),
      encrypted: input.encrypted ? 1 : 0,
      created_by: actor.id,
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    });
    await recordEvent(tx, {
      type: 'odk.device_enrolled',
      officeId: input.officeId,
      actorId: actor.id,
      subjectType: 'odk_device',
      subjectId: id,
      data: { deviceId: id, encrypted: input.encrypted },
    });
  });
  return { id, token };
}

/** Revokes at once: the next request with the token is refused (the token is looked up on every request). */
export async function revokeDevice(ctx: AppContext, actor: AuthUser, id: string): Promise<void> {
  const device = await repo.findAppUser(ctx.db, id);
  if (!device) throw new NotFoundError();
  if (!hasPermission(actor, 'admin.manage', device.office_id)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    if (await repo.revokeAppUser(tx, { id, by: actor.id, at: nowIso() }))
      await recordEvent(tx, {
        type: 'odk.device_revoked',
        officeId: device.office_id,
        actorId: actor.id,
        subjectType: 'odk_device',
        subjectId: id,
        data: { deviceId: id },
      });
  });
}

export async function devicesModel(ctx: AppContext, actor: AuthUser) {
  const scope = officesWith(actor, 'admin.manage');
  const devices = await repo.listAppUsers(ctx.db, scope);
  const offices = (await officeSummaries(ctx.db, scope === 'all' ? { orderBy: 'name' } : { ids: scope, orderBy: 'name' })).map((o) => ({
    id: o.id,
    name: o.name,
  }));
  return { devices, offices };
}

/** The device a token in the URL names, or undefined (unknown, malformed or revoked). */
export async function deviceForToken(ctx: AppContext, token: string): Promise<OdkAppUser | undefined> {
  if (!TOKEN_FORMAT.test(token)) return undefined;
  const device = await repo.findActiveAppUserByHash(ctx.db, sha256(token));
  if (!device) return undefined;
  if (!device.last_used_at || Date.now() - Date.parse(device.last_used_at) > TOUCH_EVERY_MS) await repo.touchAppUser(ctx.db, device.id, nowIso());
  return device;
}
