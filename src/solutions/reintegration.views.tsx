import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, Form, Submit, Table, TextArea } from '../platform/views/components.js';
import { ScoreChart } from './score-chart.js';
import type { ReintegrationView } from './solution-view.service.js';
import { planDueOn } from './solutions.model.js';
import { bandOf, type Dimension, DIMENSIONS, SUPPORT_FOR_LOW, type SurveyBands, suggestions } from './survey.js';
import { Alert, errs, type PageEnv, rawOf, str } from './view-parts.js';

/** The reintegration tab: the plan (its form for the owning office) and the survey scores. */
export function ReintegrationBody(props: { env: PageEnv; view: ReintegrationView }) {
  const { env, view } = props;
  const t = env.t;
  const arrivedOn = view.summary.arrivedOn;
  return (
    <>
      <section aria-labelledby="rp-plan">
        <h2 id="rp-plan">{t('solutions.plan.title')}</h2>
        {arrivedOn ? (
          <p class={view.planLate ? 'notice notice-danger' : 'hint'}>
            {view.planLate ? t('solutions.plan.late', { date: t.date(planDueOn(arrivedOn)) }) : t('solutions.plan.due', { date: t.date(planDueOn(arrivedOn)) })}
          </p>
        ) : (
          <p class="hint">{t('solutions.plan.dueRule')}</p>
        )}
        {view.plan ? <p>{t('solutions.plan.saved', { date: t.date(view.plan.savedAt, env.timeZone, true) })}</p> : null}
        {view.personal ? <PlanForm env={env} view={view} /> : null}
      </section>
      <Scores env={env} view={view} />
    </>
  );
}

function PlanForm(props: { env: PageEnv; view: ReintegrationView }) {
  const { env, view } = props;
  const t = env.t;
  const raw = rawOf(env, 'plan');
  const objectives = view.plan?.objectives ?? { economic: '', social: '', psychosocial: '' };
  const services = view.plan?.services ?? [];
  return (
    <Form
      t={t}
      action={`/staff/cases/${view.caseId}/reintegration/plan`}
      csrf={env.csrf}
      id="plan"
      errors={errs(env, 'plan')}
      hasRequired
      labels={{ economic: t('solutions.plan.economic'), social: t('solutions.plan.social'), psychosocial: t('solutions.plan.psychosocial') }}
    >
      <Alert env={env} form="plan" />
      <input type="hidden" name="version" value={String(view.plan?.version ?? '')} />
      {DIMENSIONS.map((d) => (
        <>
          <TextArea
            t={t}
            name={d}
            required
            rows={3}
            label={t(`solutions.plan.${d}`)}
            value={str(raw[d]) ?? objectives[d]}
            error={errs(env, 'plan')?.[d]}
            maxLength={3000}
          />
          {view.partners.length > 0 ? (
            <Choices
              t={t}
              name={`services_${d}`}
              multiple
              label={t('solutions.plan.services', { dimension: t(`solutions.dimensions.${d}`) })}
              value={services.filter((s) => s.dimension === d).map((s) => s.organisationId)}
              options={view.partners.map((o) => ({ value: o.id, label: o.name }))}
            />
          ) : null}
        </>
      ))}
      {view.partners.length === 0 ? <p class="hint">{t('solutions.plan.noPartners')}</p> : null}
      <Submit label={t('solutions.plan.save')} />
    </Form>
  );
}

function Scores(props: { env: PageEnv; view: ReintegrationView }) {
  const { env, view } = props;
  const t = env.t;
  const surveys = view.surveys;
  const points = surveys.map((s) => ({
    label: [t(`solutions.survey.kinds.${s.kind}`), t.date(s.takenOn)] as [string, string],
    economic: s.economic,
    social: s.social,
    psychosocial: s.psychosocial,
    composite: s.composite,
  }));
  const latest = surveys[surveys.length - 1];
  const low = latest ? suggestions(latest, view.bands) : [];
  const fmt = (v: number | null) => (v === null ? '—' : t.number(Math.round(v * 100) / 100));
  const hasBaseline = surveys.some((s) => s.kind === 'baseline');
  return (
    <section aria-labelledby="rp-scores">
      <h2 id="rp-scores">{t('solutions.survey.scoresTitle')}</h2>
      {surveys.length > 0 ? (
        <>
          <ScoreChart t={t} points={points} bands={view.bands} />
          <Table
            caption={t('solutions.survey.tableCaption')}
            head={[
              t('solutions.survey.taken'),
              t('solutions.survey.version'),
              ...DIMENSIONS.map((d) => t(`solutions.dimensions.${d}`)),
              t('solutions.dimensions.composite'),
            ]}
            rows={surveys.map((s) => [
              `${t(`solutions.survey.kinds.${s.kind}`)} · ${t.date(s.takenOn)}`,
              String(s.configVersion),
              fmt(s.economic),
              fmt(s.social),
              fmt(s.psychosocial),
              fmt(s.composite),
            ])}
          />
          {latest ? <Bands t={t} latest={latest} bands={view.bands} /> : null}
          {low.length > 0 ? (
            <div class="notice" role="status">
              <h3>{t('solutions.survey.suggestTitle')}</h3>
              <ul>
                {low.map((d: Dimension) => (
                  <li>{t(`solutions.survey.suggest.${SUPPORT_FOR_LOW[d]}`)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <p>{t('solutions.survey.none')}</p>
      )}
      {!view.configConfirmed ? <p class="hint">{t('solutions.survey.unconfirmed')}</p> : null}
      {view.personal && view.can.edit ? (
        <p>
          <a class="button" href={`/staff/cases/${view.caseId}/reintegration/survey?kind=${hasBaseline ? 'followup' : 'baseline'}`}>
            {hasBaseline ? t('solutions.survey.newFollowup') : t('solutions.survey.newBaseline')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function Bands(props: { t: Translator; latest: Record<Dimension, number | null>; bands: SurveyBands }) {
  const { t } = props;
  return (
    <p>
      {DIMENSIONS.map((d) => {
        const b = bandOf(props.latest[d], props.bands);
        return b ? (
          <span class="score-band">
            {t(`solutions.dimensions.${d}`)}: <span class={`badge badge-band-${b}`}>{t(`solutions.survey.bands.${b}`)}</span>{' '}
          </span>
        ) : null;
      })}
    </p>
  );
}
