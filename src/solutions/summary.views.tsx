import type { Translator } from '../platform/i18n/i18n.js';
import { SummaryList } from '../platform/views/components.js';
import type { SolutionView } from './solution-view.service.js';

/** The durable solution in the printed summary: the options, the decision, the return's status (its steps are the plan's actions). */
export function SolutionSummary(props: { t: Translator; v: SolutionView }) {
  const { t, v } = props;
  const s = v.summary;
  return (
    <section class="summary-solution">
      <h2>{t('solutions.title')}</h2>
      <SummaryList
        items={[
          [t('solutions.decision.options'), v.personal?.options?.map((o) => t(`solutions.options.${o}`)).join(', ') || '—'],
          [t('solutions.decision.decision'), s.decision ? t(`solutions.options.${s.decision}`) : t('solutions.decision.none')],
          [t('solutions.decision.target'), s.targetOffice || t('solutions.decision.noTarget')],
          [t('solutions.decision.decidedAt'), s.decidedAt ? t.date(s.decidedAt) : '—'],
          [t('solutions.return.status'), t(`solutions.return.statuses.${s.returnStatus}`)],
          [t('solutions.return.arrivedOn'), s.arrivedOn ? t.date(s.arrivedOn) : '—'],
          [t('solutions.closure.reason'), s.closureReason ? t(`solutions.closure.reasons.${s.closureReason}`) : '—'],
        ]}
      />
    </section>
  );
}
