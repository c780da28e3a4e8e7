import { randomBytes } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction, type Tx } from '../platform/db/database.js';
import { NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { caseReferrals } from '../referrals/referrals.service.js';
import { assertCan, type CaseRef, sealedLabel, todayIso } from './justice.service.js';
import {
  CHILD_DEFAULT_MEASURES,
  type HearingBody,
  isTrue,
  type LinkBody,
  type MeasureBody,
  type MeasureDecisionBody,
  type ProceedingBody,
  type Stage,
  type StageBody,
} from './justice.schema.js';
import * as repo from './proceedings.repository.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'justice.proceeding_added': { proceedingId: string; kind: string; stage: string };
    'justice.proceeding_linked': { proceedingId: string; linkId: string; role: string; childMeasures: number };
    'justice.proceeding_stage': { proceedingId: string; stage: string; outcome: string };
    'justice.link_updated': { linkId: string; role: string; testified: boolean };
    'justice.hearing_added': { proceedingId: string; hearingId: string; heldOn: string };
    'justice.hearing_person_saved': { hearingId: string; linkId: string; mustAttend: boolean; guardian: boolean };
    'justice.measure_requested': { linkId: string; measureId: string; measure: string; byDefault: boolean };
    'justice.measure_decided': { measureId: string; measure: string; status: string };
  }
}

const STAGE_COLUMN: Record<Stage, 'complaint_on' | 'investigation_on' | 'indictment_on' | 'trial_on' | 'verdict_on' | 'appeal_on' | 'closed_on'> = {
  complaint: 'complaint_on',
  investigation: 'investigation_on',
  indictment: 'indictment_on',
  trial: 'trial_on',
  verdict: 'verdict_on',
  appeal: 'appeal_on',
  closed: 'closed_on',
};

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A proceeding's share code: 10 random characters without look-alikes, as PRC-XXXXX-XXXXX. */
export function newShareCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `PRC-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normaliseCode(code: string): string {
  const c = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const body = c.startsWith('PRC') ? c.slice(3) : c;
  return `PRC-${body.slice(0, 5)}-${body.slice(5)}`;
}

/** The legal-aid referral must be one of this case's outgoing referrals for legal help (the referrals flow). */
async function assertLegalReferral(ctx: AppContext, record: CaseRef, referralId: string | undefined): Promise<void> {
  if (!referralId) return;
  const referrals = await caseReferrals(ctx, record);
  if (!referrals.some((r) => r.id === referralId && r.direction === 'outgoing' && r.service === 'legal'))
    throw new ValidationError({ legalReferralId: 'justice.errors.referral' });
}

/** A proceeding this office may see: one it recorded or one of its cases is part of. */
async function visibleProceeding(db: Executor, officeId: string, id: string) {
  const list = await repo.proceedingsOfOffice(db, officeId);
  return list.find((p) => p.id === id);
}

async function requestMeasure(
  tx: Tx,
  record: CaseRef,
  linkId: string,
  measure: string,
  requestedOn: string,
  byDefault: boolean,
  actorId: string,
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await repo.insertMeasure(tx, {
    id,
    office_id: record.office_id,
    link_id: linkId,
    case_id: record.id,
    measure,
    status: 'requested',
    requested_on: requestedOn,
    decided_on: null,
    by_default: byDefault ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
  await recordEvent(tx, {
    type: 'justice.measure_requested',
    officeId: record.office_id,
    actorId,
    subjectType: 'case',
    subjectId: record.id,
    data: { linkId, measureId: id, measure, byDefault },
  });
  return id;
}

/**
 * Makes the case part of a proceeding: an existing one of the office (shared with its other cases), or a new one.
 * A child's case gets the child-friendly measures asked for by default (the case's age rule: is_child).
 */
export async function linkProceeding(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRef; input: Static<typeof ProceedingBody> },
): Promise<{ proceedingId: string; linkId: string }> {
  assertCan(actor, record);
  await assertLegalReferral(ctx, record, input.legalReferralId);
  if (!input.proceedingId && !input.shareCode) {
    const errors: Record<string, string> = {};
    if (!input.kind) errors.kind = 'errors.required';
    if (!input.jurisdiction) errors.jurisdiction = 'errors.required';
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }
  return inTransaction(ctx.db, async (tx) => {
    const now = nowIso();
    let proceedingId = input.proceedingId;
    if (!proceedingId && input.shareCode) {
      const shared = await repo.findProceedingByCode(tx, normaliseCode(input.shareCode));
      if (!shared) throw new ValidationError({ shareCode: 'justice.errors.shareCodeUnknown' });
      proceedingId = shared.id;
      if (await repo.findLinkTo(tx, record.id, proceedingId)) throw new ValidationError({ shareCode: 'justice.errors.alreadyLinked' });
    } else if (proceedingId) {
      if (!(await visibleProceeding(tx, record.office_id, proceedingId))) throw new ValidationError({ proceedingId: 'errors.choice' });
      if (await repo.findLinkTo(tx, record.id, proceedingId)) throw new ValidationError({ proceedingId: 'justice.errors.alreadyLinked' });
    } else {
      proceedingId = newId();
      const stage: Stage = input.stage ?? 'complaint';
      await repo.insertProceeding(tx, {
        id: proceedingId,
        office_id: record.office_id,
        share_code: newShareCode(),
        kind: input.kind ?? 'criminal',
        jurisdiction: input.jurisdiction ?? '',
        court: input.court?.trim() || null,
        reference_enc: input.reference?.trim()
          ? await ctx.keys.encrypt(record.office_id, input.reference.trim(), { aad: sealedLabel('justice_proceedings.reference', proceedingId), db: tx })
          : null,
        stage,
        complaint_on: null,
        investigation_on: null,
        indictment_on: null,
        trial_on: null,
        verdict_on: null,
        appeal_on: null,
        closed_on: null,
        [STAGE_COLUMN[stage]]: input.stageOn ?? todayIso(),
        outcome: 'pending',
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      });
      await recordEvent(tx, {
        type: 'justice.proceeding_added',
        officeId: record.office_id,
        actorId: actor.id,
        subjectType: 'case',
        subjectId: record.id,
        data: { proceedingId, kind: input.kind ?? 'criminal', stage },
      });
    }
    const linkId = newId();
    await repo.insertLink(tx, {
      id: linkId,
      office_id: record.office_id,
      case_id: record.id,
      proceeding_id: proceedingId,
      role: input.role,
      legal_referral_id: input.legalReferralId ?? null,
      created_at: now,
      updated_at: now,
    });
    const defaults = record.is_child === 1 ? CHILD_DEFAULT_MEASURES : [];
    for (const m of defaults) await requestMeasure(tx, record, linkId, m, todayIso(), true, actor.id);
    await recordEvent(tx, {
      type: 'justice.proceeding_linked',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { proceedingId, linkId, role: input.role, childMeasures: defaults.length },
    });
    return { proceedingId, linkId };
  });
}

/** Moves a proceeding to a stage (with its date) and records its outcome; every linked case sees the stage. */
export async function updateStage(
  ctx: AppContext,
  { actor, record, linkId, input }: { actor: AuthUser; record: CaseRef; linkId: string; input: Static<typeof StageBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const link = await repo.findLink(tx, record.id, linkId);
    if (!link) throw new NotFoundError();
    const p = await repo.findProceeding(tx, link.proceeding_id);
    if (!p) throw new NotFoundError();
    const outcome = input.outcome ?? p.outcome;
    const ok = await repo.updateProceeding(tx, {
      id: p.id,
      version: input.version,
      set: {
        stage: input.stage,
        [STAGE_COLUMN[input.stage]]: input.stageOn,
        outcome,
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.proceeding_stage',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { proceedingId: p.id, stage: input.stage, outcome },
    });
  });
}

export async function updateLink(
  ctx: AppContext,
  { actor, record, linkId, input }: { actor: AuthUser; record: CaseRef; linkId: string; input: Static<typeof LinkBody> },
): Promise<void> {
  assertCan(actor, record);
  await assertLegalReferral(ctx, record, input.legalReferralId);
  await inTransaction(ctx.db, async (tx) => {
    const link = await repo.findLink(tx, record.id, linkId);
    if (!link) throw new NotFoundError();
    const testified = input.testified === undefined ? link.testified === 1 : isTrue(input.testified);
    const ok = await repo.updateLink(tx, {
      id: link.id,
      version: input.version,
      set: {
        role: input.role,
        testified: testified ? 1 : 0,
        legal_referral_id: input.legalReferralId ?? link.legal_referral_id,
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.link_updated',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { linkId, role: input.role, testified },
    });
  });
}

async function savePerson(
  ctx: AppContext,
  tx: Tx,
  record: CaseRef,
  hearingId: string,
  linkId: string,
  input: Static<typeof HearingBody>,
  actorId: string,
): Promise<void> {
  const guardian = input.guardian?.trim();
  // A child is never at a hearing without their guardian recorded (CoE art. 10(4), EU 2011/36 art. 14(2), 15).
  if (record.is_child === 1 && !guardian) throw new ValidationError({ guardian: 'justice.errors.guardianRequired' });
  const existing = await repo.findHearingPerson(tx, hearingId, linkId);
  const id = existing?.id ?? newId();
  const fields = {
    must_attend: isTrue(input.mustAttend) ? 1 : 0,
    support_person_enc: input.supportPerson?.trim()
      ? await ctx.keys.encrypt(record.office_id, input.supportPerson.trim(), { aad: sealedLabel('justice_hearing_people.support_person', id), db: tx })
      : null,
    interpreter: input.interpreter?.trim() || null,
    guardian_enc: guardian ? await ctx.keys.encrypt(record.office_id, guardian, { aad: sealedLabel('justice_hearing_people.guardian', id), db: tx }) : null,
  };
  if (existing) await repo.updateHearingPerson(tx, id, fields);
  else
    await repo.insertHearingPerson(tx, {
      id,
      office_id: record.office_id,
      hearing_id: hearingId,
      link_id: linkId,
      case_id: record.id,
      created_at: nowIso(),
      ...fields,
    });
  await recordEvent(tx, {
    type: 'justice.hearing_person_saved',
    officeId: record.office_id,
    actorId,
    subjectType: 'case',
    subjectId: record.id,
    data: { hearingId, linkId, mustAttend: fields.must_attend === 1, guardian: !!guardian },
  });
}

/** Adds a hearing to the proceeding (seen by this office's cases in it) with this person's part in it. */
export async function addHearing(
  ctx: AppContext,
  { actor, record, linkId, input }: { actor: AuthUser; record: CaseRef; linkId: string; input: Static<typeof HearingBody> },
): Promise<string> {
  assertCan(actor, record);
  return inTransaction(ctx.db, async (tx) => {
    const link = await repo.findLink(tx, record.id, linkId);
    if (!link) throw new NotFoundError();
    const id = newId();
    await repo.insertHearing(tx, {
      id,
      office_id: record.office_id,
      proceeding_id: link.proceeding_id,
      held_on: input.heldOn,
      place: input.place?.trim() || null,
      created_by: actor.id,
      created_at: nowIso(),
    });
    await recordEvent(tx, {
      type: 'justice.hearing_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { proceedingId: link.proceeding_id, hearingId: id, heldOn: input.heldOn },
    });
    await savePerson(ctx, tx, record, id, link.id, input, actor.id);
    return id;
  });
}

/** This person's part in a hearing another case of the office recorded (or a change to it). */
export async function saveHearingPerson(
  ctx: AppContext,
  { actor, record, linkId, hearingId, input }: { actor: AuthUser; record: CaseRef; linkId: string; hearingId: string; input: Static<typeof HearingBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const link = await repo.findLink(tx, record.id, linkId);
    const hearing = await repo.findHearing(tx, record.office_id, hearingId);
    if (!link || !hearing || hearing.proceeding_id !== link.proceeding_id) throw new NotFoundError();
    await savePerson(ctx, tx, record, hearing.id, link.id, input, actor.id);
  });
}

export async function addMeasure(
  ctx: AppContext,
  { actor, record, linkId, input }: { actor: AuthUser; record: CaseRef; linkId: string; input: Static<typeof MeasureBody> },
): Promise<string> {
  assertCan(actor, record);
  return inTransaction(ctx.db, async (tx) => {
    const link = await repo.findLink(tx, record.id, linkId);
    if (!link) throw new NotFoundError();
    const open = (await repo.measuresOfCase(tx, record.id)).some((m) => m.link_id === link.id && m.measure === input.measure && m.status !== 'refused');
    if (open) throw new ValidationError({ measure: 'justice.errors.measureTwice' });
    return requestMeasure(tx, record, link.id, input.measure, input.requestedOn, false, actor.id);
  });
}

export async function decideMeasure(
  ctx: AppContext,
  { actor, record, measureId, input }: { actor: AuthUser; record: CaseRef; measureId: string; input: Static<typeof MeasureDecisionBody> },
): Promise<void> {
  assertCan(actor, record);
  await inTransaction(ctx.db, async (tx) => {
    const m = await repo.findMeasure(tx, record.id, measureId);
    if (!m) throw new NotFoundError();
    const ok = await repo.updateMeasure(tx, {
      id: m.id,
      version: input.version,
      set: {
        status: input.status,
        decided_on: input.status === 'requested' ? null : todayIso(),
        updated_at: nowIso(),
      },
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'justice.measure_decided',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { measureId, measure: m.measure, status: input.status },
    });
  });
}
