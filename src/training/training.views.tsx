import type { FormProblem } from '../platform/http/form-action.js';
import { countryName, countryOptions } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { AUDIENCES, TRAINING_TOPICS } from './training.schema.js';
import type { Training } from './training.table.js';

/** The list of trainings and the training form (new and edit). */

export type PageLayout = Omit<LayoutProps, 'children'>;

/** Joins place and country with the separators of the reader's language. */
export const joined = (t: Translator, parts: Array<string | null | undefined>) => parts.filter(Boolean).join(t.dir === 'rtl' ? '، ' : ', ');

export const day = (t: Translator, d: string | null | undefined) => (d ? t.date(`${d}T12:00:00Z`, 'UTC') : '—');

/** A refusal of the service (a stale version, a rule), shown above the form it concerns. */
export function Refusal(props: { problem: Pick<FormProblem, 'refusal'> | undefined }) {
  const refusal = props.problem?.refusal;
  if (!refusal) return null;
  return (
    <div class="flash flash-error" role="alert">
      <p>{refusal.message}</p>
    </div>
  );
}

export interface TrainingRow {
  id: string;
  title: string;
  topic: string;
  audience: string;
  country: string;
  first_day: unknown;
  participants: unknown;
}

export function TrainingListPage(props: { layout: PageLayout; trainings: readonly TrainingRow[] }) {
  const { t } = props.layout;
  return (
    <Layout {...props.layout}>
      <h1>{t('training.title')}</h1>
      <p>
        <a class="button" href="/staff/training/new">
          {t('training.new')}
        </a>{' '}
        <a class="button button-secondary" href="/staff/training/library">
          {t('training.library.title')}
        </a>{' '}
        <a class="button button-secondary" href="/staff/training/figures">
          {t('training.figures.title')}
        </a>
      </p>
      <Table
        caption={t('training.list')}
        head={[t('training.fields.title'), t('training.fields.topic'), t('training.fields.audience'), t('training.fields.country'), t('training.fields.firstDay'), t('training.participants.title')]}
        rows={props.trainings.map((x) => [
          <a href={`/staff/training/${x.id}`}>{x.title}</a>,
          t(`training.topics.${x.topic}`),
          t(`training.audiences.${x.audience}`),
          countryName(x.country, t.locale),
          day(t, x.first_day as string | null),
          t.number(Number(x.participants)),
        ])}
        empty={t('training.none')}
      />
    </Layout>
  );
}

export function TrainingFormPage(props: {
  layout: PageLayout;
  csrf: string | undefined;
  /** The training being edited; undefined for a new one. */
  existing: Training | undefined;
  /** Its lists (curriculum, trainers) as lines. */
  lists: { curriculum: string[]; trainers: string[] } | undefined;
  offices: ReadonlyArray<{ id: string; code: string; name: string }>;
  problem?: FormProblem | undefined;
}) {
  const { t } = props.layout;
  const { existing, problem } = props;
  const errors = problem?.errors;
  const raw = problem?.raw;
  const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
  const title = existing ? t('training.edit') : t('training.new');
  const labels = {
    officeId: t('training.fields.office'),
    title: t('training.fields.title'),
    topic: t('training.fields.topic'),
    audience: t('training.fields.audience'),
    country: t('training.fields.country'),
    place: t('training.fields.place'),
    online: t('training.fields.online'),
    curriculum: t('training.fields.curriculum'),
    trainers: t('training.fields.trainers'),
    testMaxScore: t('training.fields.testMaxScore'),
  };
  const onlineOptions = [
    { value: '0', label: t('training.fields.inPerson') },
    { value: '1', label: t('training.fields.onlineYes') },
  ];
  return (
    <Layout {...props.layout}>
      <h1>{title}</h1>
      <Refusal problem={problem} />
      <Form t={t} action={existing ? `/staff/training/${existing.id}` : '/staff/training'} csrf={props.csrf} errors={errors} hasRequired labels={labels}>
        {existing ? <input type="hidden" name="version" value={String(existing.version)} /> : null}
        {!existing && props.offices.length > 1 ? (
          <Select t={t} name="officeId" label={labels.officeId} options={props.offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId')} emptyLabel={t('forms.choose')} required error={errors?.officeId} />
        ) : null}
        <TextField t={t} name="title" label={labels.title} value={v('title', existing?.title)} required error={errors?.title} />
        <Select t={t} name="topic" label={labels.topic} options={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`training.topics.${x}`) }))} value={v('topic', existing?.topic)} emptyLabel={t('forms.choose')} required error={errors?.topic} />
        <Choices t={t} name="audience" label={labels.audience} options={AUDIENCES.map((x) => ({ value: x, label: t(`training.audiences.${x}`) }))} value={v('audience', existing?.audience)} required error={errors?.audience} />
        <Select t={t} name="country" label={labels.country} options={countryOptions(t.locale)} value={v('country', existing?.country)} emptyLabel={t('forms.choose')} required error={errors?.country} />
        <TextField t={t} name="place" label={labels.place} value={v('place', existing?.place)} error={errors?.place} />
        <Choices t={t} name="online" inline label={labels.online} options={onlineOptions} value={v('online', existing ? String(existing.online) : '0')} error={errors?.online} />
        <TextArea t={t} name="curriculum" label={labels.curriculum} hint={t('training.fields.curriculumHint')} value={v('curriculum', props.lists?.curriculum.join('\n') ?? '')} rows={5} error={errors?.curriculum} />
        <TextArea t={t} name="trainers" label={labels.trainers} hint={t('training.fields.trainersHint')} value={v('trainers', props.lists?.trainers.join('\n') ?? '')} rows={3} required error={errors?.trainers} />
        <TextField t={t} name="testMaxScore" type="number" inputMode="numeric" label={labels.testMaxScore} hint={t('training.fields.testMaxScoreHint')} value={v('testMaxScore', existing?.test_max_score ?? 20)} required width="short" error={errors?.testMaxScore} />
        <Submit label={t('forms.save')} />
      </Form>
    </Layout>
  );
}
