import type { Translator } from '../platform/i18n/i18n.js';

/**
 * The first-run guide, shown to administrators on the staff home and the admin area: until an office exists,
 * create it (name, country, languages, time zone); reports sent meanwhile wait in the national inbox.
 */
export function InboxGuide(props: { t: Translator; status: { offices: number; waiting: number } }) {
  const { t, status } = props;
  if (status.offices > 0 && status.waiting === 0) return null;
  return (
    <section class="notice" aria-labelledby="inbox-guide">
      <h2 id="inbox-guide">{status.offices === 0 ? t('reportInbox.guide.firstOfficeTitle') : t('reportInbox.guide.waitingTitle')}</h2>
      {status.offices === 0 ? (
        <>
          <p>{t('reportInbox.guide.firstOfficeText')}</p>
          <p>
            <a class="button" href="/staff/admin/offices/new">
              {t('reportInbox.guide.createOffice')}
            </a>
          </p>
        </>
      ) : null}
      <p>
        {t('reportInbox.guide.waitingText', { count: status.waiting })} <a href="/staff/inbox">{t('reportInbox.title')}</a>
      </p>
    </section>
  );
}
