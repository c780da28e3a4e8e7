import { listSeparator, type Translator } from '../platform/i18n/i18n.js';
import { SummaryList } from '../platform/views/components.js';
import type { JusticeSummary } from './summary.service.js';
import { day, kindName, money } from './view-parts.js';

/** The justice section of the printable case summary. */
export function JusticeSummaryView(t: Translator, s: JusticeSummary) {
  // Arabic script has its own comma and semicolon.
  const [comma, semi] = [listSeparator(t.locale), listSeparator(t.locale, 'semicolon')];
  const list = (items: string[]) => (items.length ? items.join(semi) : '—');
  return (
    <section>
      <h2>{t('justice.legal.title')}</h2>
      <SummaryList
        items={[
          [t('justice.profile.cooperation'), s.cooperation ? t(`justice.cooperation.${s.cooperation.cooperation}`) : t('justice.cooperation.undecided')],
          [t('justice.profile.risk'), s.cooperation ? t(`justice.risks.${s.cooperation.risk}`) : '—'],
          [
            t('justice.status.title'),
            list(
              s.statuses.map(
                (x) => `${kindName(t, x.kind, x.kindLabel)}: ${t(`justice.states.${x.status}`)} (${day(t, x.startOn ?? x.appliedOn)} – ${day(t, x.endOn)})`,
              ),
            ),
          ],
          [
            t('justice.proceeding.title'),
            list(
              s.proceedings.map(
                (p) =>
                  `${t(`justice.kindsOfProceeding.${p.proceeding.kind}`)} ${p.proceeding.jurisdiction}: ${t(`justice.stages.${p.proceeding.stage}`)}${comma}${t(`justice.outcomes.${p.proceeding.outcome}`)} · ${t(`justice.roles.${p.role}`)}${p.testified ? ` · ${t('justice.proceeding.hasTestified')}` : ''}`,
              ),
            ),
          ],
          [
            t('justice.measure.title'),
            list(s.proceedings.flatMap((p) => p.measures.map((m) => `${t(`justice.measures.${m.measure}`)}: ${t(`justice.measureStates.${m.status}`)}`))),
          ],
          [
            t('justice.compensation.title'),
            list(
              s.compensation.map(
                (c) =>
                  `${t(`justice.compensationKinds.${c.kind}`)}: ${t('justice.compensation.claimed')} ${money(t, c.claimed, c.currency)}${comma}${t('justice.compensation.awarded')} ${money(t, c.awarded, c.currency)}${comma}${t('justice.compensation.received')} ${money(t, c.received, c.currency)}`,
              ),
            ),
          ],
          [
            t('justice.nonPunishment.title'),
            list(
              s.nonPunishment.map(
                (r) =>
                  `${t(`justice.offences.${r.offence}`)}: ${t(`justice.requestKinds.${r.requestKind}`)}${comma}${t(`justice.requestOutcomes.${r.outcome}`)}`,
              ),
            ),
          ],
          [t('justice.disclosure.title'), list(s.disclosures.map((d) => `${t.date(d.sharedOn)}: ${t(`justice.recipients.${d.recipient}`)}`))],
        ]}
      />
    </section>
  );
}
