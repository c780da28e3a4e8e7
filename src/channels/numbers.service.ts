import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { officeSummaries } from '../offices/offices.repository.js';
import * as repo from './channels.repository.js';
import { e164 } from './gateway.js';
import type { ChannelNumbersModel } from './numbers.views.js';

/*
 * The channel settings (administrators): which office each of the organisation's gateway numbers belongs to. An SMS
 * or WhatsApp report sent to a listed number goes to its office (channels.service.ts officeForInbound). These are
 * the organisation's own numbers; the audit names the office only.
 */

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'channels.number_added': { numberId: string };
    'channels.number_removed': { numberId: string };
  }
}

/** A shortcode as it is, a long number in E.164 (+ and digits); undefined for anything else. */
export function normaliseGatewayNumber(raw: string): string | undefined {
  const v = raw.trim().replace(/[\s().-]/g, '');
  if (/^\d{3,8}$/.test(v)) return v;
  return e164(v.startsWith('+') ? v : `+${v}`);
}

export async function channelNumbers(ctx: AppContext): Promise<Omit<ChannelNumbersModel, 'csrf'>> {
  const [numbers, offices] = await Promise.all([repo.listNumbers(ctx.db), officeSummaries(ctx.db, { activeOnly: true })]);
  return {
    numbers: numbers.map((n) => ({ id: n.id, number: n.number, office: `${n.office_code} — ${n.office_name}`, createdAt: n.created_at })),
    offices: offices.map((o) => ({ value: o.id, label: `${o.code} — ${o.name}` })),
  };
}

export async function addChannelNumber(ctx: AppContext, user: AuthUser, body: { number: string; officeId: string }): Promise<void> {
  const number = normaliseGatewayNumber(body.number);
  if (!number) throw new ValidationError({ number: 'channels.numbers.errors.number' });
  const offices = await officeSummaries(ctx.db, { ids: [body.officeId], activeOnly: true });
  if (offices.length !== 1) throw new ValidationError({ officeId: 'channels.numbers.errors.office' });
  await inTransaction(ctx.db, async (tx) => {
    if (await repo.numberExists(tx, number)) throw new ValidationError({ number: 'channels.numbers.errors.taken' });
    const id = newId();
    await repo.insertNumber(tx, { id, number, office_id: body.officeId, created_by: user.id, created_at: nowIso() });
    await recordEvent(tx, { type: 'channels.number_added', officeId: body.officeId, actorId: user.id, data: { numberId: id } });
  });
}

export async function removeChannelNumber(ctx: AppContext, user: AuthUser, id: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const removed = await repo.deleteNumber(tx, id);
    if (!removed) throw new NotFoundError();
    await recordEvent(tx, { type: 'channels.number_removed', officeId: removed.office_id, actorId: user.id, data: { numberId: id } });
  });
}
