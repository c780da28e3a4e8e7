import { Form, Select, Submit } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import type { RiskSettingsView } from './risk-settings.service.js';
import { Alert, errs, type PageEnv, rawOf, str } from './view-parts.js';

const SCORES = [2, 3, 4, 6, 9] as const;

/** An office's return-risk thresholds: from which likelihood × impact score a risk is medium, and high. */
export function RiskSettingsPage(props: { layout: Omit<LayoutProps, 'children'>; env: PageEnv; view: RiskSettingsView }) {
  const { env, view } = props;
  const t = env.t;
  const raw = rawOf(env, 'risk-settings');
  const e = errs(env, 'risk-settings');
  const options = SCORES.map((n) => ({ value: String(n), label: t('solutions.riskSettings.score', { n }) }));
  return (
    <Layout {...props.layout}>
      <h1>{t('solutions.riskSettings.title')}</h1>
      <p>{t('solutions.riskSettings.explain')}</p>
      <p class="hint">{t('solutions.riskSettings.defaults', { medium: view.defaults.mediumFrom, high: view.defaults.highFrom })}</p>
      <Form
        t={t}
        action={`/staff/solutions/risk-thresholds?office=${view.officeId}`}
        csrf={env.csrf}
        id="risk-settings"
        errors={e}
        hasRequired
        labels={{ mediumFrom: t('solutions.riskSettings.mediumFrom'), highFrom: t('solutions.riskSettings.highFrom') }}
      >
        <Alert env={env} form="risk-settings" />
        {view.version !== undefined ? <input type="hidden" name="version" value={String(view.version)} /> : null}
        <Select
          t={t}
          name="mediumFrom"
          required
          label={t('solutions.riskSettings.mediumFrom')}
          options={options}
          value={str(raw.mediumFrom) ?? String(view.thresholds.mediumFrom)}
          error={e?.mediumFrom}
        />
        <Select
          t={t}
          name="highFrom"
          required
          label={t('solutions.riskSettings.highFrom')}
          hint={t('solutions.riskSettings.highHint')}
          options={options}
          value={str(raw.highFrom) ?? String(view.thresholds.highFrom)}
          error={e?.highFrom}
        />
        <Submit label={t('solutions.riskSettings.save')} />
      </Form>
    </Layout>
  );
}
