import type { Static } from '@sinclair/typebox';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { isClosedStatus, laterStage, type Stage } from './case-values.js';
import { assertDurableSolutionAllowed, childGates } from './children.service.js';
import { assertConsent } from './consent.js';
import { can } from './cases.policy.js';
import * as repo from './cases.repository.js';
import type { EditCaseBody } from './cases.schema.js';
import { indexPerson } from './lookups.service.js';
import { openReminders } from './reminders.service.js';
import { dueItems } from './due.service.js';
import type { CaseRow } from './cases.table.js';
import {
  type CasePerson,
  clean,
  contactKeyLabel,
  contextKeyLabel,
  identityKeyLabel,
  type IncomingReferral,
  type PersonContact,
  type PersonGroup,
  type PersonIdentity,
  perpetratorKeyLabel,
  personFrom,
  personKeyLabel,
  referralKeyLabel,
  type TraffickingContext,
} from './person.js';
import { recordCaseEvent } from './case-events.js';
import { notify } from '../notifications/notify.service.js';
import { caseStory } from './case-reports.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'case.updated': { groups: string[]; fields?: string[] };
    'case.assigned': { ownerId: string; previousOwnerId: string | null };
    'case.status_decided': { status: string; decisionOrg: string; from?: string | null; reason?: string };
    'case.stage_changed': { from: string; to: string };
    'case.perpetrator_added': { perpetratorId: string; role: string };
    'case.perpetrator_removed': { perpetratorId: string };
  }
}

/** The four sealed groups of the person, decrypted; an empty group reads as `{}`. */
export async function readPerson(ctx: AppContext, record: CaseRow): Promise<CasePerson> {
  const dec = async <T>(v: string | null, aad: string): Promise<T> => (v ? await ctx.keys.decrypt<T>(v, aad) : ({} as T));
  return {
    identity: await dec<PersonIdentity>(record.identity_enc, identityKeyLabel(record.id)),
    contact: await dec<PersonContact>(record.contact_enc, contactKeyLabel(record.id)),
    context: await dec<TraffickingContext>(record.context_enc, contextKeyLabel(record.id)),
    referral: await dec<IncomingReferral>(record.referral_enc, referralKeyLabel(record.id)),
  };
}

/** Saves the person, the trafficking context and the incoming referral, refusing a stale version. */
export async function updateCaseRecord(
  ctx: AppContext,
  { actor, record, v }: { actor: AuthUser; record: CaseRow; v: Static<typeof EditCaseBody> },
): Promise<void> {
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
  const before = await readPerson(ctx, record);
  const fields = [
    ...changedFields(before.identity, identity),
    ...changedFields(before.contact, contact),
    ...changedFields(before.context, context),
    ...changedFields(before.referral, referral),
    ...((v.gender ?? null) !== record.prs_gender ? ['gender'] : []),
    ...((v.citizenship ? JSON.stringify([v.citizenship]) : null) !== record.prs_citizenship ? ['citizenship'] : []),
  ];
  await inTransaction(ctx.db, async (tx) => {
    const enc = (value: object, group: PersonGroup) =>
      Object.keys(value).length ? ctx.keys.encrypt(record.office_id, value, { aad: personKeyLabel(group, record.id), db: tx }) : Promise.resolve(null);
    await repo.updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: v.version,
      changes: {
        identity_enc: await enc(identity, 'identity'),
        contact_enc: await enc(contact, 'contact'),
        context_enc: await enc(context, 'context'),
        referral_enc: await enc(referral, 'referral'),
        prs_gender: v.gender ?? null,
        prs_citizenship: v.citizenship ? JSON.stringify([v.citizenship]) : null,
      },
    });
    await indexPerson(ctx, tx, { c: { caseId: record.id, officeId: record.office_id }, identity, contact });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.updated', data: { groups: ['identity', 'contact', 'context', 'referral'], fields } });
  });
}

/** The names of the fields whose value differs between two versions of a sealed group (names only, never values). */
export function changedFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)).sort();
}

/** Staff of the case's office who can hold a caseload. */
export function assignableUsers(ctx: AppContext, officeId: string) {
  return repo.assignableUsers(ctx.db, officeId);
}

export async function assignCase(
  ctx: AppContext,
  { actor, record, ownerId, version }: { actor: AuthUser; record: CaseRow; ownerId: string; version: number },
): Promise<void> {
  if (!can(actor, 'assign', record)) throw new ForbiddenError();
  const candidates = await assignableUsers(ctx, record.office_id);
  if (!candidates.some((u) => u.id === ownerId)) throw new RuleError('OWNER_NOT_IN_OFFICE', 'cases.assign.notInOffice');
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateCaseChecked(tx, { caseId: record.id, expectedVersion: version, changes: { owner_id: ownerId } });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.assigned', data: { ownerId, previousOwnerId: record.owner_id } });
    await notify(ctx, tx, { event: 'case_assigned', userId: ownerId, officeId: record.office_id, caseId: record.id, actorId: actor.id });
  });
}

/** The trafficking status is a person's decision (a supervisor), never the screening's; the deciding organisation is kept. */
export async function decideStatus(
  ctx: AppContext,
  {
    actor,
    record,
    status,
    decisionOrg,
    version,
    reason,
  }: { actor: AuthUser; record: CaseRow; status: string; decisionOrg: string; version: number; reason?: string },
): Promise<void> {
  if (!can(actor, 'decide', record)) throw new ForbiddenError();
  const why = reason?.trim() ?? '';
  if (why.length < 5) throw new ValidationError({ reason: 'caseStory.errors.decisionReason' });
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: version,
      changes: {
        vic_trafficking_status: status,
        vic_status_decision_org: decisionOrg,
        vic_status_decided_by: actor.id,
        vic_status_decided_at: nowIso(),
        stage: laterStage(record.stage, 'assessment'),
      },
    });
    await recordCaseEvent(tx, {
      actorId: actor.id,
      record,
      type: 'case.status_decided',
      data: { status, decisionOrg, from: record.vic_trafficking_status, reason: why.slice(0, 1000) },
    });
  });
}

/** Moves the case to a lifecycle step: assistance needs consent; a durable solution for a child needs its safeguards first. */
export async function moveStage(
  ctx: AppContext,
  { actor, record, stage, version, overrideReason }: { actor: AuthUser; record: CaseRow; stage: Stage; version: number; overrideReason?: string },
): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  if (record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred') throw new RuleError('CASE_CLOSED', 'cases.closure.isClosed');
  await inTransaction(ctx.db, async (tx) => {
    // Assistance is given only with the person's consent to it (or a supervisor's audited override).
    if (stage === 'plan' || stage === 'assistance')
      await assertConsent(tx, {
        actor,
        record,
        purpose: 'assistance',
        opts: { action: `stage:${stage}`, ...(overrideReason ? { override: { reason: overrideReason } } : {}) },
      });
    if (stage === 'solution' || stage === 'followup') await assertDurableSolutionAllowed(tx, record);
    await repo.updateCaseChecked(tx, {
      caseId: record.id,
      expectedVersion: version,
      changes: { stage, cas_status: stage === 'followup' ? 'FollowUp' : 'Active' },
    });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.stage_changed', data: { from: record.stage, to: stage } });
  });
}

export async function addPerpetrator(
  ctx: AppContext,
  { actor, record, role, details }: { actor: AuthUser; record: CaseRow; role: string; details?: string },
): Promise<string> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  const id = newId();
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertPerpetrator(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      per_role_in_process: role,
      details_enc: details ? await ctx.keys.encrypt(record.office_id, details, { aad: perpetratorKeyLabel(id), db: tx }) : null,
      created_by: actor.id,
      created_at: nowIso(),
    });
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.perpetrator_added', data: { perpetratorId: id, role } });
  });
  return id;
}

export async function removePerpetrator(
  ctx: AppContext,
  { actor, record, perpetratorId }: { actor: AuthUser; record: CaseRow; perpetratorId: string },
): Promise<void> {
  if (!can(actor, 'edit', record)) throw new ForbiddenError();
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.deletePerpetrator(tx, record.id, perpetratorId))) throw new NotFoundError();
    await recordCaseEvent(tx, { actorId: actor.id, record, type: 'case.perpetrator_removed', data: { perpetratorId } });
  });
}

export async function perpetrators(ctx: AppContext, caseId: string) {
  const rows = await repo.perpetratorRows(ctx.db, caseId);
  return Promise.all(rows.map(async (r) => ({ ...r, details: r.details_enc ? await ctx.keys.decrypt<string>(r.details_enc, perpetratorKeyLabel(r.id)) : '' })));
}

/** What the overview shows of a case this user reads: the person, the safeguards, what is due, who may hold it. */
export async function overviewModel(ctx: AppContext, actor: AuthUser, record: CaseRow) {
  const person = await readPerson(ctx, record);
  const gates = await childGates(ctx.db, record.id);
  const perps = await perpetrators(ctx, record.id);
  const reminders = await openReminders(ctx, record.id);
  // What is due on the case: its reminders and its plan's open actions with a date (the same due service as my-work).
  const dueActions = (await dueItems(ctx, { user: actor, w: { caseId: record.id } })).filter((d) => d.source === 'action');
  const ownerName = record.owner_id ? await repo.userDisplayName(ctx.db, record.owner_id) : undefined;
  const assignable = can(actor, 'assign', record) ? await assignableUsers(ctx, record.office_id) : [];
  return {
    record,
    person,
    gates,
    perpetratorRoles: perps.map((p) => p.per_role_in_process),
    reminders,
    dueActions,
    ownerName,
    assignable,
    closed: isClosedStatus(record.cas_status),
    today: new Date().toISOString().slice(0, 10),
    story: await caseStory(ctx, actor, record),
  };
}

/** What the edit page shows: the record's person and its perpetrators. */
export async function editModel(ctx: AppContext, record: CaseRow) {
  return { record, person: await readPerson(ctx, record), perpetrators: await perpetrators(ctx, record.id) };
}

export type { CasePerson, IncomingReferral, TraffickingContext } from './person.js';
export { personFrom } from './person.js';
