import type { Translator } from '../platform/i18n/i18n.js';
import { Table } from '../platform/views/components.js';
import type { OutgoingReferral, StaffReferralView } from './referrals.service.js';

export interface ReferralSummaryModel {
  outgoing: OutgoingReferral[];
  incoming: StaffReferralView[];
}

/** The referrals in the printed summary: to whom, for what, what was shared, where each stands. */
export function ReferralSummary(props: { t: Translator; m: ReferralSummaryModel }) {
  const { t, m } = props;
  return (
    <section class="summary-referrals">
      <h2>{t('referrals.title')}</h2>
      <Table
        caption={t('referrals.outgoing')}
        head={[
          t('referrals.reference'),
          t('referrals.form.organisation'),
          t('referrals.form.service'),
          t('referrals.date'),
          t('referrals.statusLabel'),
          t('referrals.granted'),
        ]}
        rows={m.outgoing.map((r) => [
          <span dir="ltr">{r.reference}</span>,
          r.organisationName,
          t(`plans.types.${r.service}`),
          t.date(r.referralDate),
          `${t(`referrals.status.${r.status}`)}${r.consentOverridden ? ` · ${t('referrals.overridden')}` : ''}`,
          r.fields.map((f) => t(`referrals.fields.${f}`)).join(', ') || '—',
        ])}
        empty={t('referrals.noneOutgoing')}
      />
      <Table
        caption={t('referrals.incoming.title')}
        head={[t('referrals.incoming.organisation'), t('referrals.incoming.date'), t('referrals.form.reason')]}
        rows={m.incoming.map((r) => [r.organisationName, t.date(r.referralDate), t(`referrals.reasons.${r.reason}`)])}
        empty={t('referrals.incoming.none')}
      />
    </section>
  );
}
