import type { AppContext } from '../platform/context.js';
import type { ReferralRow } from './referrals.table.js';
import * as repo from './thread.repository.js';

/** The people of a referral (issue 21, point 6): a named contact on each side and the deadline of the answer. */

export interface Contact {
  id: string;
  name: string;
}

export interface ReferralPeople {
  /** The office's named contact: the one chosen when referring, else the one who referred. */
  staffContact: Contact | null;
  /** The partner's named contact: the one named, else whoever accepted it; null while nobody has. */
  partnerContact: Contact | null;
  respondBy: string | null;
  /** Whole days until the deadline (negative once passed); null without a deadline or once answered. */
  daysLeft: number | null;
}

/** Days from `today` to `day` (both YYYY-MM-DD). */
export function daysBetween(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export async function referralPeople(ctx: AppContext, row: ReferralRow, today: string): Promise<ReferralPeople> {
  const staffId = row.staff_contact_id ?? row.created_by;
  const partnerId = row.partner_contact_id ?? row.responded_by;
  const names = await repo.displayNames(ctx.db, [staffId, partnerId]);
  const contact = (id: string | null) => (id && names.has(id) ? { id, name: names.get(id) as string } : null);
  return {
    staffContact: contact(staffId),
    // An office's answer (a declined referral recorded by the partner) names the partner's user, never staff.
    partnerContact: row.direction === 'outgoing' ? contact(partnerId) : null,
    respondBy: row.respond_by,
    daysLeft: row.respond_by && row.status === 'pending' ? daysBetween(today, row.respond_by) : null,
  };
}
