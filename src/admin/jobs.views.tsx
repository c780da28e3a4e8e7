import type { JobStatus } from '../platform/jobs/job-status.js';
import { Table } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';

/** The scheduled jobs with their period, last run, result and next run, for administrators. */
export function JobsPage(props: { layout: Omit<LayoutProps, 'children'>; jobs: JobStatus[]; timeZone: string }) {
  const { t } = props.layout;
  const when = (iso: string | null, none: string) => (iso ? t.date(iso, props.timeZone, true) : none);
  return (
    <Layout {...props.layout}>
      <h1>{t('jobs.title')}</h1>
      <p class="lead">{t('jobs.lead')}</p>
      <Table
        caption={t('jobs.title')}
        head={[t('jobs.name'), t('jobs.schedule'), t('jobs.lastRun'), t('jobs.result'), t('jobs.nextRun')]}
        rows={props.jobs.map((j) => [
          <code dir="ltr">{j.name}</code>,
          period(t, j.everyMs),
          when(j.lastRunAt, t('jobs.never')),
          j.failed ? <span class="badge badge-high">{t('jobs.failed')}</span> : <span dir="auto">{j.lastResult ?? ''}</span>,
          when(j.nextRunAt, t('jobs.atStart')),
        ])}
        empty={t('jobs.none')}
      />
      <p class="hint">{t('jobs.commandHint')}</p>
    </Layout>
  );
}

function period(t: Omit<LayoutProps, 'children'>['t'], ms: number): string {
  if (ms % 86_400_000 === 0) return t('jobs.everyDays', { n: ms / 86_400_000 });
  if (ms % 3_600_000 === 0) return t('jobs.everyHours', { n: ms / 3_600_000 });
  return t('jobs.everyMinutes', { n: Math.max(1, Math.round(ms / 60_000)) });
}
