import { Choices, type FieldErrors, Form, Submit } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { publicNav } from '../platform/views/public-nav.js';
import { SELF_CHECK, type SelfCheckResult } from './selfcheck.schema.js';

type PublicLayout = Omit<LayoutProps, 'children' | 'nav'>;

/** The questions, as radio groups; every one optional. Shown again with what was answered when refused. */
export function QuestionPage(props: { layout: PublicLayout; errors?: FieldErrors | undefined; raw?: Record<string, unknown> | undefined }) {
  const { errors, raw } = props;
  const t = props.layout.t;
  const l = t.locale;
  const labels = Object.fromEntries(SELF_CHECK.questions.map((q) => [q.id, t(`selfcheck.questions.${q.id}.label`)]));
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${l}/self-check`)}>
      <h1>{t('selfcheck.title')}</h1>
      <p class="lead">{t('selfcheck.intro')}</p>
      <p class="safety-note">{t('selfcheck.private')}</p>
      <Form t={t} action={`/${l}/self-check`} errors={errors} labels={labels} id="self-check" class="form self-check">
        {SELF_CHECK.questions.map((q, i) => (
          <Choices
            t={t}
            name={q.id}
            label={`${t.number(i + 1)}. ${labels[q.id]}`}
            hint={t.has(`selfcheck.questions.${q.id}.hint`) ? t(`selfcheck.questions.${q.id}.hint`) : undefined}
            options={q.options.map((o) => ({ value: o.value, label: t(`selfcheck.questions.${q.id}.options.${o.value}`) }))}
            value={typeof raw?.[q.id] === 'string' ? (raw[q.id] as string) : undefined}
            error={errors?.[q.id]}
          />
        ))}
        <Submit label={t('selfcheck.submit')} />
      </Form>
    </Layout>
  );
}

/** What the answers show, the signs explained, and where to go next; nothing of it is stored. */
export function ResultPage(props: { layout: PublicLayout; result: SelfCheckResult }) {
  const { result } = props;
  const t = props.layout.t;
  const l = t.locale;
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${l}/self-check`)}>
      <h1>{t('selfcheck.result.title')}</h1>
      <div class={`panel result-${result.level}`} role="status">
        <h2>{t(`selfcheck.levels.${result.level}.title`)}</h2>
        <p>{t(`selfcheck.levels.${result.level}.text`)}</p>
        <p data-answered>{t('selfcheck.result.answered', { answered: result.answered, total: result.total, unknown: result.toFindOut.length })}</p>
      </div>
      {result.signs.length > 0 ? (
        <>
          <h2>{t('selfcheck.result.signsTitle', { count: result.signs.length })}</h2>
          <ul class="signs">
            {result.signs.map((s) => (
              <li>
                <strong>{t(`selfcheck.signs.${s}.title`)}</strong> {t(`selfcheck.signs.${s}.explain`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.toFindOut.length > 0 ? (
        <>
          <h2>{t('selfcheck.result.findOutTitle')}</h2>
          <p>{t('selfcheck.result.findOutText')}</p>
          <ul>
            {result.toFindOut.map((q) => (
              <li>{t(`selfcheck.questions.${q}.label`)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('selfcheck.next.title')}</h2>
      <ol class="steps">
        <li>{t('selfcheck.next.checkEmployer')}</li>
        <li>{t('selfcheck.next.keepDocuments')}</li>
        <li>{t('selfcheck.next.tellSomeone')}</li>
        <li>
          <a href={`/${l}/help`}>{t('selfcheck.next.directory')}</a>
        </li>
        <li>
          <a href={`/${l}/report`}>{t('selfcheck.next.report')}</a>
        </li>
      </ol>
      <p class="hint">{t('selfcheck.result.nothingStored')}</p>
      <p>
        <a href={`/${l}/self-check`}>{t('selfcheck.result.again')}</a>
      </p>
    </Layout>
  );
}
