import type { Translator } from '../platform/i18n/i18n.js';
import { Table } from '../platform/views/components.js';
import type { PlanView } from './plan-view.service.js';

/** The plan in the printed summary: its objectives, every action with its owner and due date, the services delivered. */
export function PlanSummary(props: { t: Translator; plan: PlanView }) {
  const { t, plan } = props;
  return (
    <section class="summary-plan">
      <h2>{t('plans.title')}</h2>
      <Table
        caption={t('plans.objectives')}
        head={[t('plans.objective.type'), t('plans.objective.text'), t('plans.status'), t('plans.objective.plannedEnd')]}
        rows={plan.objectives.map((o) => [
          t(`plans.splTypes.${o.splType}`),
          <span dir="auto">{o.objective}</span>,
          t(`plans.objectiveStatus.${o.status}`),
          o.plannedEndDate ? t.date(o.plannedEndDate) : '—',
        ])}
        empty={t('plans.noObjectives')}
      />
      <Table
        caption={t('plans.actions')}
        head={[t('plans.action.type'), t('plans.action.description'), t('plans.action.owner'), t('plans.action.due'), t('plans.status')]}
        rows={plan.actions.map((a) => [
          t(`plans.types.${a.type}`),
          <span dir="auto">{a.description}</span>,
          a.ownerName ?? '—',
          a.dueDate ? t.date(a.dueDate) : '—',
          `${t(`plans.actionStatus.${a.status}`)}${a.overdue ? ` · ${t('plans.overdue.badge')}` : ''}`,
        ])}
        empty={t('plans.noActions')}
      />
      <Table
        caption={t('plans.services')}
        head={[t('plans.service.type'), t('plans.service.date'), t('plans.service.by'), t('plans.service.notes')]}
        rows={plan.services.map((s) => [
          t(`plans.types.${s.service}`),
          t.date(s.deliveredOn),
          s.organisationName ?? t('plans.service.byOffice'),
          <span dir="auto">{s.notes ?? '—'}</span>,
        ])}
        empty={t('plans.noServices')}
      />
    </section>
  );
}
