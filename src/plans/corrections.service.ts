import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { keepCorrection, requiredReason } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import { canPlan } from './plans.policy.js';
import * as repo from './plans.repository.js';
import type { ServiceCorrectionBody, WithdrawBody } from './plans.schema.js';
import { todayIso } from './plans.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'plan.service_corrected': { serviceId: string; correctionId: string; fields: string[]; organisationId: string | null };
    'plan.service_withdrawn': { serviceId: string; correctionId: string; organisationId: string | null };
  }
}

/*
 * Correcting or withdrawing a service delivered (issue 21, point 6). The row keeps the current values; the values
 * before and the reason are kept sealed in the cases feature's record_corrections; the audit names fields only.
 * Who may: the case's editors; for a service a partner recorded through a referral, also that partner (the
 * referrals feature checks its gate and passes the referral and the organisation).
 */

type CaseRef = Pick<CaseRow, 'id' | 'office_id'>;
/** Who corrects: a case editor (staff), or the partner through the referral the service was recorded on. */
export type Corrector =
  | { kind: 'staff'; user: AuthUser; record: CaseRef & Pick<CaseRow, 'owner_id'> }
  | { kind: 'partner'; userId: string; record: CaseRef; referralId: string; organisationId: string };

async function loadFor(ctx: AppContext, who: Corrector, serviceId: string) {
  if (who.kind === 'staff' && !canPlan(who.user, 'edit', who.record)) throw new ForbiddenError();
  const row = await repo.findService(ctx.db, who.record.id, serviceId);
  if (!row) throw new NotFoundError();
  // A partner reaches only the services it recorded on this referral.
  if (who.kind === 'partner' && (row.referral_id !== who.referralId || row.organisation_id !== who.organisationId)) throw new NotFoundError();
  if (row.withdrawn_at) throw new RuleError('WITHDRAWN', 'corrections.errors.withdrawn');
  return row;
}

const actorOf = (who: Corrector) => (who.kind === 'staff' ? who.user.id : who.userId);
const serviceNotesLabel = (id: string) => `plan_services.notes:${id}`;

export async function correctService(
  ctx: AppContext,
  { who, serviceId, input }: { who: Corrector; serviceId: string; input: Static<typeof ServiceCorrectionBody> },
): Promise<void> {
  const reason = requiredReason(input.reason);
  const row = await loadFor(ctx, who, serviceId);
  // A service is recorded once delivered: a date after today (anywhere on Earth) is refused, as when recorded.
  if (input.deliveredOn > todayIso(new Date(Date.now() + 14 * 3600 * 1000))) throw new ValidationError({ deliveredOn: 'caseStory.errors.futureDate' });
  const before = row.notes_enc ? await ctx.keys.decrypt<string>(row.notes_enc, serviceNotesLabel(row.id)) : null;
  const notes = input.notes?.trim() || null;
  const fields: string[] = [];
  if (input.service !== row.service) fields.push('service');
  if (input.deliveredOn !== row.delivered_on) fields.push('deliveredOn');
  if (notes !== before) fields.push('notes');
  if (fields.length === 0) throw new ValidationError({ reason: 'corrections.errors.noChange' });
  await inTransaction(ctx.db, async (tx) => {
    const ok = await repo.updateService(tx, {
      id: row.id,
      version: input.version,
      set: {
        service: input.service,
        delivered_on: input.deliveredOn,
        notes_enc: notes ? await ctx.keys.encrypt(row.office_id, notes, { aad: serviceNotesLabel(row.id), db: tx }) : null,
        corrected_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    const correctionId = await keepCorrection(ctx, tx, {
      record: who.record,
      subject: 'service',
      subjectId: row.id,
      kind: 'corrected',
      fields,
      previous: { service: row.service, deliveredOn: row.delivered_on, notes: before },
      reason,
      actorId: actorOf(who),
    });
    await recordEvent(tx, {
      type: 'plan.service_corrected',
      officeId: row.office_id,
      actorId: actorOf(who),
      subjectType: 'case',
      subjectId: row.case_id,
      data: { serviceId: row.id, correctionId, fields, organisationId: row.organisation_id },
    });
  });
}

export async function withdrawService(
  ctx: AppContext,
  { who, serviceId, input }: { who: Corrector; serviceId: string; input: Static<typeof WithdrawBody> },
): Promise<void> {
  const reason = requiredReason(input.reason);
  const row = await loadFor(ctx, who, serviceId);
  await inTransaction(ctx.db, async (tx) => {
    const ok = await repo.updateService(tx, { id: row.id, version: input.version, set: { withdrawn_at: nowIso(), withdrawn_by: actorOf(who) } });
    if (!ok) throw new StaleVersionError();
    const correctionId = await keepCorrection(ctx, tx, {
      record: who.record,
      subject: 'service',
      subjectId: row.id,
      kind: 'withdrawn',
      fields: [],
      previous: null,
      reason,
      actorId: actorOf(who),
    });
    await recordEvent(tx, {
      type: 'plan.service_withdrawn',
      officeId: row.office_id,
      actorId: actorOf(who),
      subjectType: 'case',
      subjectId: row.case_id,
      data: { serviceId: row.id, correctionId, organisationId: row.organisation_id },
    });
  });
}
