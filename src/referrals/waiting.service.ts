import { organisationNames } from '../offices/offices.repository.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { todayIso } from '../plans/plans.service.js';
import { waitingReferrals } from './referrals.repository.js';

export interface WaitingReferral {
  id: string;
  caseId: string;
  caseNumber: string;
  organisationName: string;
  service: string;
  referralDate: string;
  respondBy: string | null;
  /** Past its deadline without an answer. */
  overdue: boolean;
}

/** Referrals sent and not yet answered by the partner, in the user's cases (their own with `mine`), oldest first. */
export async function referralsWaiting(
  ctx: AppContext,
  user: AuthUser,
  opts: { mine: boolean; today?: string },
): Promise<{ count: number; overdue: number; items: WaitingReferral[] }> {
  const today = opts.today ?? todayIso();
  const { count, overdue, rows } = await waitingReferrals(ctx.db, user, { mine: opts.mine, limit: 10, today });
  const names = await organisationNames(ctx.db, [...new Set(rows.map((r) => r.organisation_id))]);
  return {
    count,
    overdue,
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      organisationName: names.get(r.organisation_id) ?? '—',
      service: r.service,
      referralDate: r.referral_date,
      respondBy: r.respond_by,
      overdue: r.respond_by !== null && r.respond_by < today,
    })),
  };
}
