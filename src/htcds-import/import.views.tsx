import type { RowError } from './template.js';
import { Form, Select, Submit, Table } from '../platform/views/components.js';
import type { MessageValues, Translator } from '../platform/i18n/i18n.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { RefusalBox } from '../platform/views/refusal.js';

/* The staff pages of the HTCDS case import: the upload, a job's progress, the dry-run preview, the import's outcome. */

type PageLayout = Omit<LayoutProps, 'children'>;

export interface ImportPageModel {
  offices: Array<{ id: string; name: string }>;
  officeId?: string | undefined;
  /** A refusal of the whole file, already translated. */
  refusal?: string | undefined;
}

export interface PreviewViewModel {
  officeId: string;
  officeName: string;
  digest: string;
  rows: number;
  valid: number;
  errors: Array<RowError & { row: number }>;
  duplicates: Array<{ row: number; candidates: string[]; elsewhere: string[]; inFile: number[] }>;
}

function FileField(props: { t: Translator; id: string }) {
  const { t } = props;
  return (
    <div class="field">
      <label class="label" for={props.id}>
        {t('import.file.label')}
      </label>
      <p class="hint" id={`${props.id}-hint`}>
        {t('import.file.hint')}
      </p>
      <input
        type="file"
        id={props.id}
        name="file"
        class="input"
        required
        aria-describedby={`${props.id}-hint`}
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      />
    </div>
  );
}

function OfficeField(props: { t: Translator; offices: ImportPageModel['offices']; value?: string | undefined }) {
  if (props.offices.length <= 1) return props.offices[0] ? <input type="hidden" name="officeId" value={props.offices[0].id} /> : null;
  return (
    <Select
      t={props.t}
      name="officeId"
      label={props.t('import.office')}
      options={props.offices.map((o) => ({ value: o.id, label: o.name }))}
      value={props.value ?? ''}
      emptyLabel={props.t('forms.choose')}
      required
    />
  );
}

/** The upload page: what the file must be, the office, the file. */
export function ImportPage(props: { layout: PageLayout; model: ImportPageModel; csrf: string }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('import.title')}</h1>
      <p class="lead">{t('import.intro')}</p>
      <p class="hint">{t('import.template', { sheet: 'Cases' })}</p>
      <p class="hint">{t('import.attribution')}</p>
      <RefusalBox message={props.model.refusal} />
      {props.model.offices.length === 0 ? (
        <p>{t('import.noOffice')}</p>
      ) : (
        <Form t={t} action="/staff/import/htcds/preview" csrf={props.csrf} multipart id="import-upload">
          <OfficeField t={t} offices={props.model.offices} value={props.model.officeId} />
          <FileField t={t} id="f-file" />
          <Submit label={t('import.preview')} />
        </Form>
      )}
    </Layout>
  );
}

function errorText(t: Translator, e: RowError): string {
  return t(e.key, e.values);
}

/** The dry run: every row's errors (row number, HTCDS field), the possible duplicates, and the import form. */
export function PreviewPage(props: { layout: PageLayout; model: PreviewViewModel; csrf: string; refusal?: string | undefined }) {
  const t = props.layout.t;
  const m = props.model;
  const bad = new Set(m.errors.map((e) => e.row)).size;
  return (
    <Layout {...props.layout}>
      <h1>{t('import.previewTitle')}</h1>
      <p class="lead" id="import-summary">
        {t('import.summary', { rows: m.rows, valid: m.valid, bad, office: m.officeName })}
      </p>
      <RefusalBox message={props.refusal} />
      <Table
        caption={t('import.errorsTitle', { count: m.errors.length })}
        head={[t('import.row'), t('import.field'), t('import.problem')]}
        rows={m.errors.map((e) => [String(e.row), <code dir="ltr">{e.field}</code>, errorText(t, e)])}
        empty={t('import.noErrors')}
      />
      <Table
        caption={t('import.duplicatesTitle', { count: m.duplicates.length })}
        head={[t('import.row'), t('import.candidates'), t('import.elsewhere'), t('import.inFile')]}
        rows={m.duplicates.map((d) => [String(d.row), d.candidates.join(', '), d.elsewhere.join(', '), d.inFile.join(', ')])}
        empty={t('import.noDuplicates')}
      />
      {m.errors.length > 0 ? (
        <p class="notice" id="import-fix">
          {t('import.fixFirst')}
        </p>
      ) : (
        <section aria-labelledby="import-confirm-title">
          <h2 id="import-confirm-title">{t('import.confirmTitle', { count: m.valid })}</h2>
          <p>{t('import.confirmHint')}</p>
          <Form t={t} action="/staff/import/htcds" csrf={props.csrf} multipart id="import-confirm">
            <input type="hidden" name="officeId" value={m.officeId} />
            <input type="hidden" name="digest" value={m.digest} />
            <FileField t={t} id="f-file-again" />
            <Submit label={t('import.import', { count: m.valid })} />
          </Form>
        </section>
      )}
      <p>
        <a href="/staff/import/htcds">{t('import.again')}</a>
      </p>
    </Layout>
  );
}

/** While a job runs, its page reloads itself this often (no script needed). */
export const JOB_REFRESH_SECONDS = 2;

export interface JobViewModel {
  id: string;
  kind: 'preview' | 'import';
  status: 'waiting' | 'running' | 'done' | 'failed';
  officeName: string;
  progress: { read: number; checked: number; imported: number };
  preview?: PreviewViewModel;
  imported?: number;
  failure?: { key: string; values?: MessageValues | undefined };
}

function Progress(props: { t: Translator; job: JobViewModel }) {
  const { t, job } = props;
  const p = job.progress;
  // Importing: the rows were all checked first, so their count is the whole; before that the total is not known.
  const importing = job.kind === 'import' && p.imported > 0;
  return (
    <section aria-labelledby="import-progress-title">
      <h2 id="import-progress-title">{t('import.job.progressLabel')}</h2>
      {importing ? (
        <progress id="import-progress" max={p.checked} value={p.imported} aria-labelledby="import-progress-title" />
      ) : (
        <progress id="import-progress" aria-labelledby="import-progress-title" />
      )}
      <dl class="facts" id="import-counts">
        <dt>{t('import.job.read')}</dt>
        <dd>{p.read}</dd>
        <dt>{t('import.job.checked')}</dt>
        <dd>{p.checked}</dd>
        {job.kind === 'import' ? (
          <>
            <dt>{t('import.job.imported')}</dt>
            <dd>{p.imported}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** A job's page: its progress while it runs (reloading itself), then the preview, the import's count or why it failed. */
export function JobPage(props: { layout: PageLayout; job: JobViewModel; csrf: string }) {
  const t = props.layout.t;
  const job = props.job;
  if (job.status === 'done' && job.preview) return <PreviewPage layout={props.layout} model={job.preview} csrf={props.csrf} />;
  const running = job.status === 'waiting' || job.status === 'running';
  const title = t(job.kind === 'preview' ? 'import.previewTitle' : 'import.importTitle');
  return (
    <Layout {...props.layout} head={running ? <meta http-equiv="refresh" content={String(JOB_REFRESH_SECONDS)} /> : undefined}>
      <h1>{title}</h1>
      {running ? (
        <>
          <p class="lead" id="import-status" role="status">
            {t(job.status === 'waiting' ? 'import.job.waiting' : 'import.job.running', { seconds: JOB_REFRESH_SECONDS })}
          </p>
          <Progress t={t} job={job} />
          <p class="hint" id="import-sealed">
            {t('import.job.sealed')}
          </p>
          <p>
            <a href={`/staff/import/htcds/jobs/${job.id}`}>{t('import.job.refresh')}</a>
          </p>
        </>
      ) : job.status === 'failed' ? (
        <>
          <RefusalBox message={t(job.failure?.key ?? 'import.job.failed', job.failure?.values)} />
          <p id="import-failed">{t('import.job.nothingChanged')}</p>
          <p>
            <a href="/staff/import/htcds">{t('import.again')}</a>
          </p>
        </>
      ) : (
        <>
          <p class="lead" id="import-done" role="status">
            {t('import.done', { count: job.imported ?? 0, office: job.officeName })}
          </p>
          <p>
            <a href="/staff/cases">{t('import.job.openCases')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
