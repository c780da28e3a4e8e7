import type { Translator } from '../platform/i18n/i18n.js';
import type { ReferralPeople } from './referral-people.service.js';

/** The deadline as a countdown: days left, due today, or overdue by so many days (an answered referral: its date). */
export function Countdown(props: { t: Translator; people: ReferralPeople }) {
  const { t, people } = props;
  if (!people.respondBy) return <>—</>;
  const date = t.date(people.respondBy);
  const left = people.daysLeft;
  if (left === null) return <>{date}</>;
  if (left < 0)
    return (
      <>
        {date} <span class="badge badge-high">{t('referralThread.overdue', { days: -left })}</span>
      </>
    );
  return (
    <>
      {date} <span class={`badge${left <= 1 ? ' badge-medium' : ''}`}>{t('referralThread.countdown', { days: left })}</span>
    </>
  );
}

/** The people of a referral and its deadline, as summary-list rows. */
export function peopleRows(t: Translator, people: ReferralPeople): Array<[string, string | preact.JSX.Element]> {
  return [
    [t('referralThread.staffContact'), people.staffContact?.name ?? '—'],
    [t('referralThread.partnerContact'), people.partnerContact?.name ?? t('referralThread.noPartnerContact')],
    [t('referralThread.respondBy'), <Countdown t={t} people={people} />],
  ];
}
