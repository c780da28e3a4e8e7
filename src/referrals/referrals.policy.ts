import { type AuthUser, hasPermission, partnerOrganisations } from '../platform/auth/auth-user.js';
import { canOnCase as can } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import { LIVE_STATUSES, type ReferralStatus } from './referrals.schema.js';
import type { ReferralRow } from './referrals.table.js';

/** The state machine: from a status, which action leads where, and who may take it. */
export const TRANSITIONS: Record<ReferralStatus, Partial<Record<ReferralTransition, ReferralStatus>>> = {
  pending: { accept: 'accepted', decline: 'declined', revoke: 'revoked' },
  accepted: { complete: 'completed', revoke: 'revoked' },
  declined: {},
  completed: {},
  revoked: {},
};
export type ReferralTransition = 'accept' | 'decline' | 'complete' | 'revoke';
const PARTNER_TRANSITIONS: ReferralTransition[] = ['accept', 'decline', 'complete'];
const STAFF_TRANSITIONS: ReferralTransition[] = ['complete', 'revoke'];

/** Staff side: referring and managing a case's referrals follows the case policy ('refer'). */
export function canStaff(user: AuthUser, record: Pick<CaseRow, 'office_id' | 'owner_id'>, transition?: ReferralTransition): boolean {
  if (transition && !STAFF_TRANSITIONS.includes(transition)) return false;
  return can(user, 'refer', record);
}

/** Whether the user may refer without the person's consent to share (a supervisor, with a reason). */
export function canOverrideConsent(user: AuthUser, record: Pick<CaseRow, 'office_id' | 'owner_id'>): boolean {
  return can(user, 'override-consent', record);
}

/**
 * Partner side: a partner user reaches a referral only when it is an outgoing referral to one of their
 * organisations and still live (pending or accepted). Nothing else of the case, ever.
 */
export function canPartnerSee(user: AuthUser, referral: Pick<ReferralRow, 'organisation_id' | 'direction' | 'status'>): boolean {
  return (
    hasPermission(user, 'referrals.respond') &&
    referral.direction === 'outgoing' &&
    partnerOrganisations(user).includes(referral.organisation_id) &&
    (LIVE_STATUSES as string[]).includes(referral.status)
  );
}

export function canPartner(user: AuthUser, referral: Pick<ReferralRow, 'organisation_id' | 'direction' | 'status'>, transition?: ReferralTransition): boolean {
  if (transition && !PARTNER_TRANSITIONS.includes(transition)) return false;
  return canPartnerSee(user, referral);
}
