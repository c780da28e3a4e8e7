import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countryName } from '../platform/countries.js';
import { NotFoundError } from '../platform/http/errors.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { BarChart, type BarDatum } from './charts.js';
import type { ImportProblem, ImportResult } from './ctdc-import.js';
import { type CellValue, sendCsv, sendXlsx } from './downloads.js';
import { can } from './stats.policy.js';
import { type FigureBlock, importReference, listReferenceDatasets, referenceFigures } from './stats.service.js';
import type { CtdcDataset } from './stats.table.js';
import { DEFAULT_THRESHOLD } from './suppression.js';

const VIEW = { access: { permission: 'stats.view' } } as const;
const EXCHANGE = { access: { permission: 'ctdc.exchange' } } as const;
const CITATION = "Source: Counter-Trafficking Data Collaborative (CTDC). 'Global data sets'. Available at ctdatacollaborative.org";

const COUNTRY_COLUMNS = new Set(['citizenship', 'exploitationCountry']);
/** CTDC values that have a translation (stats.values.*); others (years, age bands) are shown as they are. */
const VALUE_KEYS: Record<string, string> = {
  'Case Management': 'caseManagement',
  Hotline: 'hotline',
  Female: 'female',
  Male: 'male',
  'Transgender/NonConforming': 'transgender',
  Adult: 'adult',
  Minor: 'minor',
  Africa: 'africa',
  'Americas/Oceania': 'americasOceania',
  Asia: 'asia',
  Europe: 'europe',
  Oceania: 'oceania',
  '0--12 (0-1 yr)': 'months0to12',
  '13--24 (1-2 yrs)': 'months13to24',
  '25+ (2+ yrs)': 'months25plus',
  FamilyIntimatePartner: 'familyIntimatePartner',
  FriendAcquaintance: 'friendAcquaintance',
  StrangerUnknownOther: 'strangerUnknownOther',
  Yes: 'yes',
  No: 'no',
};

/** The label of a CTDC value on the page: countries by name, age bands with a dash, known values translated. */
export function valueLabel(t: Translator, block: FigureBlock, value: string | null): string {
  if (value === null) return t('stats.notRecorded');
  if (block.kind === 'flags') return t(`stats.flags.${value}`);
  if (COUNTRY_COLUMNS.has(block.key)) return countryName(value, t.locale);
  return value
    .split(/;\s*/)
    .map((p) => {
      const key = VALUE_KEYS[p];
      return key ? t(`stats.values.${key}`) : p.replace(/--/g, '–');
    })
    .join(' + ');
}

function formatLabel(t: Translator, format: string): string {
  return t(`stats.formats.${format}`);
}

function problemText(t: Translator, p: ImportProblem): string {
  const values: Record<string, string | number> = { line: p.line, column: p.column };
  if ('name' in p) values.name = p.name;
  if ('value' in p) values.value = p.value;
  if ('expected' in p) {
    values.expected = p.expected;
    values.found = p.found;
  }
  if ('rejected' in p) {
    values.rejected = p.rejected;
    values.allowed = p.allowed;
  }
  return t(`stats.problems.${p.code.replace('.', '_')}`, values);
}

function blockRows(t: Translator, block: FigureBlock): BarDatum[] {
  return block.rows.map((r) => ({ label: valueLabel(t, block, r.value), value: r.count }));
}

function figuresFileName(dataset: CtdcDataset, suffix: string): string {
  return `${dataset.name.replace(/\.(csv|tsv|gz)+$/i, '').replace(/[^\p{L}\p{N}._-]+/gu, '-')}-${suffix}`;
}

export async function statsPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const listPage = async (request: FastifyRequest, reply: FastifyReply, result?: ImportResult, status = 200) => {
    const t = request.t;
    const auth = requireAuth(request);
    const datasets = await listReferenceDatasets(ctx, auth.user);
    const mayImport = can(auth.user, 'exchange');
    return reply.page(
      <Layout {...(await staffLayout(request, t('stats.reference.title')))}>
        <h1>{t('stats.reference.title')}</h1>
        <p class="lead">{t('stats.reference.intro')}</p>
        <Table
          caption={t('stats.reference.datasets')}
          head={[t('stats.reference.name'), t('stats.reference.format'), t('stats.reference.rowsImported'), t('stats.reference.rowsRejected'), t('stats.reference.importedAt')]}
          rows={datasets.map((d) => [
            <a href={`/staff/stats/reference/${d.id}`}>{d.name}</a>,
            formatLabel(t, d.format),
            t.number(d.rows_imported),
            t.number(d.rows_rejected),
            t.date(d.imported_at, undefined, true),
          ])}
          empty={t('stats.reference.none')}
        />
        {mayImport ? (
          <section aria-labelledby="import-title" class="stats-import">
            <h2 id="import-title">{t('stats.import.title')}</h2>
            <p class="hint">{t('stats.import.hint')}</p>
            {result && !result.ok ? (
              <div class="error-summary" role="alert" aria-labelledby="import-errors-title" tabIndex={-1}>
                <h3 id="import-errors-title">{t('stats.import.refused')}</h3>
                <p>{t('stats.import.counts', { read: result.rowsRead, imported: result.rowsImported, rejected: result.rowsRejected })}</p>
                <ul>
                  {result.problems.slice(0, 20).map((p) => (
                    <li>{problemText(t, p)}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <Form t={t} action="/staff/stats/reference" csrf={auth.session?.csrf_secret} multipart id="ctdc-import">
              <TextField t={t} name="name" label={t('stats.import.name')} hint={t('stats.import.nameHint')} maxLength={200} />
              <div class="field">
                <label class="label" for="f-file">
                  {t('stats.import.file')}
                </label>
                <p class="hint" id="f-file-hint">
                  {t('stats.import.fileHint')}
                </p>
                <input id="f-file" name="file" type="file" accept=".csv,.tsv,.gz,text/csv,text/tab-separated-values,application/gzip" aria-describedby="f-file-hint" class="input" />
              </div>
              <Submit label={t('stats.import.submit')} />
            </Form>
          </section>
        ) : null}
      </Layout>,
      status,
    );
  };

  app.get('/staff/stats/reference', { config: VIEW }, async (request, reply) => listPage(request, reply));

  app.post('/staff/stats/reference', { config: EXCHANGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 200) : undefined;
    if (!Buffer.isBuffer(file) || file.length === 0) {
      const none: ImportResult = { ok: false, datasetId: undefined, format: undefined, rowsRead: 0, rowsImported: 0, rowsRejected: 0, problems: [{ code: 'file.empty', line: 1, column: 1 }], seconds: 0 };
      return listPage(request, reply, none, 400);
    }
    const result = await importReference(ctx, auth.user, file, name ?? 'upload', name);
    if (!result.ok) return listPage(request, reply, result, 400);
    await setFlash(request, 'success', 'stats.import.done', { read: result.rowsRead, imported: result.rowsImported, rejected: result.rowsRejected });
    return reply.redirect(`/staff/stats/reference/${result.datasetId}`, 303);
  });

  app.get('/staff/stats/reference/:id', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const { dataset, blocks } = await referenceFigures(ctx, auth.user, id);
    return reply.page(
      <Layout {...(await staffLayout(request, dataset.name))}>
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
        <p class="hint">{t('stats.reference.protection', { threshold: DEFAULT_THRESHOLD })}</p>
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
              threshold={DEFAULT_THRESHOLD}
            />
          </section>
        ))}
      </Layout>,
    );
  });

  const sheetOf = (t: Translator, b: FigureBlock): { header: string[]; rows: CellValue[][] } => ({
    header: [t(`stats.variables.${b.key}`), t('stats.people')],
    rows: [
      ...b.rows.map((r) => [valueLabel(t, b, r.value), r.count === null ? t('stats.hidden') : r.count] as CellValue[]),
      [b.kind === 'flags' ? t('stats.totalWithAny') : t('stats.total'), b.total === null ? t('stats.hidden') : b.total],
    ],
  });

  app.get('/staff/stats/reference/:id/figures/:key', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const { id, key } = request.params as { id: string; key: string };
    const m = /^([A-Za-z0-9]+)\.csv$/.exec(key);
    if (!m) throw new NotFoundError();
    const { dataset, blocks } = await referenceFigures(ctx, auth.user, id);
    const block = blocks.find((b) => b.key === m[1]);
    if (!block) throw new NotFoundError();
    const sheet = sheetOf(t, block);
    return sendCsv(reply, figuresFileName(dataset, `${block.key}.csv`), sheet.header, sheet.rows);
  });

  app.get('/staff/stats/reference/:id/figures.xlsx', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const { dataset, blocks } = await referenceFigures(ctx, auth.user, id);
    return sendXlsx(
      reply,
      figuresFileName(dataset, 'figures.xlsx'),
      blocks.map((b) => ({ name: t(`stats.variables.${b.key}`), ...sheetOf(t, b), notes: [t('stats.hiddenNote', { threshold: DEFAULT_THRESHOLD }), CITATION] })),
    );
  });
}
