import type { RowError } from './template.js';
import { Form, Select, Submit, Table } from '../platform/views/components.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { RefusalBox } from '../platform/views/refusal.js';

/* The staff pages of the HTCDS case import: the upload, the dry-run preview, and the import of the same file. */

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
