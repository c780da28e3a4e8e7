import { createHmac } from 'node:crypto';
import type { Insertable } from 'kysely';
import { attachFieldMedia, openFieldCase, recordFieldScreening, sealFieldMedia } from '../cases/index.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { newId, nowIso } from '../platform/ids.js';
import type { Locale } from '../platform/i18n/i18n.js';
import { type ReportInput, submitReport } from '../reports/index.js';
import type { PreparedFile } from '../reports/reply.service.js';
import { REPORT_FORM_ID } from './forms/report.form.js';
import { SCREENING_FORM_ID } from './forms/screening.form.js';
import { definitionOf, formsForDevice, officePrivateKey } from './forms.service.js';
import { readInstance, reportIntake, screeningIntake } from './intake.js';
import { dropParts, keepParts, prepareMedia, withEarlierParts } from './media.service.js';
import { DecryptionRefused, decryptRecord, readManifest } from './odk-crypto.js';
import * as repo from './odk.repository.js';
import type { OdkAppUser, OdkSubmissionTable } from './odk.table.js';
import { parseXml, textAt, XmlRefused } from './xml.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'odk.submission_received': { submissionId: string; formId: string; status: string; reason: string | null; encrypted: boolean; signatureChecked: boolean };
  }
}

/** The channel a report from a device enters triage with (reports.channel), shown in the triage queue. */
export const FIELD_CHANNEL = 'field' as const;

/** The cap on the XML part (the instance or the manifest) and on each decrypted file. */
export const MAX_XML_BYTES = 1024 * 1024;

export type SubmissionOutcome =
  | { kind: 'created'; submissionId: string; caseNumber?: string }
  | { kind: 'already'; submissionId: string }
  | { kind: 'partial' }
  | { kind: 'conflict'; submissionId: string; reason: ConflictReason }
  | { kind: 'refused'; status: 400 | 404 | 413; messageKey: string };

export type ConflictReason = 'old_version' | 'duplicate' | 'invalid' | 'case_changed';

/** Undoes a transaction whose record must be kept as a conflict instead. */
class KeepAsConflict extends Error {
  constructor(
    readonly reason: ConflictReason,
    readonly caseId: string | null = null,
  ) {
    super(reason);
  }
}

const refused = (status: 400 | 404 | 413, messageKey: string): SubmissionOutcome => ({ kind: 'refused', status, messageKey });

export const payloadLabel = (id: string) => `odk_submissions.payload:${id}`;

async function contentMac(ctx: AppContext, xml: Buffer): Promise<string> {
  return createHmac('sha256', await ctx.keys.derivedSecret('odk-submission'))
    .update(xml)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Receives one OpenRosa submission from an enrolled device: decrypts it when it is an encrypted record (the office's
 * private key, the signature checked), reads it against the form it was generated from, and either creates the draft
 * case or the report, or keeps it as a conflict for a person (an older form version, an instance already received
 * with other content, answers the form does not allow) — never dropping what the device sent, never a 5xx for bad
 * input. The same record sent again (Collect retries) is answered as received, once.
 */
export async function receiveSubmission(
  ctx: AppContext,
  {
    device,
    xmlPart,
    files,
    locale,
    options = {},
  }: { device: OdkAppUser; xmlPart: Buffer | undefined; files: Map<string, Buffer>; locale: Locale; options?: { incomplete?: boolean } },
): Promise<SubmissionOutcome> {
  const taken = { instanceId: '' };
  const outcome = await receive(ctx, device, xmlPart, files, locale, options.incomplete === true, taken);
  if (taken.instanceId && outcome.kind !== 'refused' && outcome.kind !== 'partial') await dropParts(ctx, device, taken.instanceId);
  return outcome;
}

async function receive(
  ctx: AppContext,
  device: OdkAppUser,
  xmlPart: Buffer | undefined,
  received: Map<string, Buffer>,
  locale: Locale,
  incomplete: boolean,
  taken: { instanceId: string },
): Promise<SubmissionOutcome> {
  if (!xmlPart) return refused(400, 'odk.errors.noXml');
  if (xmlPart.length > MAX_XML_BYTES) return refused(413, 'odk.errors.tooLarge');
  let root: ReturnType<typeof parseXml>;
  try {
    root = parseXml(xmlPart, { maxBytes: MAX_XML_BYTES });
  } catch (e) {
    if (e instanceof XmlRefused) return refused(e.reason === 'too_large' ? 413 : 400, e.reason === 'doctype' ? 'odk.errors.doctype' : 'odk.errors.badXml');
    throw e;
  }
  let instanceXml = xmlPart;
  let encrypted = false;
  let signatureChecked = false;
  let manifest: ReturnType<typeof readManifest>;
  try {
    manifest = readManifest(root);
  } catch {
    return refused(400, 'odk.errors.badManifest');
  }
  // A split submission: every part repeats the XML; the files of all but the last wait, sealed, for the last.
  const partOf = (manifest?.instanceId ?? textAt(root, 'meta', 'instanceID') ?? '').slice(0, 200);
  if (incomplete) {
    if (!partOf) return refused(400, 'odk.errors.noInstanceId');
    return (await keepParts(ctx, { device, instanceId: partOf, files: received })) ? { kind: 'partial' } : refused(413, 'odk.errors.tooLarge');
  }
  const files = partOf ? await withEarlierParts(ctx, { device, instanceId: partOf, files: received }) : received;
  if (!files) return refused(413, 'odk.errors.tooLarge');
  taken.instanceId = partOf;
  // Plain media are the files sent beside the instance; encrypted ones are decrypted with it below.
  let media: Buffer[] = [...files.values()];
  if (manifest) {
    const privateKey = await officePrivateKey(ctx, device.office_id);
    if (!privateKey) return refused(400, 'odk.errors.wrongKey');
    try {
      const record = decryptRecord(privateKey, manifest, files);
      instanceXml = record.xml;
      media = record.media.map((m) => m.bytes);
      signatureChecked = record.signatureChecked;
    } catch (e) {
      if (!(e instanceof DecryptionRefused)) throw e;
      return refused(400, e.reason === 'file_missing' ? 'odk.errors.fileMissing' : e.reason === 'signature' ? 'odk.errors.signature' : 'odk.errors.wrongKey');
    }
    encrypted = true;
    try {
      root = parseXml(instanceXml, { maxBytes: MAX_XML_BYTES });
    } catch (e) {
      if (e instanceof XmlRefused) return refused(400, e.reason === 'doctype' ? 'odk.errors.doctype' : 'odk.errors.badXml');
      throw e;
    }
    if (root.attrs.id !== manifest.formId || textAt(root, 'meta', 'instanceID') !== manifest.instanceId) return refused(400, 'odk.errors.badManifest');
  } else if (device.encrypted) {
    return refused(400, 'odk.errors.mustEncrypt');
  }

  const formId = root.attrs.id ?? '';
  const def = definitionOf(formId);
  if (!def) return refused(404, 'odk.errors.unknownForm');
  const instanceId = textAt(root, 'meta', 'instanceID');
  if (!instanceId || instanceId.length > 200) return refused(400, 'odk.errors.noInstanceId');
  const version = (root.attrs.version ?? '').slice(0, 64);
  const current = (await formsForDevice(ctx, device, locale)).find((f) => f.id === formId);
  const mac = await contentMac(ctx, instanceXml);

  const earlier = await repo.instanceHolder(ctx.db, formId, instanceId);
  if (earlier && earlier.content_mac === mac) return { kind: 'already', submissionId: earlier.id };

  const prepared = await prepareMedia(ctx, media);
  if (!prepared) return refused(400, 'odk.errors.media');
  const { answers, invalid } = readInstance(def, root);
  const id = newId();
  const base: BaseRow = {
    id,
    office_id: device.office_id,
    app_user_id: device.id,
    form_id: formId,
    form_version: version,
    instance_id: instanceId,
    encrypted: encrypted ? 1 : 0,
    content_mac: mac,
    case_id: null,
    report_id: null,
    received_at: nowIso(),
    resolved_by: null,
    resolved_at: null,
    resolution: null,
  };
  const keepAsConflict = async (reason: ConflictReason, caseId: string | null = null): Promise<SubmissionOutcome> => {
    await inTransaction(ctx.db, async (tx) => {
      await repo.insertSubmission(tx, {
        ...base,
        case_id: caseId,
        status: 'conflict',
        conflict_reason: reason,
        payload_enc: await ctx.keys.encrypt(device.office_id, instanceXml.toString('utf8'), { aad: payloadLabel(id), db: tx }),
      });
      if (reason !== 'duplicate') await repo.claimInstance(tx, { formId, instanceId, submissionId: id });
      await audit(tx, 'conflict', reason);
    });
    return { kind: 'conflict', submissionId: id, reason };
  };
  const audit = (tx: Parameters<typeof recordEvent>[0], status: string, reason: string | null) =>
    recordEvent(tx, {
      type: 'odk.submission_received',
      officeId: device.office_id,
      subjectType: 'odk_submission',
      subjectId: id,
      data: { submissionId: id, formId, status, reason, encrypted, signatureChecked },
    });

  if (earlier) return keepAsConflict('duplicate');
  if (!current || version !== current.version) return keepAsConflict('old_version');
  if (invalid.length) return keepAsConflict('invalid');

  if (formId === SCREENING_FORM_ID) {
    const intake = screeningIntake(answers);
    if (!intake.ok) return keepAsConflict('invalid');
    const sealedMedia = await sealFieldMedia(ctx, device.office_id, prepared);
    const existing = intake.caseNumber;
    if (existing) {
      try {
        await inTransaction(ctx.db, async (tx) => {
          await repo.insertSubmission(tx, { ...base, status: 'processed', conflict_reason: null, payload_enc: null });
          if (!(await repo.claimInstance(tx, { formId, instanceId, submissionId: id }))) throw new KeepAsConflict('duplicate');
          const r = await recordFieldScreening(ctx, tx, {
            officeId: device.office_id,
            deviceId: device.id,
            caseNumber: existing,
            startedAt: textAt(root, 'started'),
            consents: intake.value.consents,
            ...(intake.value.screening ? { screening: intake.value.screening } : {}),
          });
          if (r.kind === 'changed') throw new KeepAsConflict('case_changed', r.caseId);
          if (r.kind !== 'recorded') throw new KeepAsConflict('invalid');
          await attachFieldMedia(ctx, tx, { record: { id: r.caseId, office_id: device.office_id }, deviceId: device.id, media: sealedMedia });
          await repo.updateSubmission(tx, { id, expectedStatus: 'processed', changes: { case_id: r.caseId } });
          await audit(tx, 'processed', null);
        });
        return { kind: 'created', submissionId: id, caseNumber: existing };
      } catch (e) {
        if (e instanceof KeepAsConflict) return keepAsConflict(e.reason, e.caseId);
        throw e;
      }
    }
    let caseNumber = '';
    const claimed = await inTransaction(ctx.db, async (tx) => {
      await repo.insertSubmission(tx, { ...base, status: 'processed', conflict_reason: null, payload_enc: null });
      if (!(await repo.claimInstance(tx, { formId, instanceId, submissionId: id }))) return false;
      const opened = await openFieldCase(ctx, tx, { ...intake.value, officeId: device.office_id, deviceId: device.id });
      caseNumber = opened.caseNumber;
      await attachFieldMedia(ctx, tx, { record: { id: opened.id, office_id: device.office_id }, deviceId: device.id, media: sealedMedia });
      await repo.updateSubmission(tx, { id, expectedStatus: 'processed', changes: { case_id: opened.id } });
      await audit(tx, 'processed', null);
      return true;
    });
    if (!claimed) return keepAsConflict('duplicate');
    return { kind: 'created', submissionId: id, caseNumber };
  }

  if (formId === REPORT_FORM_ID) {
    const intake = reportIntake(def, answers);
    if (!intake.ok) return keepAsConflict('invalid');
    return intakeReport(ctx, device, base, { input: intake.value, files: prepared }, instanceXml, locale, signatureChecked);
  }
  return refused(404, 'odk.errors.unknownForm');
}

type BaseRow = Omit<Insertable<OdkSubmissionTable>, 'status' | 'conflict_reason' | 'payload_enc'> & { id: string };

/**
 * A report from the field: the instance is claimed and kept sealed first (submitReport runs its own transaction),
 * then the report is created for the device's office and the row marked processed; if that fails, the row stays a
 * conflict with its payload, so nothing the device sent is lost.
 */
async function intakeReport(
  ctx: AppContext,
  device: OdkAppUser,
  base: BaseRow,
  report: { input: ReportInput; files: PreparedFile[] },
  instanceXml: Buffer,
  locale: Locale,
  signatureChecked: boolean,
): Promise<SubmissionOutcome> {
  const id = base.id;
  const claimed = await inTransaction(ctx.db, async (tx) => {
    await repo.insertSubmission(tx, {
      ...base,
      status: 'conflict',
      conflict_reason: 'invalid',
      payload_enc: await ctx.keys.encrypt(device.office_id, instanceXml.toString('utf8'), { aad: payloadLabel(id), db: tx }),
    });
    return repo.claimInstance(tx, { formId: base.form_id, instanceId: base.instance_id, submissionId: id });
  });
  if (!claimed) {
    await repo.updateSubmission(ctx.db, { id, expectedStatus: 'conflict', changes: { conflict_reason: 'duplicate' } });
    return { kind: 'conflict', submissionId: id, reason: 'duplicate' };
  }
  let reportId: string;
  try {
    reportId = (await submitReport(ctx, { input: report.input, files: report.files, locale, options: { channel: FIELD_CHANNEL, officeId: device.office_id } }))
      .id;
  } catch (e) {
    ctx.log.error({ err: e, submissionId: id }, 'field report kept as a conflict: intake failed');
    return { kind: 'conflict', submissionId: id, reason: 'invalid' };
  }
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateSubmission(tx, {
      id,
      expectedStatus: 'conflict',
      changes: { status: 'processed', conflict_reason: null, payload_enc: null, report_id: reportId },
    });
    await recordEvent(tx, {
      type: 'odk.submission_received',
      officeId: device.office_id,
      subjectType: 'odk_submission',
      subjectId: id,
      data: { submissionId: id, formId: base.form_id, status: 'processed', reason: null, encrypted: base.encrypted === 1, signatureChecked },
    });
  });
  return { kind: 'created', submissionId: id };
}
