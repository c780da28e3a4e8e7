import type { FastifyInstance } from 'fastify';
import { countryName } from '../platform/countries.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Submit, Table, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { type Cell, suppressBreakdown, suppressCount } from './suppress.js';
import { trainingFigures } from './training.figures.js';
import { trainingScope } from './training.policy.js';
import { FiguresQuery } from './training.schema.js';
import type { ScoreSummary } from './training.scores.js';

const MANAGE = { access: { permission: 'training.manage' } } as const;

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

export async function figuresPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/training/figures', { config: MANAGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const threshold = ctx.config.smallCountThreshold;
    const q = parseForm(FiguresQuery, request.query);
    const period = q.ok ? q.value : {};
    const f = await trainingFigures(ctx.db, period, trainingScope(auth.user));
    const breakdown = (caption: string, head: string, rows: Array<[string, number]>, name: (k: string) => string) => (
      <Table caption={caption} head={[head, t('training.figures.people')]} rows={suppressBreakdown(rows, threshold).map(([k, c]) => [name(k), show(t, c, threshold)])} empty={t('training.figures.noneYet')} />
    );
    const scoreRow = (label: string, s: ScoreSummary) => {
      const enough = s.n >= threshold;
      return [label, show(t, suppressCount(s.n, threshold), threshold), enough ? percent(t, s.meanPre) : '—', enough ? percent(t, s.meanPost) : '—', enough ? points(t, s.meanChange) : '—'];
    };
    return reply.page(
      <Layout {...(await staffLayout(request, t('training.figures.title')))}>
        <p>
          <a href="/staff/training">{t('training.back')}</a>
        </p>
        <h1>{t('training.figures.title')}</h1>
        {threshold > 1 ? <p>{t('training.figures.intro', { n: threshold })}</p> : null}
        <Form t={t} method="get" action="/staff/training/figures" class="form form-inline" errors={q.ok ? undefined : q.errors} labels={{ from: t('training.figures.from'), to: t('training.figures.to') }}>
          <TextField t={t} name="from" type="date" label={t('training.figures.from')} value={period.from ?? ''} width="medium" error={q.ok ? undefined : q.errors.from} />
          <TextField t={t} name="to" type="date" label={t('training.figures.to')} value={period.to ?? ''} width="medium" error={q.ok ? undefined : q.errors.to} />
          <Submit label={t('training.figures.show')} secondary />
        </Form>
        <dl class="figure-cards">
          <div class="card">
            <dt>{t('training.figures.peopleTrained')}</dt>
            <dd>{show(t, suppressCount(f.people, threshold), threshold)}</dd>
          </div>
          <div class="card">
            <dt>{t('training.figures.meanChange')}</dt>
            <dd>{f.scores.n >= threshold ? points(t, f.scores.meanChange) : t('training.figures.tooFew')}</dd>
          </div>
          <div class="card">
            <dt>{t('training.figures.organisationsTrained')}</dt>
            <dd>{t.number(f.organisationsTrained)}</dd>
          </div>
          <div class="card">
            <dt>{t('training.figures.organisationsReferring')}</dt>
            <dd>{t.number(f.organisationsWithReferrals)}</dd>
          </div>
        </dl>
        <p class="hint">{t('training.figures.definitions')}</p>
        <h2>{t('training.figures.byInstitution')}</h2>
        {breakdown(t('training.figures.byInstitution'), t('training.participants.institutionType'), f.byInstitution, (k) => t(`training.institutions.${k}`))}
        <h2>{t('training.figures.bySector')}</h2>
        {breakdown(t('training.figures.bySector'), t('training.figures.sector'), f.bySector, (k) => t(`training.audiences.${k}`))}
        <h2>{t('training.figures.byCountry')}</h2>
        {breakdown(t('training.figures.byCountry'), t('training.fields.country'), f.byCountry, (k) => countryName(k, t.locale))}
        <h2>{t('training.figures.byTopic')}</h2>
        {breakdown(t('training.figures.byTopic'), t('training.fields.topic'), f.byTopic, (k) => t(`training.topics.${k}`))}
        <h2>{t('training.figures.scores')}</h2>
        <Table
          caption={t('training.figures.scores')}
          head={[t('training.fields.topic'), t('training.figures.withBoth'), t('training.figures.meanPre'), t('training.figures.meanPost'), t('training.figures.meanChangeShort')]}
          rows={[scoreRow(t('training.figures.allTopics'), f.scores), ...f.scoresByTopic.map(([k, s]) => scoreRow(t(`training.topics.${k}`), s))]}
        />
      </Layout>,
    );
  });
}
