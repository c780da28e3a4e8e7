import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { assertConsent, hasConsent } from '../cases/index.js';
import { assertCan, type CaseRef, sealedLabel } from './justice.service.js';
import * as repo from './justice.repository.js';
import { linksOfCase } from './proceedings.repository.js';
import {
  type CompensationBody,
  type CompensationUpdateBody,
  type DisclosureBody,
  type NonPunishmentBody,
  type NonPunishmentDecisionBody,
  toMinor,
} from './justice.schema.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'justice.compensation_added': { compensationId: string; kind: string; currency: string };
    'justice.compensation_updated': { compensationId: string; outcome: string; awarded: boolean; received: boolean };
    'justice.non_punishment_added': { requestId: string; offence: string; requestKind: string };
    'justice.non_punishment_decided': { requestId: string; outcome: string };
    'justice.disclosed': { disclosureId: string; recipient: string; proceedingId: string | null; consentOverridden: boolean };
  }
}

/** Amounts are bigint columns: PostgreSQL returns them as text. */
const minor = (v: number | string | null): number | null => (v === null ? null : Number(v));

async function assertCaseProceeding(ctx: AppContext, record: CaseRef, proceedingId: string | undefined): Promise<void> {
  if (!proceedingId) return;
  const links = await linksOfCase(ctx.db, record.id);
  if (!links.some((l) => l.id === proceedingId)) throw new ValidationError({ proceedingId: 'errors.choice' });
}

export async function addCompensation(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof CompensationBody> },
): Promise<string> {
  assertCan(actor, record);
  await assertCaseProceeding(ctx, record, input.proceedingId);
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const now = nowIso();
    await repo.insertCompensation(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      proceeding_id: input.proceedingId ?? null,
      kind: input.kind,
      currency: input.currency,
      claimed_minor: toMinor(input.claimed),
      awarded_minor: null,
      received_minor: null,
      claimed_on: input.claimedOn,
      awarded_on: null,
      received_on: null,
      outcome: 'pending',
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'justice.compensation_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { compensationId: id, kind: input.kind, currency: input.currency },
    });
    return id;
  });
}

/** Records the award and what was actually received (which may be less, or nothing, long after the award). */
export async function updateCompensation(
  ctx: AppContext,
  { actor, record, id, input }: { actor: AuthUser; record: CaseRef; id: string; input: Static<typeof CompensationUpdateBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const row = await repo.findCompensation(tx, record.id, id);
    if (!row) throw new NotFoundError();
    const awarded = input.awarded !== undefined ? toMinor(input.awarded) : minor(row.awarded_minor);
    const received = input.received !== undefined ? toMinor(input.received) : minor(row.received_minor);
    const errors: Record<string, string> = {};
    if (input.outcome === 'awarded' && awarded === null) errors.awarded = 'justice.errors.awardRequired';
    if (received !== null && awarded !== null && received > awarded) errors.received = 'justice.errors.receivedOverAward';
    if (received !== null && awarded === null) errors.received = 'justice.errors.awardRequired';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const ok = await repo.updateCompensation(tx, {
      caseId: record.id,
      id: row.id,
      version: input.version,
      set: {
        outcome: input.outcome,
        awarded_minor: awarded,
        awarded_on: input.awardedOn ?? row.awarded_on,
        received_minor: received,
        received_on: input.receivedOn ?? row.received_on,
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.compensation_updated',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { compensationId: id, outcome: input.outcome, awarded: awarded !== null, received: received !== null },
    });
  });
}

export async function addNonPunishment(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof NonPunishmentBody> },
): Promise<string> {
  assertCan(actor, record);
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const now = nowIso();
    const details = input.details?.trim();
    await repo.insertNonPunishment(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      offence: input.offence,
      details_enc: details ? await ctx.keys.encrypt(record.office_id, details, { aad: sealedLabel('justice_non_punishment.details', id), db: tx }) : null,
      request_kind: input.requestKind,
      requested_on: input.requestedOn,
      outcome: 'pending',
      decided_on: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'justice.non_punishment_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { requestId: id, offence: input.offence, requestKind: input.requestKind },
    });
    return id;
  });
}

export async function decideNonPunishment(
  ctx: AppContext,
  { actor, record, id, input }: { actor: AuthUser; record: CaseRef; id: string; input: Static<typeof NonPunishmentDecisionBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const row = await repo.findNonPunishment(tx, record.id, id);
    if (!row) throw new NotFoundError();
    if (input.decidedOn && input.decidedOn < row.requested_on) throw new ValidationError({ decidedOn: 'justice.errors.endBeforeStart' });
    const decidedOn = input.outcome === 'pending' ? null : (input.decidedOn ?? nowIso().slice(0, 10));
    const ok = await repo.updateNonPunishment(tx, {
      caseId: record.id,
      id: row.id,
      version: input.version,
      set: { outcome: input.outcome, decided_on: decidedOn, updated_at: nowIso() },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.non_punishment_decided',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { requestId: id, outcome: input.outcome },
    });
  });
}

/**
 * Records that something was shared with police, prosecutors or courts. It needs the person's own consent for this
 * purpose ('justice'), never implied by another (sharing with a partner, the report's police answer...); a
 * supervisor may go ahead without it with a written reason, audited (the cases consent gate).
 */
export async function recordDisclosure(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof DisclosureBody> },
): Promise<string> {
  assertCan(actor, record);
  await assertCaseProceeding(ctx, record, input.proceedingId);
  return inTransaction(ctx.db, async (tx) => {
    const consented = await hasConsent(tx, { caseId: record.id, purpose: 'justice' });
    const reason = input.overrideReason?.trim();
    await assertConsent(tx, { actor, record, purpose: 'justice', opts: { action: 'justice.disclose', ...(reason ? { override: { reason } } : {}) } });
    const id = newId();
    await repo.insertDisclosure(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      proceeding_id: input.proceedingId ?? null,
      recipient: input.recipient,
      shared_on: input.sharedOn,
      what_enc: await ctx.keys.encrypt(record.office_id, input.what.trim(), { aad: sealedLabel('justice_disclosures.what', id), db: tx }),
      consent_overridden: consented ? 0 : 1,
      created_by: actor.id,
      created_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'justice.disclosed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { disclosureId: id, recipient: input.recipient, proceedingId: input.proceedingId ?? null, consentOverridden: !consented },
    });
    return id;
  });
}
