import type { Static } from '@sinclair/typebox';
import type { PersonContact } from '../cases/cases.service.js';
import type { CaseRow } from '../cases/cases.table.js';
import { assertConsent, contactKeyLabel, hasConsent } from '../cases/index.js';
import { findOrganisation, organisationNames, organisationSummaries } from '../offices/offices.repository.js';
import { type PartnerSummary, partnerDirectory } from '../partners/referral-directory.service.js';
import { todayIso } from '../plans/plans.service.js';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction, type Tx } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { buildGrant, type GrantValues, grantFields, storedGrant } from './grant.service.js';
import { canOverrideConsent, canStaff, type ReferralTransition, TRANSITIONS } from './referrals.policy.js';
import * as repo from './referrals.repository.js';
import { GRANTABLE_FIELDS, type GrantableField, type IncomingBody, type ReferralBody, type ReferralStatus, type RevokeBody } from './referrals.schema.js';
import type { ReferralRow } from './referrals.table.js';
import { notify } from '../notifications/notify.service.js';
import { webhookEvent } from '../webhooks/webhooks.service.js';
import { referralDaysOf } from '../notifications/clocks.service.js';
import * as people from './thread.repository.js';
import { type ReferralPeople, referralPeople } from './referral-people.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'referral.created': { referralId: string; organisationId: string; service: string; fields: string[]; consentOverridden: boolean };
    'referral.incoming_recorded': { referralId: string; organisationId: string; reason: string };
    'referral.transition': { referralId: string; organisationId: string; from: string; to: string; reason: string | null };
    'referral.service_recorded': { referralId: string; serviceId: string; service: string };
    'referral.follow_up_due': { referralId: string; organisationId: string };
  }
}

export { todayIso } from '../plans/plans.service.js';

/** A short reference the partner and the office can quote to each other (not the case number). */
export function referralReference(id: string): string {
  return `R-${id.replace(/-/g, '').slice(-8).toUpperCase()}`;
}

/** What both directions of a new referral share: the case, the organisation, the reason and the encrypted details. */
async function newReferralRow(
  ctx: AppContext,
  tx: Tx,
  r: { record: CaseRow; organisationId: string; reason: string; details: string | undefined; actor: AuthUser },
) {
  const id = newId();
  const now = nowIso();
  const details = r.details?.trim();
  return {
    id,
    office_id: r.record.office_id,
    case_id: r.record.id,
    organisation_id: r.organisationId,
    reason: r.reason,
    details_enc: details ? await ctx.keys.encrypt(r.record.office_id, details, { aad: `referrals.details:${id}`, db: tx }) : null,
    created_by: r.actor.id,
    decline_reason: null,
    ended_at: null,
    end_reason: null,
    follow_up_at: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Refers the person to a partner for a service. The server checks, in this order: the case policy, that the
 * organisation is an active partner, the person's consent to share with THAT partner (or a supervisor's
 * override with a reason, audited), the data-sharing agreement, and medical consent for medical notes.
 * The grant (named fields and their values at this moment) is stored encrypted with the referral.
 */
export async function createReferral(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: Static<typeof ReferralBody> },
): Promise<string> {
  if (!canStaff(actor, record)) throw new ForbiddenError();
  const directory = partnerDirectory();
  const org = await findOrganisation(ctx.db, input.organisationId);
  if (org?.is_partner !== 1 || org.active !== 1) throw new ValidationError({ organisationId: 'referrals.errors.partner' });
  // Only a partner the directory offers for this office and need (the partners module filters by services offered).
  const offered = await directory.findPartnersForNeed(ctx.db, { officeId: record.office_id, service: input.service });
  if (!offered.some((p) => p.id === org.id)) {
    // Say why when it is the agreement (ended, withdrawn, not yet started) that keeps an otherwise suitable partner out.
    const suitable = await directory.findPartnersForNeed(ctx.db, { officeId: record.office_id, service: input.service, includeWithoutAgreement: true });
    if (suitable.some((p) => p.id === org.id)) await directory.assertAgreementValid(ctx.db, org.id, nowIso());
    throw new ValidationError({ organisationId: 'referrals.errors.partner' });
  }
  const grant = await buildGrant(ctx, record, input);
  const respondBy = await deadlineOf(ctx, record.office_id, input.respondBy);
  if (input.contactId && !(await people.officeContacts(ctx.db, record.office_id)).some((u) => u.id === input.contactId))
    throw new ValidationError({ contactId: 'referralThread.errors.contact' });
  const overrideReason = input.overrideReason?.trim();
  return inTransaction(ctx.db, async (tx) => {
    const consented = await hasConsent(tx, { caseId: record.id, purpose: 'sharing', organisationId: org.id });
    await assertConsent(tx, {
      actor,
      record,
      purpose: 'sharing',
      opts: {
        organisationId: org.id,
        action: 'refer',
        ...(overrideReason ? { override: { reason: overrideReason } } : {}),
      },
    });
    const base = await newReferralRow(ctx, tx, { record, organisationId: org.id, reason: input.reason, details: input.details, actor });
    await directory.assertAgreementValid(tx, org.id, base.created_at);
    if (grant.medicalNotes !== undefined && !(await hasConsent(tx, { caseId: record.id, purpose: 'medical' })))
      throw new RuleError('MEDICAL_CONSENT_REQUIRED', 'referrals.errors.medicalConsent');
    const fields = GRANTABLE_FIELDS.filter((f) => input.fields.includes(f));
    await repo.insertReferral(tx, {
      ...base,
      direction: 'outgoing',
      service: input.service,
      status: 'pending',
      grant_fields: JSON.stringify(fields),
      grant_enc: await ctx.keys.encrypt(record.office_id, grant, { aad: `referrals.grant:${base.id}`, db: tx }),
      consent_overridden: consented ? 0 : 1,
      referral_date: todayIso(),
      responded_at: null,
      responded_by: null,
      staff_contact_id: input.contactId && input.contactId !== actor.id ? input.contactId : null,
      respond_by: respondBy,
    });
    await recordEvent(tx, {
      type: 'referral.created',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { referralId: base.id, organisationId: org.id, service: input.service, fields, consentOverridden: !consented },
    });
    await notify(ctx, tx, { event: 'referral_received', organisationId: org.id, officeId: record.office_id, referralId: base.id, actorId: actor.id });
    await webhookEvent(tx, 'referral.created', { officeId: record.office_id, caseId: record.id, referralId: base.id, organisationId: org.id });
    return base.id;
  });
}

/** Latest deadline a referral may be given (days from today). */
const MAX_DEADLINE_DAYS = 180;

/** The answer's deadline: the one chosen (today to six months ahead), else the office's referral time limit. */
async function deadlineOf(ctx: AppContext, officeId: string, chosen: string | undefined): Promise<string> {
  const today = todayIso();
  const plus = (days: number) => todayIso(new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000));
  if (!chosen) return plus(await referralDaysOf(ctx, officeId));
  if (chosen < today || chosen > plus(MAX_DEADLINE_DAYS)) throw new ValidationError({ respondBy: 'referralThread.errors.respondBy' });
  return chosen;
}

/** Records that another organisation referred the person to this office (HTCDS incoming referral). */
export async function recordIncomingReferral(
  ctx: AppContext,
  { actor, record, input }: { actor: AuthUser; record: CaseRow; input: Static<typeof IncomingBody> },
): Promise<string> {
  if (!canStaff(actor, record)) throw new ForbiddenError();
  const org = await findOrganisation(ctx.db, input.organisationId);
  if (!org) throw new ValidationError({ organisationId: 'referrals.errors.organisation' });
  return inTransaction(ctx.db, async (tx) => {
    const base = await newReferralRow(ctx, tx, { record, organisationId: org.id, reason: input.reason, details: input.details, actor });
    await repo.insertReferral(tx, {
      ...base,
      direction: 'incoming',
      service: input.service ?? 'none',
      status: 'accepted',
      grant_fields: '[]',
      grant_enc: null,
      referral_date: input.referralDate,
      responded_at: base.created_at,
      responded_by: actor.id,
      staff_contact_id: null,
      partner_contact_id: null,
      respond_by: null,
    });
    await recordEvent(tx, {
      type: 'referral.incoming_recorded',
      officeId: record.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: record.id,
      data: { referralId: base.id, organisationId: org.id, reason: input.reason },
    });
    return base.id;
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
  /** The named contact on each side and the answer's deadline. */
  people: ReferralPeople;
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
  const names = await organisationNames(ctx.db, [...new Set(rows.map((r) => r.organisation_id))]);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      direction: r.direction,
      organisationId: r.organisation_id,
      organisationName: names.get(r.organisation_id) ?? '',
      service: r.service,
      reason: r.reason,
      details: r.details_enc ? await ctx.keys.decrypt<string>(r.details_enc, `referrals.details:${r.id}`) : null,
      status: r.status,
      referralDate: r.referral_date,
      fields: grantFields(r),
      grant: await storedGrant(ctx, r),
      consentOverridden: r.consent_overridden === 1,
      declineReason: r.decline_reason,
      endReason: r.end_reason,
      followUpDue: r.status === 'pending' && r.follow_up_at !== null,
      people: await referralPeople(ctx, r, todayIso()),
      version: r.version,
    })),
  );
}

/** The case's referrals page as this user may see it: its referrals, the partners on offer, and what the form allows. */
export type OutgoingReferral = StaffReferralView & { reference: string };

export interface CaseReferralsModel {
  outgoing: OutgoingReferral[];
  incoming: StaffReferralView[];
  partners: PartnerSummary[];
  /** What the form proposes as the safe contact (the case's own note), until the person types another. */
  safeContact: string;
  /** Whether the form offers a supervisor's override of a missing consent. */
  canOverride: boolean;
  /** Whom the form offers as the office's contact (the one referring first), and the deadline it proposes. */
  contacts: Array<{ id: string; name: string }>;
  defaultRespondBy: string;
  userId: string;
}

export async function caseReferralsPage(ctx: AppContext, actor: AuthUser, record: CaseRow): Promise<CaseReferralsModel> {
  const referrals = await caseReferrals(ctx, record);
  const partners = await partnerDirectory().findPartnersForNeed(ctx.db, { officeId: record.office_id });
  const contact = record.contact_enc ? await ctx.keys.decrypt<PersonContact>(record.contact_enc, contactKeyLabel(record.id)) : null;
  return {
    outgoing: referrals.filter((r) => r.direction === 'outgoing').map((r) => ({ ...r, reference: referralReference(r.id) })),
    incoming: referrals.filter((r) => r.direction === 'incoming'),
    partners,
    safeContact: contact?.safeContactNotes ?? '',
    canOverride: canOverrideConsent(actor, record),
    contacts: (await people.officeContacts(ctx.db, record.office_id)).map((u) => ({ id: u.id, name: u.display_name })),
    defaultRespondBy: await deadlineOf(ctx, record.office_id, undefined),
    userId: actor.id,
  };
}

/** The organisations an incoming referral can come from: any active one. */
export async function referringOrganisations(ctx: AppContext): Promise<Array<{ id: string; name: string }>> {
  return (await organisationSummaries(ctx.db, { activeOnly: true })).map((o) => ({ id: o.id, name: o.org_name }));
}

/** A change of status asked for at a version, with its reason where the transition takes one. */
export interface TransitionRequest {
  row: ReferralRow;
  transition: ReferralTransition;
  version: number;
  reason?: string | undefined;
}

/** Moves a referral along the state machine, from the status and version the caller saw; audited. */
export async function applyTransition(ctx: AppContext, actor: AuthUser, change: TransitionRequest): Promise<ReferralStatus> {
  const { transition } = change;
  return inTransaction(ctx.db, async (tx) => {
    const current = await repo.findReferral(tx, change.row.id);
    if (!current) throw new NotFoundError();
    if (current.version !== change.version) throw new StaleVersionError();
    const to = TRANSITIONS[current.status as ReferralStatus]?.[transition];
    if (!to) throw new RuleError('INVALID_TRANSITION', `referrals.errors.transition.${current.status}`);
    const now = nowIso();
    const ends = to === 'completed' || to === 'revoked' || to === 'declined';
    const ok = await repo.updateReferral(tx, {
      id: current.id,
      version: current.version,
      fromStatus: current.status,
      set: {
        status: to,
        ...(transition === 'accept' || transition === 'decline' ? { responded_at: now, responded_by: actor.id } : {}),
        ...(transition === 'decline' ? { decline_reason: change.reason ?? null } : {}),
        ...(transition === 'revoke' ? { end_reason: change.reason ?? null } : {}),
        ...(ends ? { ended_at: now } : {}),
        updated_at: now,
      },
    });
    if (!ok) throw new StaleVersionError();
    // Whoever accepts a referral is the partner's contact for it, unless one was named before.
    if (transition === 'accept') await people.setPartnerContactIfNone(tx, current.id, actor.id);
    await recordEvent(tx, {
      type: 'referral.transition',
      officeId: current.office_id,
      actorId: actor.id,
      subjectType: 'case',
      subjectId: current.case_id,
      data: { referralId: current.id, organisationId: current.organisation_id, from: current.status, to, reason: change.reason ?? null },
    });
    if (transition === 'accept' || transition === 'decline' || transition === 'complete')
      await webhookEvent(tx, 'referral.answered', {
        officeId: current.office_id,
        caseId: current.case_id,
        referralId: current.id,
        organisationId: current.organisation_id,
        status: to,
      });
    return to;
  });
}

/** The version and, for a decline or a revocation, the reason of a transition's body. */
export function transitionInput(input: { version: number; reason?: string }): { version: number; reason?: string } {
  return { version: input.version, ...('reason' in input ? { reason: input.reason } : {}) };
}

/** Staff complete or revoke an outgoing referral of a case they may refer from. */
export async function staffTransition(
  ctx: AppContext,
  {
    actor,
    record,
    referralId,
    transition,
    input,
  }: { actor: AuthUser; record: CaseRow; referralId: string; transition: 'complete' | 'revoke'; input: Static<typeof RevokeBody> | { version: number } },
): Promise<ReferralStatus> {
  if (!canStaff(actor, record, transition)) throw new ForbiddenError();
  const row = await repo.findReferral(ctx.db, referralId);
  if (!row || row.case_id !== record.id || row.direction !== 'outgoing') throw new NotFoundError();
  return applyTransition(ctx, actor, { row, transition, ...transitionInput(input) });
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
        if (!(await repo.markFollowUpDue(tx, r.id, nowIso()))) return;
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
