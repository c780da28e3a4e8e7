import { Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import type { SolutionView } from './solution-view.service.js';
import { RISK_FACTORS, riskLevel } from './solutions.model.js';
import { Alert, errs, LevelBadge, type PageEnv, rawOf, str } from './view-parts.js';

/** The joint risk assessment: the matrix, the block and its alternatives, the override, the form of each side. */
export function RiskSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view, base } = props;
  const { t } = env;
  const detail = view.risk?.detail;
  const status = view.summary.returnStatus;
  return (
    <section aria-labelledby="sol-risk">
      <h2 id="sol-risk">{t('solutions.risk.title')}</h2>
      <p class="hint">{t('solutions.risk.explain', { office: view.riskWithOffice })}</p>
      <p class="hint">{t('solutions.riskSettings.inUse', { medium: view.riskThresholds.mediumFrom, high: view.riskThresholds.highFrom })}</p>
      {view.risk && detail ? (
        <>
          <p>
            {t('solutions.risk.overall')} <LevelBadge t={t} level={view.risk.overall} />
          </p>
          <SummaryList
            items={[
              [
                t('solutions.risk.destinationSigned'),
                detail.destinationSignedAt ? t.date(detail.destinationSignedAt, env.timeZone, true) : t('solutions.risk.notSigned'),
              ],
              [t('solutions.risk.originSigned'), detail.originSignedAt ? t.date(detail.originSignedAt, env.timeZone, true) : t('solutions.risk.notSigned')],
            ]}
          />
          <Table
            caption={t('solutions.risk.matrix')}
            head={[
              t('solutions.risk.factor'),
              t('solutions.risk.likelihood'),
              t('solutions.risk.impact'),
              t('solutions.risk.level.title'),
              t('solutions.risk.mitigation'),
            ]}
            rows={detail.risks.map((r) => [
              t(`solutions.risk.factors.${r.factor}`),
              t(`solutions.risk.likelihoodLevels.${r.likelihood}`),
              t(`solutions.risk.impactLevels.${r.impact}`),
              <LevelBadge t={t} level={riskLevel(r.likelihood, r.impact, view.riskThresholds)} />,
              r.mitigation,
            ])}
          />
        </>
      ) : (
        <p>{t('solutions.risk.none')}</p>
      )}
      {status === 'blocked' ? (
        <div class="notice notice-danger" role="status">
          <p>
            <strong>{t('solutions.return.blocked')}</strong>
          </p>
          <p>{t('solutions.return.alternatives')}</p>
          <ul>
            <li>{t('solutions.options.local_integration')}</li>
            <li>{t('solutions.options.resettlement')}</li>
          </ul>
        </div>
      ) : null}
      {view.summary.overrideAt && view.personal ? (
        <p class="notice">
          {t('solutions.return.overridden', { date: t.date(view.summary.overrideAt, env.timeZone, true) })} {view.personal.overrideReason}
        </p>
      ) : null}
      {status === 'blocked' && view.can.decide ? <OverrideForm env={env} base={base} /> : null}
      {view.can.assessRisk && status !== 'travelled' ? <MatrixForm env={env} view={view} base={base} /> : null}
    </section>
  );
}

function OverrideForm(props: { env: PageEnv; base: string }) {
  const { env } = props;
  const t = env.t;
  return (
    <Form
      t={t}
      action={`${props.base}/override`}
      csrf={env.csrf}
      id="override"
      idPrefix="override"
      errors={errs(env, 'override')}
      hasRequired
      labels={{ reason: t('solutions.return.overrideReason') }}
    >
      <Alert env={env} form="override" />
      <TextArea
        t={t}
        name="reason"
        idPrefix="override"
        required
        label={t('solutions.return.overrideReason')}
        hint={t('solutions.return.overrideHint')}
        error={errs(env, 'override')?.reason}
        maxLength={3000}
        value={str(rawOf(env, 'override').reason)}
      />
      <Submit label={t('solutions.return.overrideSave')} />
    </Form>
  );
}

/** One row of fields per factor: likelihood, impact, mitigation. */
function MatrixForm(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view } = props;
  const t = env.t;
  const owner = view.access === 'owner';
  const detail = view.risk?.detail;
  const raw = rawOf(env, 'risks');
  const byFactor = new Map((detail?.risks ?? []).map((r) => [r.factor, r]));
  const levelOptions = (kind: 'likelihood' | 'impact') => [1, 2, 3].map((n) => ({ value: String(n), label: t(`solutions.risk.${kind}Levels.${n}`) }));
  const signed = owner ? detail?.destinationSignedAt : detail?.originSignedAt;
  return (
    <details class="card" open={!detail || env.problem?.form === 'risks' || !signed}>
      <summary>{owner ? t('solutions.risk.editDestination') : t('solutions.risk.editOrigin')}</summary>
      <Form t={t} action={`${props.base}/risks`} csrf={env.csrf} id="risks" errors={errs(env, 'risks')}>
        <Alert env={env} form="risks" />
        <input type="hidden" name="version" value={String(detail?.version ?? '')} />
        <p class="hint">{t('solutions.risk.formHint')}</p>
        {RISK_FACTORS.map((f) => {
          const r = byFactor.get(f);
          return (
            <fieldset class="fieldset risk-row">
              <legend class="label">{t(`solutions.risk.factors.${f}`)}</legend>
              <div class="risk-fields">
                <Select
                  t={t}
                  name={`l_${f}`}
                  label={t('solutions.risk.likelihood')}
                  emptyLabel="—"
                  value={str(raw[`l_${f}`]) ?? (r ? String(r.likelihood) : '')}
                  options={levelOptions('likelihood')}
                  error={errs(env, 'risks')?.[`l_${f}`]}
                />
                <Select
                  t={t}
                  name={`i_${f}`}
                  label={t('solutions.risk.impact')}
                  emptyLabel="—"
                  value={str(raw[`i_${f}`]) ?? (r ? String(r.impact) : '')}
                  options={levelOptions('impact')}
                  error={errs(env, 'risks')?.[`i_${f}`]}
                />
                <TextField t={t} name={`m_${f}`} label={t('solutions.risk.mitigation')} value={str(raw[`m_${f}`]) ?? r?.mitigation ?? ''} maxLength={2000} />
              </div>
            </fieldset>
          );
        })}
        <Submit label={owner ? t('solutions.risk.saveDestination') : t('solutions.risk.saveOrigin')} />
      </Form>
    </details>
  );
}
