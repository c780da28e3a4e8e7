import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { BarChart, type BarDatum } from './charts.js';
import type { ImportResult } from './ctdc/import.js';
import { formatLabel, problemText, valueLabel } from './stats.labels.js';
import type { FigureBlock } from './stats.service.js';
import type { CtdcDataset } from './stats.table.js';

/** The CTDC reference pages: the list of data sets with the import form, and one data set's protected figures. */

type PageLayout = Omit<LayoutProps, 'children'>;

const FILE_TYPES =
  '.csv,.tsv,.gz,.xlsx,text/csv,text/tab-separated-values,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function ImportRefused(props: { t: Translator; result: ImportResult }) {
  const { t, result } = props;
  return (
    <div class="error-summary" role="alert" aria-labelledby="import-errors-title" tabIndex={-1}>
      <h3 id="import-errors-title">{t('stats.import.refused')}</h3>
      <p>{t('stats.import.counts', { read: result.rowsRead, imported: result.rowsImported, rejected: result.rowsRejected })}</p>
      <ul>
        {result.problems.slice(0, 20).map((p) => (
          <li>{problemText(t, p)}</li>
        ))}
      </ul>
    </div>
  );
}

function ImportForm(props: { t: Translator; csrf: string | undefined; result: ImportResult | undefined }) {
  const { t, result } = props;
  return (
    <section aria-labelledby="import-title" class="stats-import">
      <h2 id="import-title">{t('stats.import.title')}</h2>
      <p class="hint">{t('stats.import.hint')}</p>
      {result && !result.ok ? <ImportRefused t={t} result={result} /> : null}
      <Form t={t} action="/staff/stats/reference" csrf={props.csrf} multipart id="ctdc-import">
        <TextField t={t} name="name" label={t('stats.import.name')} hint={t('stats.import.nameHint')} maxLength={200} />
        <div class="field">
          <label class="label" for="f-file">
            {t('stats.import.file')}
          </label>
          <p class="hint" id="f-file-hint">
            {t('stats.import.fileHint')}
          </p>
          <input id="f-file" name="file" type="file" accept={FILE_TYPES} aria-describedby="f-file-hint" class="input" />
        </div>
        <Submit label={t('stats.import.submit')} />
      </Form>
    </section>
  );
}

export function ReferenceListPage(props: {
  layout: PageLayout;
  datasets: readonly CtdcDataset[];
  /** The import form, for a user who may import. */
  mayImport: boolean;
  csrf: string | undefined;
  /** A refused import, shown above the form. */
  result?: ImportResult | undefined;
}) {
  const { t } = props.layout;
  return (
    <Layout {...props.layout}>
      <h1>{t('stats.reference.title')}</h1>
      <p class="lead">{t('stats.reference.intro')}</p>
      <Table
        caption={t('stats.reference.datasets')}
        head={[
          t('stats.reference.name'),
          t('stats.reference.format'),
          t('stats.reference.rowsImported'),
          t('stats.reference.rowsRejected'),
          t('stats.reference.importedAt'),
        ]}
        rows={props.datasets.map((d) => [
          <a href={`/staff/stats/reference/${d.id}`}>{d.name}</a>,
          formatLabel(t, d.format),
          t.number(d.rows_imported),
          t.number(d.rows_rejected),
          t.date(d.imported_at, undefined, true),
        ])}
        empty={t('stats.reference.none')}
      />
      {props.mayImport ? <ImportForm t={t} csrf={props.csrf} result={props.result} /> : null}
    </Layout>
  );
}

function blockRows(t: Translator, block: FigureBlock): BarDatum[] {
  return block.rows.map((r) => ({ label: valueLabel(t, block, r.value), value: r.count }));
}

export function DatasetPage(props: {
  layout: PageLayout;
  dataset: CtdcDataset;
  blocks: readonly FigureBlock[];
  threshold: number;
  /** The delete button's CSRF token, for a user who may delete; undefined hides it. */
  deleteCsrf: string | undefined;
}) {
  const { t } = props.layout;
  const { dataset, blocks, threshold } = props;
  return (
    <Layout {...props.layout}>
      <p>
        <a href="/staff/stats/reference">{t('stats.reference.title')}</a>
      </p>
      <h1>{dataset.name}</h1>
      <SummaryList
        items={[
          [t('stats.reference.format'), formatLabel(t, dataset.format)],
          [t('stats.reference.rowsRead'), t.number(dataset.rows_read)],
          [t('stats.reference.rowsImported'), t.number(dataset.rows_imported)],
          [t('stats.reference.rowsRejected'), t.number(dataset.rows_rejected)],
          [t('stats.reference.importedAt'), t.date(dataset.imported_at, undefined, true)],
        ]}
      />
      <p class="hint">{t('stats.reference.protection', { threshold })}</p>
      <p class="hint">{t('stats.reference.citation')}</p>
      <p>
        <a href={`/staff/stats/reference/${dataset.id}/figures.xlsx`} download>
          {t('stats.downloadXlsx')}
        </a>
      </p>
      <nav aria-labelledby="figures-toc" class="stats-toc">
        <h2 id="figures-toc">{t('stats.reference.contents')}</h2>
        <ul>
          {blocks.map((b) => (
            <li>
              <a href={`#figure-${b.key}`}>{t(`stats.variables.${b.key}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.deleteCsrf !== undefined ? (
        <section aria-labelledby="delete-title" class="stats-block">
          <h2 id="delete-title">{t('stats.delete.title')}</h2>
          <p class="hint">{t('stats.delete.hint')}</p>
          <ActionButton action={`/staff/stats/reference/${dataset.id}/delete`} csrf={props.deleteCsrf} label={t('stats.delete.submit')} danger />
        </section>
      ) : null}
      {blocks.map((b) => (
        <section id={`figure-${b.key}`} class="stats-block">
          <BarChart
            t={t}
            id={`chart-${b.key}`}
            title={t(`stats.variables.${b.key}`)}
            data={blockRows(t, b)}
            categoryLabel={t(`stats.variables.${b.key}`)}
            valueLabel={t('stats.people')}
            total={{ label: b.kind === 'flags' ? t('stats.totalWithAny') : t('stats.total'), value: b.total }}
            notes={b.kind === 'flags' ? [t('stats.flagsNote')] : []}
            csvHref={`/staff/stats/reference/${dataset.id}/figures/${b.key}.csv`}
            threshold={threshold}
          />
        </section>
      ))}
    </Layout>
  );
}
