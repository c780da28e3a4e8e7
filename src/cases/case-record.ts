import type { Static } from '@sinclair/typebox';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { laterStage, type Stage, updateCaseChecked } from './case-version.js';
import { assertDurableSolutionAllowed } from './children.js';
import { assertConsent } from './consent.js';
import { can } from './cases.policy.js';
import { insertLookups } from './cases.repository.js';
import type { DuplicateBody, EditCaseBody } from './cases.schema.js';
import { lookupTokens, type PersonContact, type PersonIdentity } from './cases.service.js';
import type { CaseRow } from './cases.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.updated': { groups: string[] };
    'case.assigned': { ownerId: string; previousOwnerId: string | null };
    'case.status_decided': { status: string; decisionOrg: string };
    'case.stage_changed': { from: string; to: string };
    'case.perpetrator_added': { perpetratorId: string; role: string };
    'case.perpetrator_removed': { perpetratorId: string };
  }
}

/** HTCDS vic_: the trafficking context, one encrypted group. */
export interface TraffickingContext {
  recruitmentMethod?: string;
  recruitmentPlace?: string;
  recruitmentDate?: string;
  relationship?: string;
  methodsOfControl?: string[];
  exploitationTypes?: string[];
  industry?: string;
  exploitationPlace?: string;
  exploitationFrom?: string;
  exploitationTo?: string;
}

export interface IncomingReferral {
  referringOrganisation?: string;
  referralDate?: string;
  referralReason?: string;
  referralDetails?: string;
}

export interface CasePerson {
  identity: PersonIdentity;
  contact: PersonContact;
  context: TraffickingContext;
  referral: IncomingReferral;
}

export async function readPerson(ctx: AppContext, record: CaseRow): Promise<CasePerson> {
  const dec = async <T>(v: string | null, aad: string): Promise<T> => (v ? await ctx.keys.decrypt<T>(v, aad) : ({} as T));
  return {
    identity: await dec<PersonIdentity>(record.identity_enc, `cases.identity:${record.id}`),
    contact: await dec<PersonContact>(record.contact_enc, `cases.contact:${record.id}`),
    context: await dec<TraffickingContext>(record.context_enc, `cases.context:${record.id}`),
    referral: await dec<IncomingReferral>(record.referral_enc, `cases.referral:${record.id}`),
  };
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}

/** The identity and contact groups from the person fields of a form or body. */
export function personFrom(v: Static<typeof DuplicateBody>): { identity: PersonIdentity; contact: PersonContact } {
  const splitList = (s?: string) =>
    (s ?? '')
      .split(/[,;\n]/)
      .map((x) => x.trim())
      .filter(Boolean)
      .slice(0, 10);
  const identity: PersonIdentity = clean({
    firstName: v.firstName,
    middleName: v.middleName,
    lastName: v.lastName,
    aliases: splitList(v.aliases),
    birthDate: v.birthDate,
    estimatedAge: v.estimatedAge,
    documents: v.documentNumber ? [{ type: v.documentType ?? 'other', number: v.documentNumber }] : undefined,
    languages: splitList(v.languages),
  });
  const contact: PersonContact = clean({ phones: v.phone ? [v.phone] : undefined, email: v.email, address: v.address });
  return { identity, contact };
}

/** Saves the person, the trafficking context and the incoming referral, refusing a stale version. */
export async function updateCaseRecord(ctx: AppContext, actor: AuthUser, record: CaseRow, v: Static<typeof EditCaseBody>): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const { identity, contact } = personFrom(v);
  const context: TraffickingContext = clean({
    recruitmentMethod: v.recruitmentMethod,
    recruitmentPlace: v.recruitmentPlace,
    recruitmentDate: v.recruitmentDate,
    relationship: v.relationship,
    methodsOfControl: v.methodsOfControl,
    exploitationTypes: v.exploitationTypes,
    industry: v.industry,
    exploitationPlace: v.exploitationPlace,
    exploitationFrom: v.exploitationFrom,
    exploitationTo: v.exploitationTo,
  });
  const referral: IncomingReferral = clean({
    referringOrganisation: v.referringOrganisation,
    referralDate: v.referralDate,
    referralReason: v.referralReason,
    referralDetails: v.referralDetails,
  });
  await inTransaction(ctx.db, async (tx) => {
    const enc = (value: object, aad: string) =>
      Object.keys(value).length ? ctx.keys.encrypt(record.office_id, value, `${aad}:${record.id}`, tx) : Promise.resolve(null);
    await updateCaseChecked(tx, record.id, v.version, {
      identity_enc: await enc(identity, 'cases.identity'),
      contact_enc: await enc(contact, 'cases.contact'),
      context_enc: await enc(context, 'cases.context'),
      referral_enc: await enc(referral, 'cases.referral'),
      prs_gender: v.gender ?? null,
      prs_citizenship: v.citizenship ? JSON.stringify([v.citizenship]) : null,
    });
    await insertLookups(tx, record.id, record.office_id, await lookupTokens(ctx, identity, contact, tx));
    await recordEvent(tx, {
      type: 'case.updated',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { groups: ['identity', 'contact', 'context', 'referral'] },
    });
  });
}

/** Staff of the case's office who can hold a caseload. */
export async function assignableUsers(ctx: AppContext, officeId: string) {
  return ctx.db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .where('memberships.office_id', '=', officeId)
    .where('memberships.role', 'in', ['case_worker', 'supervisor'])
    .select(['users.id', 'users.display_name'])
    .distinct()
    .orderBy('users.display_name')
    .execute();
}

export async function assignCase(ctx: AppContext, actor: AuthUser, record: CaseRow, ownerId: string, version: number): Promise<void> {
  if (!can(actor, 'assign', record)) throw new ForbiddenError();
  const candidates = await assignableUsers(ctx, record.office_id);
  if (!candidates.some((u) => u.id === ownerId)) throw new RuleError('OWNER_NOT_IN_OFFICE', 'cases.assign.notInOffice');
  await inTransaction(ctx.db, async (tx) => {
    await updateCaseChecked(tx, record.id, version, { owner_id: ownerId });
    await recordEvent(tx, {
      type: 'case.assigned',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { ownerId, previousOwnerId: record.owner_id },
    });
  });
}

/** The trafficking status is a person's decision (a supervisor), never the screening's; the deciding organisation is kept. */
export async function decideStatus(ctx: AppContext, actor: AuthUser, record: CaseRow, status: string, decisionOrg: string, version: number): Promise<void> {
  if (!can(actor, 'decide', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    await updateCaseChecked(tx, record.id, version, {
      vic_trafficking_status: status,
      vic_status_decision_org: decisionOrg,
      vic_status_decided_by: actor.id,
      vic_status_decided_at: nowIso(),
      stage: laterStage(record.stage, 'assessment'),
    });
    await recordEvent(tx, {
      type: 'case.status_decided',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { status, decisionOrg },
    });
  });
}

/** Moves the case to a lifecycle step: assistance needs consent; a durable solution for a child needs its safeguards first. */
export async function moveStage(ctx: AppContext, actor: AuthUser, record: CaseRow, stage: Stage, version: number, overrideReason?: string): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  await inTransaction(ctx.db, async (tx) => {
    // Assistance is given only with the person's consent to it (or a supervisor's audited override).
    if (stage === 'plan' || stage === 'assistance') await assertConsent(tx, actor, record, 'assistance', { action: `stage:${stage}`, ...(overrideReason ? { override: { reason: overrideReason } } : {}) });
    if (stage === 'solution' || stage === 'followup') await assertDurableSolutionAllowed(tx, record);
    await updateCaseChecked(tx, record.id, version, { stage, cas_status: stage === 'followup' ? 'FollowUp' : 'Active' });
    await recordEvent(tx, {
      type: 'case.stage_changed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { from: record.stage, to: stage },
    });
  });
}

export async function addPerpetrator(ctx: AppContext, actor: AuthUser, record: CaseRow, role: string, details?: string): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('case_perpetrators')
      .values({
        id,
        office_id: record.office_id,
        case_id: record.id,
        per_role_in_process: role,
        details_enc: details ? await ctx.keys.encrypt(record.office_id, details, `case_perpetrators.details:${id}`, tx) : null,
        created_by: actor.id,
        created_at: nowIso(),
      })
      .execute();
    await recordEvent(tx, {
      type: 'case.perpetrator_added',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { perpetratorId: id, role },
    });
  });
  return id;
}

export async function removePerpetrator(ctx: AppContext, actor: AuthUser, record: CaseRow, perpetratorId: string): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    const r = await tx.deleteFrom('case_perpetrators').where('id', '=', perpetratorId).where('case_id', '=', record.id).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw new NotFoundError();
    await recordEvent(tx, {
      type: 'case.perpetrator_removed',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { perpetratorId },
    });
  });
}

export async function perpetrators(ctx: AppContext, caseId: string) {
  const rows = await ctx.db.selectFrom('case_perpetrators').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  return Promise.all(
    rows.map(async (r) => ({ ...r, details: r.details_enc ? await ctx.keys.decrypt<string>(r.details_enc, `case_perpetrators.details:${r.id}`) : '' })),
  );
}
