import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, Form, Select, Submit, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { DIMENSIONS, type SurveyConfig } from './survey.js';
import { Alert, errs, type PageEnv, rawOf, str } from './view-parts.js';

function answerLabel(t: Translator, label: string): string {
  const camel = label.replace(/[^A-Za-z]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toLowerCase());
  const key = `solutions.survey.answers.${camel}`;
  return t.has(key) ? t(key) : label;
}

function itemLabel(t: Translator, item: { id: string; question: string }): string {
  const key = `solutions.survey.items.${item.id}`;
  return t.has(key) ? t(key) : item.question;
}

/** The survey form, from the office's current version: one optional answer per item. */
export function SurveyForm(props: { env: PageEnv; form: { caseId: string; version: number; config: SurveyConfig }; kind: string; today: string }) {
  const { env, form } = props;
  const t = env.t;
  const raw = rawOf(env, 'survey');
  return (
    <Form t={t} action={`/staff/cases/${form.caseId}/reintegration/survey`} csrf={env.csrf} id="survey" errors={errs(env, 'survey')} hasRequired>
      <Alert env={env} form="survey" />
      <p class="hint">{t('solutions.survey.versionNote', { version: form.version })}</p>
      <Choices
        t={t}
        name="kind"
        required
        inline
        label={t('solutions.survey.kind')}
        value={str(raw.kind) ?? props.kind}
        options={[
          { value: 'baseline', label: t('solutions.survey.kinds.baseline') },
          { value: 'followup', label: t('solutions.survey.kinds.followup') },
        ]}
      />
      <TextField
        t={t}
        name="takenOn"
        type="date"
        required
        width="medium"
        label={t('solutions.survey.taken')}
        value={str(raw.takenOn) ?? props.today}
        error={errs(env, 'survey')?.takenOn}
      />
      {DIMENSIONS.map((d) => (
        <fieldset class="fieldset survey-dimension">
          <legend class="label">{t(`solutions.dimensions.${d}`)}</legend>
          {form.config.items
            .filter((i) => i.dimension === d)
            .map((item) => (
              <Select
                t={t}
                name={`a_${item.id}`}
                label={itemLabel(t, item)}
                emptyLabel={t('solutions.survey.notAsked')}
                value={str(raw[`a_${item.id}`])}
                error={errs(env, 'survey')?.[`a_${item.id}`]}
                options={item.answers.map((a) => ({ value: String(a.value), label: answerLabel(t, a.label) }))}
              />
            ))}
        </fieldset>
      ))}
      <Submit label={t('solutions.survey.save')} />
    </Form>
  );
}

/** The configuration of an office's survey: a weight per dimension and per item, and the two band limits. */
export function ConfigPage(props: {
  layout: Omit<LayoutProps, 'children'>;
  env: PageEnv;
  current: { officeId: string; version: number; config: SurveyConfig };
}) {
  const { env, current } = props;
  const t = env.t;
  const raw = rawOf(env, 'config');
  const e = errs(env, 'config');
  const v = (k: string, fallback: number) => str(raw[k]) ?? String(fallback);
  return (
    <Layout {...props.layout}>
      <h1>{t('solutions.config.title')}</h1>
      <p>{t('solutions.config.explain', { version: current.version })}</p>
      <p class="hint">{t('solutions.survey.unconfirmed')}</p>
      <Form t={t} action={`/staff/solutions/survey-config?office=${current.officeId}`} csrf={env.csrf} id="config" errors={e}>
        <Alert env={env} form="config" />
        <fieldset class="fieldset">
          <legend class="label">{t('solutions.config.dimensionWeights')}</legend>
          {DIMENSIONS.map((d) => (
            <TextField
              t={t}
              name={`w_${d}`}
              inputMode="numeric"
              width="short"
              label={t(`solutions.dimensions.${d}`)}
              value={v(`w_${d}`, current.config.dimensionWeights[d])}
              error={e?.[`w_${d}`]}
            />
          ))}
        </fieldset>
        <fieldset class="fieldset">
          <legend class="label">{t('solutions.config.bands')}</legend>
          <TextField
            t={t}
            name="bandLow"
            width="short"
            label={t('solutions.config.bandLow')}
            value={v('bandLow', current.config.bands.low)}
            error={e?.bandLow}
          />
          <TextField
            t={t}
            name="bandHigh"
            width="short"
            label={t('solutions.config.bandHigh')}
            value={v('bandHigh', current.config.bands.high)}
            error={e?.bandHigh}
          />
        </fieldset>
        {DIMENSIONS.map((d) => (
          <fieldset class="fieldset">
            <legend class="label">{t('solutions.config.itemWeights', { dimension: t(`solutions.dimensions.${d}`) })}</legend>
            {current.config.items
              .filter((i) => i.dimension === d)
              .map((i) => (
                <TextField t={t} name={`w_${i.id}`} width="short" label={itemLabel(t, i)} value={v(`w_${i.id}`, i.weight)} error={e?.[`w_${i.id}`]} />
              ))}
          </fieldset>
        ))}
        <Submit label={t('solutions.config.save')} />
      </Form>
    </Layout>
  );
}
