import type { Static } from '@sinclair/typebox';
import { hasConsent } from '../cases/index.js';
import { findOffice, findOrganisation, officeNames, organisationNames } from '../offices/offices.repository.js';
import { partnerDirectory } from '../partners/referral-directory.service.js';
import { correctService, withdrawService } from '../plans/corrections.service.js';
import { type ReferralServiceView, referralServices } from '../plans/plan-view.service.js';
import { recordService } from '../plans/plans.service.js';
import { recordAccess } from '../platform/audit/audit.js';
import { type AuthUser, partnerOrganisations } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError, RuleError } from '../platform/http/errors.js';
import { nowIso } from '../platform/ids.js';
import { type GrantValues, grantFields, namedGrant, storedGrant } from './grant.service.js';
import { canPartner, canPartnerSee } from './referrals.policy.js';
import * as repo from './referrals.repository.js';
import type { ServiceCorrectionBody, WithdrawBody } from '../plans/plans.schema.js';
import type { DeclineBody, GrantableField, PartnerServiceBody, ReferralStatus } from './referrals.schema.js';
import { applyTransition, referralReference, transitionInput } from './referrals.service.js';
import type { ReferralRow } from './referrals.table.js';
import { type ReferralPeople, referralPeople } from './referral-people.service.js';
import { todayIso } from '../plans/plans.service.js';

/*
 * The partner portal: what a partner user may reach of the referrals made to their organisations, and what they
 * may do with them. Every function starts from `partnerReferral`, the one gate.
 */

/**
 * The referral as its partner may reach it: an outgoing referral to one of their organisations, still live,
 * with the person's consent to share still standing (unless a supervisor overrode it) and a valid agreement.
 * Anything else is "not found": a partner learns nothing about referrals that are not theirs or have ended.
 */
export async function partnerReferral(ctx: AppContext, user: AuthUser, referralId: string): Promise<ReferralRow> {
  const row = await repo.findReferral(ctx.db, referralId);
  if (!row || !canPartnerSee(user, row)) throw new NotFoundError();
  if (row.consent_overridden !== 1 && !(await hasConsent(ctx.db, { caseId: row.case_id, purpose: 'sharing', organisationId: row.organisation_id })))
    throw new NotFoundError();
  try {
    await partnerDirectory().assertAgreementValid(ctx.db, row.organisation_id, nowIso());
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
  services: ReferralServiceView[];
  /** The named contact on each side and the answer's deadline. */
  people: ReferralPeople;
  version: number;
}

/**
 * What a partner sees of one referral: only the granted fields and the services they recorded. Every read of a
 * grant is written to the access log, against the case, naming the referral.
 */
export async function partnerReferralView(
  ctx: AppContext,
  { user, referralId, via }: { user: AuthUser; referralId: string; via: string },
): Promise<PartnerReferralView> {
  const row = await partnerReferral(ctx, user, referralId);
  const [org, office] = await Promise.all([findOrganisation(ctx.db, row.organisation_id), findOffice(ctx.db, row.office_id)]);
  if (!org || !office) throw new NotFoundError();
  const fields = grantFields(row);
  const grant = namedGrant(fields, await storedGrant(ctx, row));
  const services = await referralServices(ctx, row.id, row.organisation_id);
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
    services,
    people: await referralPeople(ctx, row, todayIso()),
    version: row.version,
  };
}

export interface PartnerReferralSummary {
  id: string;
  reference: string;
  organisationName: string;
  officeName: string;
  service: string;
  status: string;
  referralDate: string;
  /** The day an answer is due (pending referrals). */
  respondBy: string | null;
}

/** The partner portal's list: live referrals of the user's organisations (no granted values: those are read one by one). */
/** The portal's home: how many live referrals wait in each status (each a card), and the list, filtered by one. */
export interface PartnerHome {
  counts: { pending: number; accepted: number };
  status: 'pending' | 'accepted' | undefined;
  rows: PartnerReferralSummary[];
}

export async function partnerHome(ctx: AppContext, user: AuthUser, asked: unknown): Promise<PartnerHome> {
  const all = await partnerReferralList(ctx, user);
  const status = asked === 'pending' || asked === 'accepted' ? asked : undefined;
  return {
    counts: { pending: all.filter((r) => r.status === 'pending').length, accepted: all.filter((r) => r.status === 'accepted').length },
    status,
    rows: status ? all.filter((r) => r.status === status) : all,
  };
}

export async function partnerReferralList(ctx: AppContext, user: AuthUser): Promise<PartnerReferralSummary[]> {
  const rows = await repo.liveReferralsFor(ctx.db, partnerOrganisations(user));
  const [orgs, offices] = await Promise.all([
    organisationNames(ctx.db, [...new Set(rows.map((r) => r.organisation_id))]),
    officeNames(ctx.db, [...new Set(rows.map((r) => r.office_id))]),
  ]);
  return rows.map((r) => ({
    id: r.id,
    reference: referralReference(r.id),
    organisationName: orgs.get(r.organisation_id) ?? '',
    officeName: offices.get(r.office_id) ?? '',
    service: r.service,
    status: r.status,
    referralDate: r.referral_date,
    respondBy: r.status === 'pending' ? r.respond_by : null,
  }));
}

export async function partnerTransition(
  ctx: AppContext,
  {
    actor,
    referralId,
    transition,
    input,
  }: { actor: AuthUser; referralId: string; transition: 'accept' | 'decline' | 'complete'; input: Static<typeof DeclineBody> | { version: number } },
): Promise<ReferralStatus> {
  const row = await partnerReferral(ctx, actor, referralId);
  if (!canPartner(actor, row, transition)) throw new ForbiddenError();
  return applyTransition(ctx, actor, { row, transition, ...transitionInput(input) });
}

/** A partner records what they delivered, on an accepted referral only. */
export async function partnerRecordService(
  ctx: AppContext,
  { actor, referralId, input }: { actor: AuthUser; referralId: string; input: Static<typeof PartnerServiceBody> },
): Promise<string> {
  const row = await partnerReferral(ctx, actor, referralId);
  if (row.status !== 'accepted') throw new RuleError('NOT_ACCEPTED', 'referrals.errors.notAccepted');
  return inTransaction(ctx.db, async (tx) => {
    const serviceId = await recordService(ctx, {
      actorId: actor.id,
      record: { id: row.case_id, office_id: row.office_id },
      input,
      opts: {
        referralId: row.id,
        organisationId: row.organisation_id,
        tx,
      },
    });
    // One event only: the plan's service event names the referral and the partner (a second one was shown twice).
    return serviceId;
  });
}

/**
 * A partner corrects or withdraws a service it recorded on this referral (issue 21), with a reason; the plans
 * feature keeps the values before and the reason sealed. Only the services of this referral and organisation.
 */
export async function partnerCorrectService(
  ctx: AppContext,
  { actor, referralId, serviceId, input }: { actor: AuthUser; referralId: string; serviceId: string; input: Static<typeof ServiceCorrectionBody> },
): Promise<void> {
  const row = await partnerReferral(ctx, actor, referralId);
  await correctService(ctx, { who: partnerCorrector(actor, row), serviceId, input });
}

export async function partnerWithdrawService(
  ctx: AppContext,
  { actor, referralId, serviceId, input }: { actor: AuthUser; referralId: string; serviceId: string; input: Static<typeof WithdrawBody> },
): Promise<void> {
  const row = await partnerReferral(ctx, actor, referralId);
  await withdrawService(ctx, { who: partnerCorrector(actor, row), serviceId, input });
}

function partnerCorrector(actor: AuthUser, row: ReferralRow) {
  return {
    kind: 'partner' as const,
    userId: actor.id,
    record: { id: row.case_id, office_id: row.office_id },
    referralId: row.id,
    organisationId: row.organisation_id,
  };
}
