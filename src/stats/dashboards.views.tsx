import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Select, Submit, SummaryList, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { BarChart, dashboardStyle, FiguresTable } from './charts.js';
import type { FigureView } from './dashboards.figures.js';
import type { DashboardPageModel, ResolvedQuery } from './dashboards.service.js';
import { figureBars } from './dashboards.sheets.js';
import { monthLabel, valueLabel } from './stats.labels.js';

type PageLayout = Omit<LayoutProps, 'children'>;

const SECTIONS = ['cases', 'closed', 'work', 'reports', 'times', 'solutions'] as const;

/** The query of the dashboard's links (downloads keep the office and period shown). */
export function dashboardQueryString(r: Pick<ResolvedQuery, 'viewCode' | 'from' | 'to'>): string {
  return new URLSearchParams({ office: r.viewCode, from: r.from, to: r.to }).toString();
}

function DashboardFilter(props: {
  t: Translator;
  query: Pick<ResolvedQuery, 'offices' | 'viewCode' | 'from' | 'to'>;
  errors?: Record<string, string> | undefined;
  ref?: string | undefined;
  datasets?: ReadonlyArray<{ id: string; name: string }>;
}) {
  const { t, query: r, errors, datasets } = props;
  return (
    <Form
      t={t}
      method="get"
      action="/staff/dashboards"
      id="dashboard-filter"
      class="form dashboard-filter"
      errors={errors}
      labels={{ from: t('dashboards.from'), to: t('dashboards.to') }}
    >
      <Select
        t={t}
        name="office"
        label={t('dashboards.office')}
        value={r.viewCode}
        options={[
          { value: 'all', label: t('dashboards.allOffices', { count: r.offices.length }) },
          ...r.offices.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })),
        ]}
      />
      <TextField t={t} name="from" type="month" label={t('dashboards.from')} hint={t('dashboards.monthHint')} value={r.from} error={errors?.from} width="medium" />
      <TextField t={t} name="to" type="month" label={t('dashboards.to')} hint={t('dashboards.monthHint')} value={r.to} error={errors?.to} width="medium" />
      {datasets && datasets.length > 0 ? (
        <Select
          t={t}
          name="ref"
          label={t('dashboards.reference')}
          hint={t('dashboards.referenceHint')}
          value={props.ref ?? ''}
          emptyLabel={t('dashboards.noReference')}
          options={datasets.map((d) => ({ value: d.id, label: d.name }))}
        />
      ) : null}
      <Submit label={t('dashboards.show')} />
    </Form>
  );
}

/** The page when the period cannot be read: the filter again, with its errors. */
export function DashboardRefusedPage(props: { layout: PageLayout; query: Pick<ResolvedQuery, 'offices' | 'viewCode' | 'from' | 'to'>; errors: Record<string, string> }) {
  const { t } = props.layout;
  return (
    <Layout {...props.layout}>
      <h1>{t('dashboards.title')}</h1>
      <DashboardFilter t={t} query={props.query} errors={props.errors} />
    </Layout>
  );
}

function FigurePanel(props: { t: Translator; model: DashboardPageModel; figure: FigureView; threshold: number }) {
  const { t, model, figure: f, threshold } = props;
  const style = dashboardStyle(t, threshold);
  const refBlock = model.reference?.blocks.get(f.key);
  const ref = model.reference?.dataset;
  const valueLabelKey = f.section === 'reports' ? 'dashboards.reports' : f.section === 'work' ? 'dashboards.count' : 'dashboards.cases';
  return (
    <div class={refBlock ? 'dashboard-figure dashboard-pair' : 'dashboard-figure'} id={`figure-${f.key}`}>
      <BarChart
        t={t}
        id={`chart-${f.key}`}
        title={t(`dashboards.figures.${f.key}`)}
        data={figureBars(t, f)}
        categoryLabel={t(`dashboards.figures.${f.key}`)}
        valueLabel={t(valueLabelKey)}
        total={f.kind === 'distribution' ? { label: t('dashboards.total'), value: f.total } : undefined}
        notes={f.kind === 'flags' ? [t('dashboards.flagsNote')] : []}
        csvHref={`/staff/dashboards/figures/${f.key}.csv?${dashboardQueryString(model.query)}`}
        threshold={threshold}
        style={style}
      />
      {refBlock && ref ? (
        <div class="dashboard-reference">
          <h3>{t('dashboards.referenceOf', { name: ref.name })}</h3>
          <FiguresTable
            t={t}
            caption={t('dashboards.referenceOf', { name: ref.name })}
            categoryLabel={t(`dashboards.figures.${f.key}`)}
            valueLabel={t('dashboards.people')}
            data={refBlock.rows.map((x) => ({ label: valueLabel(t, refBlock, x.value), value: x.count }))}
            total={{ label: t('dashboards.total'), value: refBlock.total }}
            style={style}
          />
          <p class="hint">{t('dashboards.referenceCitation')}</p>
        </div>
      ) : null}
    </div>
  );
}

export function DashboardPage(props: { layout: PageLayout; model: DashboardPageModel; threshold: number; mayExport: boolean }) {
  const { t } = props.layout;
  const { model, threshold } = props;
  const r = model.query;
  const scopeLabel = r.view === 'all' ? t('dashboards.allOffices', { count: r.offices.length }) : (r.offices.find((o) => o.id === r.view)?.name ?? '');
  const qs = dashboardQueryString(r);
  return (
    <Layout {...props.layout}>
      <h1>{t('dashboards.title')}</h1>
      <p class="lead">{t('dashboards.intro', { threshold })}</p>
      <p class="dashboard-working-view">
        {t('dashboardsRead.workingView')} <a href="/staff">{t('dashboardsRead.workingViewLink')}</a>
      </p>
      <DashboardFilter t={t} query={r} ref={model.reference?.dataset.id} datasets={model.datasets} />
      <SummaryList
        items={[
          [t('dashboards.scope'), scopeLabel],
          [t('dashboards.period'), `${monthLabel(t, r.from)} – ${monthLabel(t, r.to)}`],
        ]}
      />
      <p class="dashboard-downloads">
        <a href={`/staff/dashboards/figures.csv?${qs}`} download>
          {t('dashboards.downloadAllCsv')}
        </a>{' '}
        <a href={`/staff/dashboards/figures.xlsx?${qs}`} download>
          {t('dashboards.downloadXlsx')}
        </a>
        {props.mayExport ? (
          <>
            {' '}
            <a href="/staff/dashboards/ctdc-export">{t('dashboards.export.link')}</a>
          </>
        ) : null}
      </p>
      <nav aria-labelledby="dashboard-toc" class="stats-toc">
        <h2 id="dashboard-toc">{t('dashboards.contents')}</h2>
        <ul>
          {SECTIONS.map((s) => (
            <li>
              <a href={`#section-${s}`}>{t(`dashboards.sections.${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {SECTIONS.map((s) => (
        <section id={`section-${s}`} class="dashboard-section" aria-labelledby={`section-${s}-title`}>
          <h2 id={`section-${s}-title`}>{t(`dashboards.sections.${s}`)}</h2>
          {model.figures
            .filter((f) => f.section === s)
            .map((f) => (
              <FigurePanel t={t} model={model} figure={f} threshold={threshold} />
            ))}
        </section>
      ))}
    </Layout>
  );
}
