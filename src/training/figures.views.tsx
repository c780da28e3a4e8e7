import { countryName } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import type { FieldErrors } from '../platform/views/components.js';
import { Form, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import type { Period, ScoresView, TrainingFiguresView } from './figures.service.js';
import type { Cell } from './suppress.js';

function show(t: Translator, cell: Cell, threshold: number): string {
  return cell.kind === 'suppressed' ? t('training.figures.fewerThan', { n: threshold }) : t.number(cell.value);
}

function percent(t: Translator, n: number | null): string {
  if (n === null) return '—';
  return new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
}

function points(t: Translator, n: number | null): string {
  if (n === null) return '—';
  return t('training.figures.points', { value: Math.round(n * 10) / 10 });
}

function Breakdown(props: { t: Translator; caption: string; head: string; rows: Array<[string, Cell]>; name: (k: string) => string; threshold: number }) {
  const { t, threshold } = props;
  return (
    <Table
      caption={props.caption}
      head={[props.head, t('training.figures.people')]}
      rows={props.rows.map(([k, c]) => [props.name(k), show(t, c, threshold)])}
      empty={t('training.figures.noneYet')}
    />
  );
}

/** The training figures: counts protected by the service (small counts read "fewer than N"), means only over enough people. */
export function FiguresPage(props: { layout: Omit<LayoutProps, 'children'>; figures: TrainingFiguresView; period: Period; errors: FieldErrors | undefined }) {
  const { t } = props.layout;
  const { figures: f, period, errors } = props;
  const threshold = f.threshold;
  const scoreRow = (label: string, s: ScoresView) => [label, show(t, s.n, threshold), percent(t, s.meanPre), percent(t, s.meanPost), points(t, s.meanChange)];
  return (
    <Layout {...props.layout}>
      <p>
        <a href="/staff/training">{t('training.back')}</a>
      </p>
      <h1>{t('training.figures.title')}</h1>
      {threshold > 1 ? <p>{t('training.figures.intro', { n: threshold })}</p> : null}
      <Form t={t} method="get" action="/staff/training/figures" class="form form-inline" errors={errors} labels={{ from: t('training.figures.from'), to: t('training.figures.to') }}>
        <TextField t={t} name="from" type="date" label={t('training.figures.from')} value={period.from ?? ''} width="medium" error={errors?.from} />
        <TextField t={t} name="to" type="date" label={t('training.figures.to')} value={period.to ?? ''} width="medium" error={errors?.to} />
        <Submit label={t('training.figures.show')} secondary />
      </Form>
      <dl class="figure-cards">
        <div class="card">
          <dt>{t('training.figures.peopleTrained')}</dt>
          <dd>{show(t, f.people, threshold)}</dd>
        </div>
        <div class="card">
          <dt>{t('training.figures.meanChange')}</dt>
          <dd>{f.scores.meanChange !== null ? points(t, f.scores.meanChange) : t('training.figures.tooFew')}</dd>
        </div>
        <div class="card">
          <dt>{t('training.figures.organisationsTrained')}</dt>
          <dd>{show(t, f.organisationsTrained, threshold)}</dd>
        </div>
        <div class="card">
          <dt>{t('training.figures.organisationsReferring')}</dt>
          <dd>{show(t, f.organisationsWithReferrals, threshold)}</dd>
        </div>
      </dl>
      <p class="hint">{t('training.figures.definitions')}</p>
      <h2>{t('training.figures.byInstitution')}</h2>
      <Breakdown t={t} threshold={threshold} caption={t('training.figures.byInstitution')} head={t('training.participants.institutionType')} rows={f.byInstitution} name={(k) => t(`training.institutions.${k}`)} />
      <h2>{t('training.figures.bySector')}</h2>
      <Breakdown t={t} threshold={threshold} caption={t('training.figures.bySector')} head={t('training.figures.sector')} rows={f.bySector} name={(k) => t(`training.audiences.${k}`)} />
      <h2>{t('training.figures.byCountry')}</h2>
      <Breakdown t={t} threshold={threshold} caption={t('training.figures.byCountry')} head={t('training.fields.country')} rows={f.byCountry} name={(k) => countryName(k, t.locale)} />
      <h2>{t('training.figures.byTopic')}</h2>
      <Breakdown t={t} threshold={threshold} caption={t('training.figures.byTopic')} head={t('training.fields.topic')} rows={f.byTopic} name={(k) => t(`training.topics.${k}`)} />
      <h2>{t('training.figures.scores')}</h2>
      <Table
        caption={t('training.figures.scores')}
        head={[t('training.fields.topic'), t('training.figures.withBoth'), t('training.figures.meanPre'), t('training.figures.meanPost'), t('training.figures.meanChangeShort')]}
        rows={[scoreRow(t('training.figures.allTopics'), f.scores), ...f.scoresByTopic.map(([k, s]) => scoreRow(t(`training.topics.${k}`), s))]}
      />
    </Layout>
  );
}
