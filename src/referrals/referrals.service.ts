import type { Static } from '@sinclair/typebox';
import { recordAccess, recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, partnerOrganisations } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { assertConsent, hasConsent } from '../cases/consent.js';
import type { PersonIdentity } from '../cases/cases.service.js';
import type { CaseRow } from '../cases/cases.table.js';
import { servicesOfReferral } from '../plans/plans.repository.js';
import { recordService, todayIso } from '../plans/plans.service.js';
import { type PartnerDirectory, partnerDirectory } from './partner-directory.js';
import { canPartner, canPartnerSee, canStaff, type ReferralTransition, TRANSITIONS } from './referrals.policy.js';
import * as repo from './referrals.repository.js';
import {
  type DeclineBody,
  GRANTABLE_FIELDS,
  type GrantableField,
  type IncomingBody,
  type PartnerServiceBody,
  type ReferralBody,
  type ReferralStatus,
  type RevokeBody,
  WRITTEN_FIELDS,
} from './referrals.schema.js';
import type { ReferralRow } from './referrals.table.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'referral.created': { referralId: string; organisationId: string; service: string; fields: string[]; consentOverridden: boolean };
    'referral.incoming_recorded': { referralId: string; organisationId: string; reason: string };
    'referral.transition': { referralId: string; organisationId: string; from: string; to: string; reason: string | null };
    'referral.service_recorded': { referralId: string; serviceId: string; service: string };
    'referral.follow_up_due': { referralId: string; organisationId: string };
  }
}

/** The granted values, by field code. Values are what the partner needs, nothing more. */
export type GrantValues = Partial<Record<GrantableField, string | string[]>>;

/** An age band instead of a birth date: enough to plan a service, not enough to identify. */
export function ageBand(identity: PersonIdentity | null, isChild: boolean, now = new Date()): string {
  let age: number | undefined;
  if (identity?.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(identity.birthDate)) {
    const b = new Date(`${identity.birthDate}T00:00:00Z`);
    age =
      now.getUTCFullYear() -
      b.getUTCFullYear() -
      (now.getUTCMonth() < b.getUTCMonth() || (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate()) ? 1 : 0);
  } else if (typeof identity?.estimatedAge === 'number') {
    age = identity.estimatedAge;
  }
  if (age === undefined || Number.isNaN(age)) return isChild ? 'minor' : 'unknown';
  if (age < 12) return 'under12';
  if (age < 18) return '12to17';
  if (isChild) return 'minor';
  if (age < 25) return '18to24';
  if (age < 35) return '25to34';
  if (age < 50) return '35to49';
  return '50plus';
}

async function buildGrant(ctx: AppContext, record: CaseRow, input: Static<typeof ReferralBody>): Promise<GrantValues> {
  const fields = [...new Set(input.fields)];
  const missing: Record<string, string> = {};
  for (const f of WRITTEN_FIELDS) if (fields.includes(f) && !input[f]?.trim()) missing[f] = 'referrals.errors.writeField';
  if (Object.keys(missing).length > 0) throw new ValidationError(missing);
  const identity = record.identity_enc ? await ctx.keys.decrypt<PersonIdentity>(record.identity_enc, `cases.identity:${record.id}`) : null;
  const values: GrantValues = {};
  for (const f of fields) {
    switch (f) {
      case 'firstName':
        if (identity?.firstName) values.firstName = identity.firstName;
        break;
      case 'ageBand':
        values.ageBand = ageBand(identity, record.is_child === 1);
        break;
      case 'gender':
        if (record.prs_gender) values.gender = record.prs_gender;
        break;
      case 'languages':
        if (identity?.languages?.length) values.languages = identity.languages;
        break;
      case 'citizenship':
        if (record.prs_citizenship) values.citizenship = JSON.parse(record.prs_citizenship) as string[];
        break;
      case 'needsSummary':
      case 'safeContact':
      case 'medicalNotes':
        values[f] = (input[f] ?? '').trim();
        break;
    }
  }
  return values;
}

/**
 * Refers the person to a partner for a service. The server checks, in this order: the case policy, that the
 * organisation is an active partner, the person's consent to share with THAT partner (or a supervisor's
 * override with a reason, audited), the data-sharing agreement, and medical consent for medical notes.
 * The grant (named fields and their values at this moment) is stored encrypted with the referral.
 */
export async function createReferral(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  input: Static<typeof ReferralBody>,
  directory: PartnerDirectory = partnerDirectory(),
): Promise<string> {
  if (!canStaff(actor, record)) throw new ForbiddenError();
  const org = await ctx.db.selectFrom('organisations').select(['id', 'is_partner', 'active']).where('id', '=', input.organisationId).executeTakeFirst();
  if (org?.is_partner !== 1 || org.active !== 1) throw new ValidationError({ organisationId: 'referrals.errors.partner' });
  // Only a partner the directory offers for this office and need (the partners module filters by services offered).
  const offered = await directory.findPartnersForNeed(ctx.db, { officeId: record.office_id, service: input.service });
  if (!offered.some((p) => p.id === org.id)) throw new ValidationError({ organisationId: 'referrals.errors.partner' });
  const grant = await buildGrant(ctx, record, input);
  const overrideReason = input.overrideReason?.trim();
  return inTransaction(ctx.db, async (tx) => {
    const consented = await hasConsent(tx, record.id, 'sharing', org.id);
    await assertConsent(tx, actor, record, 'sharing', {
      organisationId: org.id,
      action: 'refer',
      ...(overrideReason ? { override: { reason: overrideReason } } : {}),
    });
    const now = nowIso();
    await directory.assertAgreementValid(tx, org.id, now);
    if (grant.medicalNotes !== undefined && !(await hasConsent(tx, record.id, 'medical')))
      throw new RuleError('MEDICAL_CONSENT_REQUIRED', 'referrals.errors.medicalConsent');
    const id = newId();
    const fields = GRANTABLE_FIELDS.filter((f) => input.fields.includes(f));
    const details = input.details?.trim();
    await repo.insertReferral(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      direction: 'outgoing',
      organisation_id: org.id,
      service: input.service,
      reason: input.reason,
      details_enc: details ? await ctx.keys.encrypt(record.office_id, details, `referrals.details:${id}`, tx) : null,
      status: 'pending',
      grant_fields: JSON.stringify(fields),
      grant_enc: await ctx.keys.encrypt(record.office_id, grant, `referrals.grant:${id}`, tx),
      consent_overridden: consented ? 0 : 1,
      referral_date: todayIso(),
      created_by: actor.id,
      responded_at: null,
      responded_by: null,
      decline_reason: null,
      ended_at: null,
      end_reason: null,
      follow_up_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'referral.created',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { referralId: id, organisationId: org.id, service: input.service, fields, consentOverridden: !consented },
    });
    return id;
  });
}

/** Records that another organisation referred the person to this office (HTCDS incoming referral). */
export async function recordIncomingReferral(ctx: AppContext, actor: AuthUser, record: CaseRow, input: Static<typeof IncomingBody>): Promise<string> {
  if (!canStaff(actor, record)) throw new ForbiddenError();
  const org = await ctx.db.selectFrom('organisations').select('id').where('id', '=', input.organisationId).executeTakeFirst();
  if (!org) throw new ValidationError({ organisationId: 'referrals.errors.organisation' });
  return inTransaction(ctx.db, async (tx) => {
    const id = newId();
    const now = nowIso();
    const details = input.details?.trim();
    await repo.insertReferral(tx, {
      id,
      office_id: record.office_id,
      case_id: record.id,
      direction: 'incoming',
      organisation_id: org.id,
      service: input.service ?? 'none',
      reason: input.reason,
      details_enc: details ? await ctx.keys.encrypt(record.office_id, details, `referrals.details:${id}`, tx) : null,
      status: 'accepted',
      grant_fields: '[]',
      grant_enc: null,
      referral_date: input.referralDate,
      created_by: actor.id,
      responded_at: now,
      responded_by: actor.id,
      decline_reason: null,
      ended_at: null,
      end_reason: null,
      follow_up_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'referral.incoming_recorded',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { referralId: id, organisationId: org.id, reason: input.reason },
    });
    return id;
  });
}

export interface StaffReferralView {
  id: string;
  direction: string;
  organisationId: string;
  organisationName: string;
  service: string;
  reason: string;
  details: string | null;
  status: string;
  referralDate: string;
  fields: GrantableField[];
  grant: GrantValues;
  consentOverridden: boolean;
  declineReason: string | null;
  endReason: string | null;
  followUpDue: boolean;
  version: number;
}

/**
 * A referral under its HTCDS names (cas_ referral details), for exchange and for the export of a case:
 * outgoing referrals name the referred organisation, incoming ones the referring organisation.
 */
export function htcdsReferral(r: StaffReferralView): Record<string, string | null> {
  if (r.direction === 'incoming') {
    return {
      cas_ReferringOrganisation: r.organisationName,
      cas_IncomingReferralDate: r.referralDate,
      cas_ReasonForIncomingReferral: r.reason,
      cas_IncomingReferralDetails: r.details,
    };
  }
  return {
    cas_ReferredOrganisation: r.organisationName,
    cas_OutgoingReferralDate: r.referralDate,
    cas_ReasonForOutgoingReferral: r.reason,
    cas_OutgoingReferralDetails: r.details,
  };
}

/** A case's referrals for its staff (the caller loaded the case through loadCaseFor). */
export async function caseReferrals(ctx: AppContext, record: Pick<CaseRow, 'id'>): Promise<StaffReferralView[]> {
  const rows = await repo.referralsOfCase(ctx.db, record.id);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      direction: r.direction,
      organisationId: r.organisation_id,
      organisationName: r.org_name,
      service: r.service,
      reason: r.reason,
      details: r.details_enc ? await ctx.keys.decrypt<string>(r.details_enc, `referrals.details:${r.id}`) : null,
      status: r.status,
      referralDate: r.referral_date,
      fields: JSON.parse(r.grant_fields) as GrantableField[],
      grant: r.grant_enc ? await ctx.keys.decrypt<GrantValues>(r.grant_enc, `referrals.grant:${r.id}`) : {},
      consentOverridden: r.consent_overridden === 1,
      declineReason: r.decline_reason,
      endReason: r.end_reason,
      followUpDue: r.status === 'pending' && r.follow_up_at !== null,
      version: r.version,
    })),
  );
}

async function applyTransition(
  ctx: AppContext,
  actor: AuthUser,
  row: ReferralRow,
  transition: ReferralTransition,
  input: { version: number; reason?: string },
): Promise<ReferralStatus> {
  return inTransaction(ctx.db, async (tx) => {
    const current = await repo.findReferral(tx, row.id);
    if (!current) throw new NotFoundError();
    if (current.version !== input.version) throw new StaleVersionError();
    const to = TRANSITIONS[current.status as ReferralStatus]?.[transition];
    if (!to) throw new RuleError('INVALID_TRANSITION', `referrals.errors.transition.${current.status}`);
    const now = nowIso();
    const ends = to === 'completed' || to === 'revoked' || to === 'declined';
    const ok = await repo.updateReferral(tx, current.id, current.version, current.status, {
      status: to,
      ...(transition === 'accept' || transition === 'decline' ? { responded_at: now, responded_by: actor.id } : {}),
      ...(transition === 'decline' ? { decline_reason: input.reason ?? null } : {}),
      ...(transition === 'revoke' ? { end_reason: input.reason ?? null } : {}),
      ...(ends ? { ended_at: now } : {}),
      updated_at: now,
    });
    if (!ok) throw new StaleVersionError();
    await recordEvent(tx, {
      type: 'referral.transition',
      officeId: current.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: current.case_id,
      data: { referralId: current.id, organisationId: current.organisation_id, from: current.status, to, reason: input.reason ?? null },
    });
    return to;
  });
}

async function staffReferral(ctx: AppContext, record: Pick<CaseRow, 'id'>, referralId: string): Promise<ReferralRow> {
  const row = await repo.findReferral(ctx.db, referralId);
  if (!row || row.case_id !== record.id || row.direction !== 'outgoing') throw new NotFoundError();
  return row;
}

/** Staff complete or revoke an outgoing referral of a case they may refer from. */
export async function staffTransition(
  ctx: AppContext,
  actor: AuthUser,
  record: CaseRow,
  referralId: string,
  transition: 'complete' | 'revoke',
  input: Static<typeof RevokeBody> | { version: number },
): Promise<ReferralStatus> {
  if (!canStaff(actor, record, transition)) throw new ForbiddenError();
  const row = await staffReferral(ctx, record, referralId);
  return applyTransition(ctx, actor, row, transition, { version: input.version, ...('reason' in input ? { reason: input.reason } : {}) });
}

/**
 * The referral as its partner may reach it: an outgoing referral to one of their organisations, still live,
 * with the person's consent to share still standing (unless a supervisor overrode it) and a valid agreement.
 * Anything else is "not found": a partner learns nothing about referrals that are not theirs or have ended.
 */
export async function partnerReferral(
  ctx: AppContext,
  user: AuthUser,
  referralId: string,
  directory: PartnerDirectory = partnerDirectory(),
): Promise<ReferralRow> {
  const row = await repo.findReferral(ctx.db, referralId);
  if (!row || !canPartnerSee(user, row)) throw new NotFoundError();
  if (row.consent_overridden !== 1 && !(await hasConsent(ctx.db, row.case_id, 'sharing', row.organisation_id))) throw new NotFoundError();
  try {
    await directory.assertAgreementValid(ctx.db, row.organisation_id, nowIso());
  } catch {
    throw new NotFoundError();
  }
  return row;
}

export interface PartnerReferralView {
  id: string;
  reference: string;
  organisationName: string;
  officeName: string;
  service: string;
  reason: string;
  status: string;
  referralDate: string;
  fields: GrantableField[];
  grant: GrantValues;
  services: Array<{ id: string; service: string; deliveredOn: string; notes: string | null }>;
  version: number;
}

/** A short reference the partner and the office can quote to each other (not the case number). */
export function referralReference(id: string): string {
  return `R-${id.replace(/-/g, '').slice(-8).toUpperCase()}`;
}

/**
 * What a partner sees of one referral: only the granted fields and the services they recorded. Every read of a
 * grant is written to the access log, against the case, naming the referral.
 */
export async function partnerReferralView(ctx: AppContext, user: AuthUser, referralId: string, via: string): Promise<PartnerReferralView> {
  const row = await partnerReferral(ctx, user, referralId);
  const [org, office] = await Promise.all([
    ctx.db.selectFrom('organisations').select('org_name').where('id', '=', row.organisation_id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('offices').select('name').where('id', '=', row.office_id).executeTakeFirstOrThrow(),
  ]);
  const fields = JSON.parse(row.grant_fields) as GrantableField[];
  const stored = row.grant_enc ? await ctx.keys.decrypt<GrantValues>(row.grant_enc, `referrals.grant:${row.id}`) : {};
  // Only the named fields leave, even if the stored grant held more.
  const grant: GrantValues = {};
  for (const f of fields) if (stored[f] !== undefined) grant[f] = stored[f];
  const services = await servicesOfReferral(ctx.db, row.id);
  await recordAccess(ctx.db, {
    officeId: row.office_id,
    actorId: user.id,
    action: `partner.grant_read ${via} referral:${row.id}`.slice(0, 200),
    subjectType: 'case',
    subjectId: row.case_id,
  });
  return {
    id: row.id,
    reference: referralReference(row.id),
    organisationName: org.org_name,
    officeName: office.name,
    service: row.service,
    reason: row.reason,
    status: row.status,
    referralDate: row.referral_date,
    fields,
    grant,
    services: await Promise.all(
      services.map(async (s) => ({
        id: s.id,
        service: s.service,
        deliveredOn: s.delivered_on,
        notes: s.notes_enc ? await ctx.keys.decrypt<string>(s.notes_enc, `plan_services.notes:${s.id}`) : null,
      })),
    ),
    version: row.version,
  };
}

/** The partner portal's list: live referrals of the user's organisations (no granted values: those are read one by one). */
export async function partnerReferralList(ctx: AppContext, user: AuthUser) {
  const rows = await repo.liveReferralsFor(ctx.db, partnerOrganisations(user));
  return rows.map((r) => ({
    id: r.id,
    reference: referralReference(r.id),
    organisationName: r.org_name,
    officeName: r.office_name,
    service: r.service,
    status: r.status,
    referralDate: r.referral_date,
  }));
}

export async function partnerTransition(
  ctx: AppContext,
  actor: AuthUser,
  referralId: string,
  transition: 'accept' | 'decline' | 'complete',
  input: Static<typeof DeclineBody> | { version: number },
): Promise<ReferralStatus> {
  const row = await partnerReferral(ctx, actor, referralId);
  if (!canPartner(actor, row, transition)) throw new ForbiddenError();
  return applyTransition(ctx, actor, row, transition, { version: input.version, ...('reason' in input ? { reason: input.reason } : {}) });
}

/** A partner records what they delivered, on an accepted referral only. */
export async function partnerRecordService(ctx: AppContext, actor: AuthUser, referralId: string, input: Static<typeof PartnerServiceBody>): Promise<string> {
  const row = await partnerReferral(ctx, actor, referralId);
  if (row.status !== 'accepted') throw new RuleError('NOT_ACCEPTED', 'referrals.errors.notAccepted');
  return inTransaction(ctx.db, async (tx) => {
    const serviceId = await recordService(ctx, actor.id, { id: row.case_id, office_id: row.office_id }, input, {
      referralId: row.id,
      organisationId: row.organisation_id,
      tx,
    });
    await recordEvent(tx, {
      type: 'referral.service_recorded',
      officeId: row.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: row.case_id,
      data: { referralId: row.id, serviceId, service: input.service },
    });
    return serviceId;
  });
}

/** The follow-up pass of the scheduled job: referrals still pending after `days` days get a follow-up reminder, once. */
export async function raiseReferralFollowUps(ctx: AppContext, days = 7, now = new Date()): Promise<number> {
  const before = todayIso(new Date(now.getTime() - days * 86_400_000));
  let count = 0;
  for (;;) {
    const batch = await repo.unansweredReferrals(ctx.db, before, 200);
    if (batch.length === 0) return count;
    for (const r of batch) {
      await inTransaction(ctx.db, async (tx) => {
        const u = await tx.updateTable('referrals').set({ follow_up_at: nowIso() }).where('id', '=', r.id).where('follow_up_at', 'is', null).executeTakeFirst();
        if (Number(u.numUpdatedRows) !== 1) return;
        await recordEvent(tx, {
          type: 'referral.follow_up_due',
          officeId: r.office_id,
          actorId: null,
          subjectType: 'case',
          subjectId: r.case_id,
          data: { referralId: r.id, organisationId: r.organisation_id },
        });
        count++;
      });
    }
    if (batch.length < 200) return count;
  }
}
