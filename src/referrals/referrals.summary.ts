import { canOnCase } from '../cases/index.js';
import { summarySection } from '../platform/features/feature.js';
import { caseReferrals, referralReference } from './referrals.service.js';
import { ReferralSummary } from './summary.views.js';

/** The referrals' part of the printed case summary: for whoever may read the case. */
export const REFERRAL_SUMMARY = summarySection({
  key: 'referrals',
  order: 60,
  load: async (ctx, user, record) => {
    if (!canOnCase(user, 'read', record)) return undefined;
    const all = await caseReferrals(ctx, record);
    return {
      outgoing: all.filter((r) => r.direction === 'outgoing').map((r) => ({ ...r, reference: referralReference(r.id) })),
      incoming: all.filter((r) => r.direction === 'incoming'),
    };
  },
  view: (t, m) => ReferralSummary({ t, m }),
});
