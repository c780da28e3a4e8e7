import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/database.js';
import { newId, nowIso } from '../platform/ids.js';
import { recordCaseEvent } from './case-events.js';
import { isClosedStatus, laterStage } from './case-values.js';
import { findCaseByNumber, touchCase } from './cases.repository.js';
import { insertNewCase } from './cases.service.js';
import { recordConsent } from './consent.js';
import type { ConsentPurpose } from './consent.js';
import type { PersonContact, PersonIdentity } from './person.js';
import { attachmentContentKeyLabel, attachmentNameKeyLabel, screeningNotesKeyLabel } from './person.js';
import { insertAttachment } from './notes.repository.js';
import { insertScreening } from './screening/screening.repository.js';
import { screen } from './screening/screening-rules.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.field_intake': { screeningId: string | null; outcome: string | null; device: string };
    'case.field_media': { attachmentId: string; contentType: string; size: number; device: string };
  }
}

/** A screening interview captured offline on an enrolled device (ODK Collect, KoboCollect, Enketo). */
export interface FieldIntake {
  officeId: string;
  /** The enrolled device (odk_app_users.id): audited as the origin; there is no staff actor. */
  deviceId: string;
  identity: PersonIdentity;
  contact: PersonContact;
  gender: string | null;
  citizenship: string[];
  mayBeChild: boolean;
  consents: Array<{ purpose: ConsentPurpose; given: boolean; language?: string | null }>;
  /** Present only when the person consented to screening (the form asks it first). */
  screening?: { exploitation: 'labour' | 'sexual'; acts: string[]; means: string[]; purposes: string[]; indicators: string[]; notes?: string };
}

/**
 * Opens a DRAFT case from the field, in the caller's transaction: stage `intake`, no owner, source `outreach`, so it
 * waits in the office's work list for a case worker to review and take. The consents the person gave on the device
 * are recorded with origin `field`; the screening, when consented to, is stored with the same rules (Palermo, ILO
 * list by age group) as one entered on the case page. Nothing here is trusted more than a staff form would be: the
 * caller has validated every value against the lists the form was generated from.
 */
export async function openFieldCase(
  ctx: AppContext,
  tx: Tx,
  intake: FieldIntake,
): Promise<{ id: string; caseNumber: string; screening?: { id: string; outcome: string } }> {
  const opened = await insertNewCase(ctx, tx, {
    actorId: null,
    input: {
      officeId: intake.officeId,
      source: 'outreach',
      stage: 'intake',
      ownerId: null,
      identity: intake.identity,
      contact: intake.contact,
      gender: intake.gender,
      citizenship: intake.citizenship,
      mayBeChild: intake.mayBeChild,
      consents: intake.consents.map((c) => ({ purpose: c.purpose, given: c.given, language: c.language ?? null })),
      consentOrigin: 'field',
    },
  });
  const record = { id: opened.id, office_id: intake.officeId };
  const consented = intake.consents.some((c) => c.purpose === 'screening' && c.given);
  const screening = intake.screening && consented ? await insertFieldScreening(ctx, tx, record, intake.mayBeChild, intake.screening) : undefined;
  await recordCaseEvent(tx, {
    actorId: null,
    record,
    type: 'case.field_intake',
    data: { screeningId: screening?.id ?? null, outcome: screening?.outcome ?? null, device: intake.deviceId },
  });
  return { ...opened, ...(screening ? { screening } : {}) };
}

async function insertFieldScreening(
  ctx: AppContext,
  tx: Tx,
  record: { id: string; office_id: string },
  isChild: boolean,
  s: NonNullable<FieldIntake['screening']>,
): Promise<{ id: string; outcome: string }> {
  const result = screen({ isChild, exploitation: s.exploitation, acts: s.acts, means: s.means, purposes: s.purposes, indicators: s.indicators });
  const id = newId();
  await insertScreening(tx, {
    id,
    office_id: record.office_id,
    case_id: record.id,
    list_id: result.listId,
    list_version: result.listVersion,
    is_child: isChild ? 1 : 0,
    elements: JSON.stringify({ acts: s.acts, means: s.means, purposes: s.purposes, exploitation: s.exploitation }),
    indicators: JSON.stringify([...new Set(s.indicators)]),
    outcome: result.outcome,
    reasons: JSON.stringify(result.reasons),
    notes_enc: s.notes ? await ctx.keys.encrypt(record.office_id, s.notes, { aad: screeningNotesKeyLabel(id), db: tx }) : null,
    screened_by: null,
    created_at: nowIso(),
  });
  return { id, outcome: result.outcome };
}

export type FieldScreeningResult =
  | { kind: 'recorded'; caseId: string; screeningId: string | null }
  | { kind: 'not_found' }
  | { kind: 'closed' }
  | { kind: 'changed'; caseId: string };

/**
 * A screening interview of a person who already has a case (the field worker entered its number): the consents
 * given on the device are recorded on the case and the screening added, in the caller's transaction — unless the
 * case changed after the interview began on the device (`startedAt`, the form's start time): then nothing is
 * written and the caller keeps the submission as a conflict, so neither the field's answers nor the office's later
 * changes are lost. `force` is a person's decision after comparing both sides.
 */
export async function recordFieldScreening(
  ctx: AppContext,
  tx: Tx,
  input: {
    officeId: string;
    deviceId: string;
    caseNumber: string;
    startedAt: string | undefined;
    consents: FieldIntake['consents'];
    screening?: FieldIntake['screening'];
    force?: boolean;
  },
): Promise<FieldScreeningResult> {
  const record = await findCaseByNumber(tx, input.officeId, input.caseNumber);
  if (!record) return { kind: 'not_found' };
  if (isClosedStatus(record.cas_status)) return { kind: 'closed' };
  const started = input.startedAt ? Date.parse(input.startedAt) : Number.NaN;
  if (!input.force && (Number.isNaN(started) || Date.parse(record.updated_at) > started)) return { kind: 'changed', caseId: record.id };
  for (const c of input.consents)
    await recordConsent(tx, { actorId: null, record, input: { purpose: c.purpose, given: c.given, language: c.language ?? null, origin: 'field' } });
  const consented = input.consents.some((c) => c.purpose === 'screening' && c.given);
  const screening = input.screening && consented ? await insertFieldScreening(ctx, tx, record, record.is_child === 1, input.screening) : undefined;
  await touchCase(tx, record.id, screening ? { stage: laterStage(record.stage, 'screening') } : {});
  await recordCaseEvent(tx, {
    actorId: null,
    record,
    type: 'case.field_intake',
    data: { screeningId: screening?.id ?? null, outcome: screening?.outcome ?? null, device: input.deviceId },
  });
  return { kind: 'recorded', caseId: record.id, screeningId: screening?.id ?? null };
}

/** A photo or recording sent with a field interview, already cleaned of its hidden data and sealed (sealFieldMedia). */
export interface SealedFieldMedia {
  id: string;
  mime: string;
  ext: string;
  size: number;
  /** The bytes encrypted with the office key, base64 (case_attachments.content_enc). */
  contentEnc: string;
}

/**
 * Seals field media for a case of `officeId`, BEFORE the intake's transaction: the key ring reads the office key on
 * its own connection (SQLite has one), as for any case attachment.
 */
export async function sealFieldMedia(ctx: AppContext, officeId: string, files: Array<{ mime: string; bytes: Buffer }>): Promise<SealedFieldMedia[]> {
  const out: SealedFieldMedia[] = [];
  for (const f of files) {
    const id = newId();
    const blob = await ctx.keys.encryptBytes(officeId, f.bytes, attachmentContentKeyLabel(id));
    out.push({
      id,
      mime: f.mime,
      ext:
        f.mime
          .split('/')[1]
          ?.replace(/^(x-|vnd\.)/, '')
          .slice(0, 8) ?? 'bin',
      size: f.bytes.length,
      contentEnc: blob.toString('base64'),
    });
  }
  return out;
}

/** Attaches sealed field media to the case, in the intake's transaction; no staff actor: the device is audited. */
export async function attachFieldMedia(
  ctx: AppContext,
  tx: Tx,
  { record, deviceId, media }: { record: { id: string; office_id: string }; deviceId: string; media: SealedFieldMedia[] },
): Promise<void> {
  for (const [i, m] of media.entries()) {
    await insertAttachment(tx, {
      id: m.id,
      office_id: record.office_id,
      case_id: record.id,
      name_enc: await ctx.keys.encrypt(record.office_id, { title: `field-${i + 1}`, ext: m.ext }, { aad: attachmentNameKeyLabel(m.id), db: tx }),
      content_type: m.mime,
      size: m.size,
      content_enc: m.contentEnc,
      uploaded_by: null,
      created_at: nowIso(),
    });
    await recordCaseEvent(tx, {
      actorId: null,
      record,
      type: 'case.field_media',
      data: { attachmentId: m.id, contentType: m.mime, size: m.size, device: deviceId },
    });
  }
}
