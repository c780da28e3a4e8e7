import { countryName } from '../platform/countries.js';
import { Layout } from '../platform/views/layout.js';
import type { Certificate } from './training.service.js';
import { day, joined, type PageLayout } from './training.views.js';

/** A certificate of attendance, laid out to print on one page. */
export function CertificatePage(props: { layout: PageLayout; certificate: Certificate; lists: { curriculum: string[]; trainers: string[] } }) {
  const { t } = props.layout;
  const c = props.certificate;
  const { curriculum, trainers } = props.lists;
  const organisation = c.participant.org_name ?? c.participant.organisation_name;
  const where = joined(t, [c.training.online ? t('training.fields.onlineYes') : c.training.place, countryName(c.training.country, t.locale)]);
  return (
    <Layout {...props.layout}>
      <p class="no-print">
        <a href={`/staff/training/${c.training.id}#scores`}>{c.training.title}</a>
      </p>
      <p class="no-print hint">{t('training.certificate.printHint')}</p>
      <p class="no-print">
        <button type="button" class="button" data-print hidden>
          {t('training.certificate.print')}
        </button>
      </p>
      <article class="certificate" aria-labelledby="certificate-title">
        <p class="certificate-issuer">{c.officeName}</p>
        <h1 id="certificate-title">{t('training.certificate.title')}</h1>
        <p class="certificate-lead">{t('training.certificate.certifies')}</p>
        <p class="certificate-name">{c.name ?? '______________________________'}</p>
        {c.participant.role || organisation ? <p class="certificate-org">{joined(t, [c.participant.role, organisation])}</p> : null}
        <p>{t('training.certificate.attended', { title: c.training.title })}</p>
        <p class="certificate-topic">{t(`training.topics.${c.training.topic}`)}</p>
        <p>
          {c.firstDay === c.lastDay
            ? t('training.certificate.on', { date: day(t, c.firstDay), where })
            : t('training.certificate.fromTo', { from: day(t, c.firstDay), to: day(t, c.lastDay), where })}
        </p>
        <p>{t('training.certificate.sessions', { attended: c.attended, total: c.sessions })}</p>
        {curriculum.length > 0 ? (
          <>
            <h2>{t('training.fields.curriculum')}</h2>
            <ul class="certificate-curriculum">
              {curriculum.map((x) => (
                <li>{x}</li>
              ))}
            </ul>
          </>
        ) : null}
        <div class="certificate-signatures">
          {trainers.map((name) => (
            <p class="certificate-signature">
              <span class="certificate-line" aria-hidden="true" />
              {name}
              <br />
              <span class="hint">{t('training.certificate.trainer')}</span>
            </p>
          ))}
        </div>
        <p class="certificate-ref">{t('training.certificate.reference', { ref: c.participant.id.slice(-12) })}</p>
      </article>
    </Layout>
  );
}
