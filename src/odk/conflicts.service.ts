import { openFieldCase, recordFieldScreening } from '../cases/index.js';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, hasPermission, officesWith } from '../platform/auth/auth-user.js';
import type { Permission } from '../platform/auth/roles.js';
import type { AppContext } from '../platform/context.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { inTransaction } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { submitReport } from '../reports/index.js';
import { REPORT_FORM_ID } from './forms/report.form.js';
import { SCREENING_FORM_ID } from './forms/screening.form.js';
import { definitionOf } from './forms.service.js';
import { readInstance, reportIntake, screeningIntake } from './intake.js';
import * as repo from './odk.repository.js';
import type { OdkSubmission } from './odk.table.js';
import { FIELD_CHANNEL, payloadLabel } from './submission.service.js';
import { fieldsOf } from './xform.js';
import { parseXml } from './xml.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'odk.conflict_resolved': { submissionId: string; resolution: 'applied' | 'discarded'; caseId: string | null; reportId: string | null };
  }
}

/** Who resolves what: a screening becomes a case (case workers), a report enters triage (triage operators). */
const PERMISSION_BY_FORM: Record<string, Permission> = { [SCREENING_FORM_ID]: 'cases.work', [REPORT_FORM_ID]: 'reports.triage' };

function mayResolve(user: AuthUser, s: Pick<OdkSubmission, 'form_id' | 'office_id'>): boolean {
  const permission = PERMISSION_BY_FORM[s.form_id];
  return !!permission && hasPermission(user, permission, s.office_id);
}

/** The conflicts this person may resolve, in the offices where they work cases or triage reports. */
export async function conflictList(ctx: AppContext, user: AuthUser, status: 'conflict' | 'resolved' = 'conflict') {
  const a = officesWith(user, 'cases.work');
  const b = officesWith(user, 'reports.triage');
  const scope = a === 'all' || b === 'all' ? 'all' : [...new Set([...a, ...b])];
  const rows = await repo.listConflicts(ctx.db, scope, status);
  return rows.filter((r) => mayResolve(user, r));
}

export interface ConflictAnswer {
  path: string;
  label: string;
  value: string;
  invalid: boolean;
}

/** One conflict with the answers it holds (decrypted for this view only) and what it collides with. */
export async function conflictDetail(ctx: AppContext, { user, id, t }: { user: AuthUser; id: string; t: Translator }) {
  const s = await repo.findSubmission(ctx.db, id);
  if (!s || (s.status !== 'conflict' && s.status !== 'resolved')) throw new NotFoundError();
  if (!mayResolve(user, s)) throw new ForbiddenError();
  const def = definitionOf(s.form_id);
  const answers: ConflictAnswer[] = [];
  if (s.payload_enc && def) {
    const xml = await ctx.keys.decrypt<string>(s.payload_enc, payloadLabel(s.id));
    const read = readInstance(def, parseXml(xml));
    for (const { path, field } of fieldsOf(def)) {
      const v = read.answers.get(path);
      const invalid = read.invalid.includes(path);
      if (v === undefined && !invalid) continue;
      const shown = Array.isArray(v)
        ? v.map((x) => field.choices?.find((c) => c.value === x)?.label(t) ?? x).join(', ')
        : field.choices
          ? (field.choices.find((c) => c.value === v)?.label(t) ?? String(v ?? ''))
          : String(v ?? '');
      answers.push({ path, label: field.label(t), value: shown, invalid });
    }
  }
  const holder = s.conflict_reason === 'duplicate' ? await repo.instanceHolder(ctx.db, s.form_id, s.instance_id) : undefined;
  const earlier =
    holder && holder.id !== s.id
      ? { caseId: holder.case_id, reportId: holder.report_id }
      : s.conflict_reason === 'case_changed' && s.case_id
        ? { caseId: s.case_id, reportId: null }
        : undefined;
  return { submission: s, answers, earlier };
}

/**
 * Resolves a conflict: `apply` creates the case or report from the kept answers now (checked against today's form,
 * so an answer the form no longer allows is refused with a message and nothing changes); `discard` closes it, the
 * sealed answers are erased and the decision audited. Either way the other side (an earlier case) is untouched.
 */
export async function resolveConflict(
  ctx: AppContext,
  { user, id, action }: { user: AuthUser; id: string; action: 'apply' | 'discard' },
): Promise<{ caseId?: string; reportId?: string }> {
  const s = await repo.findSubmission(ctx.db, id);
  if (s?.status !== 'conflict') throw new NotFoundError();
  if (!mayResolve(user, s)) throw new ForbiddenError();
  const resolved = { status: 'resolved', resolved_by: user.id, resolved_at: nowIso(), payload_enc: null } as const;
  if (action === 'discard') {
    await inTransaction(ctx.db, async (tx) => {
      if (!(await repo.updateSubmission(tx, { id, expectedStatus: 'conflict', changes: { ...resolved, resolution: 'discarded' } })))
        throw new ConflictError('odk.conflicts.alreadyResolved');
      await recordEvent(tx, {
        type: 'odk.conflict_resolved',
        officeId: s.office_id,
        actorId: user.id,
        subjectType: 'odk_submission',
        subjectId: id,
        data: { submissionId: id, resolution: 'discarded', caseId: null, reportId: null },
      });
    });
    return {};
  }
  const def = definitionOf(s.form_id);
  if (!def || !s.payload_enc) throw new RuleError('ODK_CANNOT_APPLY', 'odk.conflicts.cannotApply');
  const read = readInstance(def, parseXml(await ctx.keys.decrypt<string>(s.payload_enc, payloadLabel(s.id))));
  if (read.invalid.length) throw new RuleError('ODK_CANNOT_APPLY', 'odk.conflicts.cannotApply');
  if (s.form_id === SCREENING_FORM_ID) {
    const intake = screeningIntake(read.answers);
    if (!intake.ok) throw new RuleError('ODK_CANNOT_APPLY', 'odk.conflicts.cannotApply');
    const caseNumber = intake.caseNumber;
    return inTransaction(ctx.db, async (tx) => {
      let caseId: string;
      if (caseNumber) {
        // A person compared both sides: the field's consents and screening are added to the case as it is now.
        const r = await recordFieldScreening(ctx, tx, {
          officeId: s.office_id,
          deviceId: s.app_user_id,
          caseNumber,
          startedAt: undefined,
          consents: intake.value.consents,
          ...(intake.value.screening ? { screening: intake.value.screening } : {}),
          force: true,
        });
        if (r.kind !== 'recorded') throw new RuleError('ODK_CANNOT_APPLY', 'odk.conflicts.cannotApply');
        caseId = r.caseId;
      } else {
        caseId = (await openFieldCase(ctx, tx, { ...intake.value, officeId: s.office_id, deviceId: s.app_user_id })).id;
      }
      const opened = { id: caseId };
      if (!(await repo.updateSubmission(tx, { id, expectedStatus: 'conflict', changes: { ...resolved, resolution: 'applied', case_id: opened.id } })))
        throw new ConflictError('odk.conflicts.alreadyResolved');
      await recordEvent(tx, {
        type: 'odk.conflict_resolved',
        officeId: s.office_id,
        actorId: user.id,
        subjectType: 'odk_submission',
        subjectId: id,
        data: { submissionId: id, resolution: 'applied', caseId: opened.id, reportId: null },
      });
      return { caseId: opened.id };
    });
  }
  const intake = reportIntake(def, read.answers);
  if (!intake.ok) throw new RuleError('ODK_CANNOT_APPLY', 'odk.conflicts.cannotApply');
  // Claimed first, so two people resolving at once cannot make two reports.
  if (!(await repo.updateSubmission(ctx.db, { id, expectedStatus: 'conflict', changes: { status: 'applying' } })))
    throw new ConflictError('odk.conflicts.alreadyResolved');
  try {
    const { id: reportId } = await submitReport(ctx, {
      input: intake.value,
      files: [],
      locale: user.locale,
      options: { channel: FIELD_CHANNEL, officeId: s.office_id },
    });
    await inTransaction(ctx.db, async (tx) => {
      await repo.updateSubmission(tx, { id, expectedStatus: 'applying', changes: { ...resolved, resolution: 'applied', report_id: reportId } });
      await recordEvent(tx, {
        type: 'odk.conflict_resolved',
        officeId: s.office_id,
        actorId: user.id,
        subjectType: 'odk_submission',
        subjectId: id,
        data: { submissionId: id, resolution: 'applied', caseId: null, reportId },
      });
    });
    return { reportId };
  } catch (e) {
    await repo.updateSubmission(ctx.db, { id, expectedStatus: 'applying', changes: { status: 'conflict' } });
    throw e;
  }
}
