import { Form, Select, Submit, SummaryList, TextField } from '../../platform/views/components.js';
import { Layout, type LayoutProps } from '../../platform/views/layout.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { CtdcExport } from './export.js';
import { CTDC_EXPORT_SCHEMAS } from './htcds.js';
import type { ExportRequest } from './export.service.js';

/** The CTDC export page: a GET form (it only reads), then the report of what was generalised and suppressed. */

/** The budgets the export kept to, and each variable removed entirely, with why. */
function RemovalNote(props: { t: Translator; result: CtdcExport }) {
  const { t, result } = props;
  const r = result.report;
  const removed = r.generalisation.filter((g) => g.removed);
  return (
    <div class="ctdc-removal" id="ctdc-removal">
      <p>{t('dashboards.export.budgets', { suppression: r.suppressionBudget, removal: r.removalBudget })}</p>
      {removed.length ? (
        <>
          <p>{t('dashboards.export.removedIntro')}</p>
          <ul>
            {removed.map((g) => (
              <li>{t('dashboards.export.removedBecause', { column: g.column, removal: r.removalBudget })}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('dashboards.export.noneRemoved')}</p>
      )}
    </div>
  );
}

function ExportReport(props: { t: Translator; result: CtdcExport; request: ExportRequest }) {
  const { t, result, request: p } = props;
  const download = new URLSearchParams({ office: p.office, format: p.format, k: String(p.k) });
  return (
    <section aria-labelledby="export-report" class="ctdc-export-report">
      <h2 id="export-report">{t('dashboards.export.report')}</h2>
      <SummaryList
        items={[
          [t('dashboards.export.inputRows'), t.number(result.report.inputRows)],
          [t('dashboards.export.outputRows'), t.number(result.report.outputRows)],
          [t('dashboards.export.suppressedRows'), t.number(result.report.suppressedRows)],
          [t('dashboards.export.suppressedCombinations'), t.number(result.report.suppressedCombinations)],
          [t('dashboards.export.k'), t.number(result.report.k)],
        ]}
      />
      <div class="table-wrap">
        <table class="figures">
          <caption>{t('dashboards.export.generalisation')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboards.export.column')}</th>
              <th scope="col">{t('dashboards.export.level')}</th>
              <th scope="col" class="numeric">
                {t('dashboards.export.distinct')}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.report.generalisation.map((g) => (
              <tr>
                <th scope="row">{g.column}</th>
                <td>{levelName(t, g.levelName)}</td>
                <td class="numeric">{t.number(g.distinctValues)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RemovalNote t={t} result={result} />
      <p>
        <a href={`/staff/dashboards/ctdc-export.csv?${download}`} download>
          {t('dashboards.export.download')}
        </a>
      </p>
    </section>
  );
}

export function ExportPage(props: {
  layout: Omit<LayoutProps, 'children'>;
  offices: ReadonlyArray<{ code: string; name: string }>;
  request: ExportRequest;
  /** Whether the form was sent (its errors are shown only then). */
  submitted: boolean;
  result: CtdcExport | undefined;
}) {
  const { t } = props.layout;
  const p = props.request;
  const errors = props.submitted ? p.errors : undefined;
  return (
    <Layout {...props.layout}>
      <h1>{t('dashboards.export.title')}</h1>
      <p class="lead">{t('dashboards.export.intro')}</p>
      <Form
        t={t}
        method="get"
        action="/staff/dashboards/ctdc-export"
        id="ctdc-export"
        errors={errors}
        labels={{ office: t('dashboards.office'), format: t('dashboards.export.format'), k: t('dashboards.export.k') }}
      >
        <Select
          t={t}
          name="office"
          label={t('dashboards.office')}
          value={p.office}
          options={props.offices.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
          error={errors?.office}
        />
        <Select
          t={t}
          name="format"
          label={t('dashboards.export.format')}
          value={p.format}
          options={CTDC_EXPORT_SCHEMAS.map((s) => ({ value: s, label: t(`dashboards.export.formats.${s}`) }))}
          error={errors?.format}
        />
        <TextField t={t} name="k" label={t('dashboards.export.k')} hint={t('dashboards.export.kHint')} value={p.kRaw} inputMode="numeric" error={errors?.k} />
        <Submit label={t('dashboards.export.submit')} />
      </Form>
      {props.result ? <ExportReport t={t} result={props.result} request={p} /> : null}
    </Layout>
  );
}

/** The generalisation levels (named in export.ts in English) in the reader's language. */
const LEVEL_KEYS: Record<string, string> = {
  year: 'year',
  '5-year band': 'fiveYearBand',
  removed: 'removed',
  'as recorded': 'asRecorded',
  'CTDC age band': 'ctdcAgeBand',
  'wide age band': 'wideAgeBand',
  country: 'country',
};

function levelName(t: Translator, name: string): string {
  const key = LEVEL_KEYS[name];
  return key ? t(`dashboardsRead.level.${key}`) : name;
}
