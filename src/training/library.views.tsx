import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Select, Submit, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { LIBRARY_LANGUAGES, TRAINING_TOPICS } from './training.schema.js';
import type { LibraryDocumentTable } from './training.table.js';
import { type PageLayout, Refusal } from './training.views.js';

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function sizeLabel(bytes: number, locale: string): string {
  const fmt = (n: number, unit: 'kilobyte' | 'megabyte') => new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(n);
  return bytes < 1024 * 1024 ? fmt(Math.max(1, Math.round(bytes / 1024)), 'kilobyte') : fmt(bytes / (1024 * 1024), 'megabyte');
}

const topicOptions = (t: Translator) => TRAINING_TOPICS.map((x) => ({ value: x, label: t(`training.topics.${x}`) }));
const languageOptions = (t: Translator) => LIBRARY_LANGUAGES.map((l) => ({ value: l, label: languageName(l, t.locale) }));

type LibraryDocument = Pick<LibraryDocumentTable, 'id' | 'office_id' | 'topic' | 'language' | 'title' | 'description' | 'file_name' | 'size_bytes'>;

export function LibraryPage(props: {
  layout: PageLayout;
  documents: readonly LibraryDocument[];
  filter: { topic?: string | undefined; language?: string | undefined };
  /** For a manager: the CSRF token and which documents they may remove. */
  manager: { csrf: string; mayRemove: (doc: LibraryDocument) => boolean } | undefined;
}) {
  const { t } = props.layout;
  const { filter, manager } = props;
  return (
    <Layout {...props.layout}>
      <h1>{t('training.library.title')}</h1>
      <p>{t('training.library.intro')}</p>
      {manager ? (
        <p>
          <a class="button" href="/staff/training/library/new">
            {t('training.library.add')}
          </a>
        </p>
      ) : null}
      <Form t={t} method="get" action="/staff/training/library" class="form form-inline">
        <Select t={t} name="topic" label={t('training.fields.topic')} options={topicOptions(t)} value={filter.topic ?? ''} emptyLabel={t('training.library.allTopics')} />
        <Select t={t} name="language" label={t('training.library.language')} options={languageOptions(t)} value={filter.language ?? ''} emptyLabel={t('training.library.allLanguages')} />
        <Submit label={t('training.library.filter')} secondary />
      </Form>
      <Table
        caption={t('training.library.documents')}
        head={[t('training.library.docTitle'), t('training.fields.topic'), t('training.library.language'), t('training.library.size'), ...(manager ? [t('training.library.actions')] : [])]}
        rows={props.documents.map((d) => [
          <>
            <a href={`/staff/training/library/${d.id}`} hrefLang={d.language} download={d.file_name}>
              {d.title}
            </a>
            {d.description ? <p class="hint">{d.description}</p> : null}
          </>,
          t(`training.topics.${d.topic}`),
          languageName(d.language, t.locale),
          `${d.file_name.split('.').pop()?.toUpperCase() ?? ''} · ${sizeLabel(d.size_bytes, t.locale)}`,
          ...(manager ? [manager.mayRemove(d) ? <ActionButton action={`/staff/training/library/${d.id}/remove`} csrf={manager.csrf} label={t('training.library.remove')} danger /> : ''] : []),
        ])}
        empty={t('training.library.none')}
      />
    </Layout>
  );
}

export function UploadPage(props: {
  layout: PageLayout;
  csrf: string | undefined;
  offices: ReadonlyArray<{ id: string; code: string; name: string }>;
  maxMb: number;
  problem?: FormProblem | undefined;
}) {
  const { t } = props.layout;
  const errors = props.problem?.errors;
  const raw = props.problem?.raw;
  const v = (k: string) => (typeof raw?.[k] === 'string' ? (raw[k] as string) : '');
  const labels = {
    officeId: t('training.fields.office'),
    title: t('training.library.docTitle'),
    description: t('training.library.description'),
    topic: t('training.fields.topic'),
    language: t('training.library.language'),
    file: t('training.library.file'),
  };
  return (
    <Layout {...props.layout}>
      <p>
        <a href="/staff/training/library">{t('training.library.title')}</a>
      </p>
      <h1>{t('training.library.add')}</h1>
      <Refusal problem={props.problem} />
      <Form t={t} action="/staff/training/library" multipart csrf={props.csrf} errors={errors} hasRequired labels={labels}>
        {props.offices.length > 1 ? (
          <Select t={t} name="officeId" label={labels.officeId} options={props.offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId')} emptyLabel={t('forms.choose')} required error={errors?.officeId} />
        ) : null}
        <TextField t={t} name="title" label={labels.title} value={v('title')} required error={errors?.title} />
        <TextArea t={t} name="description" label={labels.description} value={v('description')} rows={3} error={errors?.description} />
        <Select t={t} name="topic" label={labels.topic} options={topicOptions(t)} value={v('topic')} emptyLabel={t('forms.choose')} required error={errors?.topic} />
        <Select t={t} name="language" label={labels.language} options={languageOptions(t)} value={v('language')} emptyLabel={t('forms.choose')} required error={errors?.language} />
        <div class={`field${errors?.file ? ' field-has-error' : ''}`}>
          <label for="f-file" class="label">
            {labels.file}
            <span class="required" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <p class="hint" id="f-file-hint">
            {t('training.library.fileHint', { mb: props.maxMb })}
          </p>
          {errors?.file ? (
            <p class="field-error" id="f-file-error">
              <span class="visually-hidden">{t('forms.errorPrefix')} </span>
              {t(errors.file)}
            </p>
          ) : null}
          <input id="f-file" name="file" type="file" required aria-describedby={errors?.file ? 'f-file-hint f-file-error' : 'f-file-hint'} aria-invalid={errors?.file ? 'true' : undefined} />
        </div>
        <Submit label={t('training.library.upload')} />
      </Form>
    </Layout>
  );
}
