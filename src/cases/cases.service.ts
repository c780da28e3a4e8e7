import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { nextOfficeCaseSequence, officeSummaries } from '../offices/offices.repository.js';
import { type AgeStatus, ageOnOpening } from './age.policy.js';
import { canOpenIn } from './cases.policy.js';
import * as repo from './cases.repository.js';
import type { NewCaseBody } from './cases.schema.js';
import { type ConsentInput, recordConsent } from './consent.js';
import { type DuplicateResult, findDuplicates, officeForNewCase } from './duplicates.service.js';
import { indexPerson } from './lookups.service.js';
import { insertCaseReport } from './case-reports.repository.js';
import {
  clean,
  contactKeyLabel,
  contextKeyLabel,
  identityKeyLabel,
  type PersonContact,
  type PersonIdentity,
  personFrom,
  type TraffickingContext,
} from './person.js';
import { webhookEvent } from '../webhooks/webhooks.service.js';

export type { AgeStatus } from './age.policy.js';
export { lookupTokens } from './lookups.service.js';
export type { PersonContact, PersonIdentity } from './person.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.opened': { caseNumber: string; source: string; reportId: string | null };
  }
}

export interface OpenCaseInput {
  officeId: string;
  source: 'report' | 'referral' | 'self' | 'outreach' | 'handover';
  reportId?: string | null;
  ownerId?: string | null;
  identity?: PersonIdentity;
  contact?: PersonContact;
  gender?: string | null;
  citizenship?: string[];
  ageStatus?: AgeStatus;
  /** True when the person is or may be under 18: the presumption of minority applies in doubt. */
  mayBeChild?: boolean;
  /**
   * Consent decisions the person made, recorded by whoever opens the case with them. A report's answers are never
   * passed here: they are the reporter's choices, not the person's consent.
   */
  consents?: Array<Omit<ConsentInput, 'origin'>>;
  /** The trafficking context known at opening (e.g. what a report said), sealed as the case's context group. */
  context?: TraffickingContext;
  /** The report the case is opened from: the case and the report are linked both ways. */
  report?: { id: string; reference: string };
}

export function formatCaseNumber(code: string, year: number, seq: number): string {
  return `${code}-${year}-${String(seq).padStart(5, '0')}`;
}

/**
 * Opens a case, in the caller's transaction when one is given (e.g. triage opening a case from a report
 * together with the report's state change), carrying consent choices over and writing the audit event.
 */
export async function openCase(
  ctx: AppContext,
  { actor, input, tx }: { actor: AuthUser; input: OpenCaseInput; tx?: Tx },
): Promise<{ id: string; caseNumber: string }> {
  if (!canOpenIn(actor, input.officeId)) throw new ForbiddenError();
  return tx ? insertNewCase(ctx, tx, { actorId: actor.id, input }) : inTransaction(ctx.db, (t) => insertNewCase(ctx, t, { actorId: actor.id, input }));
}

/**
 * Inserts a case with its lookups, audit event and carried-over consents, in the caller's transaction. The caller
 * has decided who may: openCase checks a staff member's office; the field intake, a device enrolled for the office.
 */
export async function insertNewCase(
  ctx: AppContext,
  db: Tx,
  { actorId, input }: { actorId: string | null; input: OpenCaseInput & { stage?: 'intake' | 'safety'; consentOrigin?: 'staff' | 'field' } },
): Promise<{ id: string; caseNumber: string }> {
  const id = newId();
  const now = nowIso();
  const { seq, code } = await nextOfficeCaseSequence(db, input.officeId);
  const caseNumber = formatCaseNumber(code, new Date().getUTCFullYear(), seq);
  const context = input.context ? clean(input.context) : undefined;
  const ageStatus: AgeStatus = input.ageStatus ?? (input.mayBeChild ? 'presumed_minor' : 'unknown');
  await repo.insertCase(db, {
    id,
    office_id: input.officeId,
    case_number: caseNumber,
    cas_status: 'Active',
    stage: input.stage ?? 'safety',
    owner_id: input.ownerId ?? null,
    source: input.source,
    report_id: input.reportId ?? input.report?.id ?? null,
    prs_gender: input.gender ?? null,
    prs_citizenship: input.citizenship ? JSON.stringify(input.citizenship) : null,
    age_status: ageStatus,
    is_child: input.mayBeChild || ageStatus === 'presumed_minor' ? 1 : 0,
    identity_enc: input.identity ? await ctx.keys.encrypt(input.officeId, input.identity, { aad: identityKeyLabel(id), db }) : null,
    contact_enc: input.contact ? await ctx.keys.encrypt(input.officeId, input.contact, { aad: contactKeyLabel(id), db }) : null,
    ...(context && Object.keys(context).length ? { context_enc: await ctx.keys.encrypt(input.officeId, context, { aad: contextKeyLabel(id), db }) } : {}),
    health_enc: null,
    testimony_enc: null,
    cas_reason_for_case_closure: null,
    opened_at: now,
    closed_at: null,
    created_at: now,
    updated_at: now,
  });
  await indexPerson(ctx, db, { c: { caseId: id, officeId: input.officeId }, identity: input.identity, contact: input.contact });
  await recordEvent(db, {
    type: 'case.opened',
    officeId: input.officeId,
    actorId,
    subjectType: 'case',
    subjectId: id,
    data: { caseNumber, source: input.source, reportId: input.reportId ?? input.report?.id ?? null },
  });
  const fromReport = input.reportId ?? input.report?.id;
  await webhookEvent(db, 'case.opened', { officeId: input.officeId, caseId: id, ...(fromReport ? { reportId: fromReport } : {}) });
  if (input.report)
    await insertCaseReport(db, {
      id: newId(),
      office_id: input.officeId,
      case_id: id,
      report_id: input.report.id,
      report_reference: input.report.reference,
      kind: 'opened',
      created_by: actorId,
      created_at: now,
    });
  // Consents are recorded with the person (by staff, or on a field device), never taken from a report's answers.
  for (const c of input.consents ?? [])
    await recordConsent(db, { actorId, record: { id, office_id: input.officeId }, input: { ...c, origin: input.consentOrigin ?? 'staff' } });
  return { id, caseNumber };
}

export type NewCase = Static<typeof NewCaseBody>;

/**
 * The check before a case worker opens a case (the form's first step): the office must be one they work in
 * (ValidationError otherwise), then the duplicate check runs.
 */
export async function checkNewCase(ctx: AppContext, actor: AuthUser, v: NewCase): Promise<DuplicateResult> {
  officeForNewCase(actor, v.officeId);
  const { identity, contact } = personFrom(v);
  return findDuplicates(ctx, { user: actor, identity, contact });
}

/**
 * Opens a case a case worker entered, through the form or the API: the same office rule and the same age
 * presumption (in doubt, a child) whichever door was used; the case worker owns it.
 */
export async function openNewCase(ctx: AppContext, actor: AuthUser, v: NewCase): Promise<{ id: string; caseNumber: string }> {
  const officeId = officeForNewCase(actor, v.officeId);
  const { identity, contact } = personFrom(v);
  const age = ageOnOpening({ mayBeChild: v.mayBeChild, birthDate: v.birthDate, estimatedAge: v.estimatedAge });
  return openCase(ctx, {
    actor,
    input: {
      officeId,
      source: v.source,
      ownerId: actor.id,
      identity,
      contact,
      gender: v.gender ?? null,
      citizenship: v.citizenship ? [v.citizenship] : [],
      ...(age.ageStatus ? { ageStatus: age.ageStatus } : {}),
      mayBeChild: age.mayBeChild,
    },
  });
}

/** The offices a case worker chooses from when opening a case: none when they work cases in only one. */
export async function newCaseOffices(ctx: AppContext, actor: AuthUser): Promise<Array<{ id: string; name: string }>> {
  const offices = officesWith(actor, 'cases.work');
  if (offices !== 'all' && offices.length <= 1) return [];
  return (await officeSummaries(ctx.db, { ids: offices, orderBy: 'name' })).map((o) => ({ id: o.id, name: o.name }));
}
