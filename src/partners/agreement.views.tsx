import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton } from '../platform/views/components.js';
import type { WithdrawConfirmModel } from './partner-view.service.js';

/** The confirmation step before an agreement is withdrawn: which agreement, and what withdrawing it stops. */
export function WithdrawConfirmView(props: { t: Translator; csrf: string; model: WithdrawConfirmModel }) {
  const { t, model } = props;
  const { org, agreement: a } = model;
  return (
    <>
      <p>
        <a href={`/staff/partners/${org.id}`}>{org.name}</a>
      </p>
      <h1>{t('partners.agreement.withdrawTitle')}</h1>
      <p>
        {t('partners.agreement.withdrawWhich', {
          organisation: org.name,
          reference: a.reference ?? '—',
          signedOn: t.date(`${a.signedOn}T12:00:00Z`),
          expiresOn: t.date(`${a.expiresOn}T12:00:00Z`),
        })}
      </p>
      <p>{model.stopsReferrals ? t('partners.agreement.withdrawStops') : t('partners.agreement.withdrawOthers')}</p>
      <div class="actions">
        <ActionButton
          action={`/staff/partners/${org.id}/agreements/${a.id}/withdraw`}
          csrf={props.csrf}
          label={t('partners.agreement.withdrawConfirm')}
          fields={{ version: String(a.version), confirmed: '1' }}
          danger
        />
        <a class="button button-secondary" href={`/staff/partners/${org.id}`}>
          {t('partners.agreement.withdrawCancel')}
        </a>
      </div>
    </>
  );
}
