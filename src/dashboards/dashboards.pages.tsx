import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordEvent } from '../platform/audit/audit.js';
import type { AuthState } from '../platform/auth/auth-user.js';
import { countryName } from '../platform/countries.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Form, Select, Submit, SummaryList, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { CTDC_EXPORT_SCHEMAS, type CtdcExport, DEFAULT_K, isExportSchema } from '../stats/ctdc-export.js';
import { type CellValue, sendCsv, sendXlsx, toCsv } from '../stats/downloads.js';
import { valueLabel as referenceLabel } from '../stats/stats.pages.js';
import { can } from '../stats/stats.policy.js';
import { type FigureBlock, listReferenceDatasets, referenceFigures } from '../stats/stats.service.js';
import { BarChart, type BarDatum, FiguresTable } from './chart.js';
import { exportForUser, reportLines } from './ctdc.js';
import './dashboards.jobs.js';
import { type DashboardQuery, type FigureView, type ResolvedQuery, dashboardData, resolveQuery, views } from './dashboards.service.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'ctdc.exported': { schema: string; k: number; rows: number; suppressedRows: number };
  }
}

const VIEW = { access: { permission: 'stats.view' } } as const;
const EXCHANGE = { access: { permission: 'ctdc.exchange' } } as const;

const SECTIONS = ['cases', 'closed', 'work', 'reports', 'times', 'solutions'] as const;

/** A month (YYYY-MM) as the locale writes it: "January 2026", « janvier 2026 »... */
function monthLabel(t: Translator, month: string): string {
  return new Intl.DateTimeFormat(t.locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** Where a category's label comes from: the dashboards' own values, then the feature that owns the code. */
const LABEL_KEYS: Record<string, (code: string) => string[]> = {
  gender: (c) => [`cases.values.gender.${c}`],
  closedGender: (c) => [`cases.values.gender.${c}`],
  closedExploitation: (c) => [`cases.values.exploitation.${c}`, `reports.exploitation.${c}`],
  closedReason: (c) => [`cases.values.closure.${c}`],
  recruitment: (c) => [`cases.values.recruitment.${c}`],
  control: (c) => [`cases.values.control.${c}`],
  exploitation: (c) => [`cases.values.exploitation.${c}`, `reports.exploitation.${c}`],
  caseSource: (c) => [`cases.source.${c}`],
  services: (c) => [`plans.types.${c}`],
  referrals: (c) => [`referrals.status.${c}`],
  reportSource: (c) => [`reports.roles.${c}`],
  reportOutcome: (c) => [`dashboards.values.reportOutcome.${c}`, `reports.closure.${c}`],
  solutions: (c) => [`dashboards.values.solutions.${c}`],
  industry: (c) => [`dashboards.values.industry.${c}`],
  children: (c) => [`dashboards.values.children.${c}`],
  closedChildren: (c) => [`dashboards.values.children.${c}`],
  reportToCase: (c) => [`dashboards.values.days.${c}`],
  caseToAssistance: (c) => [`dashboards.values.days.${c}`],
  reintegration: (c) => [`dashboards.values.reintegration.${c.replace(':', '_')}`],
};

const COUNTRY_FIGURES = new Set(['citizenship', 'exploitationCountry']);

export function categoryLabel(t: Translator, figure: string, code: string | null): string {
  if (code === null) return figure === 'caseToAssistance' ? t('dashboards.values.days.none') : t('dashboards.notRecorded');
  if (COUNTRY_FIGURES.has(figure)) return countryName(code, t.locale);
  for (const key of LABEL_KEYS[figure]?.(code) ?? []) if (t.has(key)) return t(key);
  return code.replace(/--/g, '–');
}

/** The CTDC reference block shown beside an office figure. */
const REFERENCE_FOR: Record<string, string> = {
  gender: 'gender',
  ageBand: 'ageBand',
  citizenship: 'citizenship',
  exploitationCountry: 'exploitationCountry',
  exploitation: 'exploitation',
  control: 'means',
  industry: 'labour',
};

function query(request: FastifyRequest): DashboardQuery {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v.slice(0, 40) : undefined);
  return { office: s(q.office), from: s(q.from), to: s(q.to) };
}

function qs(r: ResolvedQuery, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ office: r.viewCode, from: r.from, to: r.to, ...extra }).toString();
}

function rowsOf(t: Translator, f: FigureView, threshold: number): { data: BarDatum[]; sheet: CellValue[][] } {
  const data = f.rows.map((r) => ({ label: categoryLabel(t, f.key, r.category), value: r.value }));
  const hidden = t('dashboards.fewerThan', { threshold });
  const sheet: CellValue[][] = data.map((d) => [d.label, d.value === null ? hidden : d.value]);
  if (f.kind === 'distribution') sheet.push([t('dashboards.total'), f.total === null ? hidden : f.total]);
  return { data, sheet };
}

function fileName(r: ResolvedQuery, suffix: string): string {
  return `abri-${r.viewCode}-${r.from}-${r.to}-${suffix}`;
}

export async function dashboardsPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const threshold = () => ctx.config.smallCountThreshold;

  const filterForm = (
    t: Translator,
    r: Pick<ResolvedQuery, 'offices' | 'viewCode' | 'from' | 'to'>,
    errors?: Record<string, string>,
    ref?: string,
    datasets?: Array<{ id: string; name: string }>,
  ) => (
    <Form
      t={t}
      method="get"
      action="/staff/dashboards"
      id="dashboard-filter"
      class="form dashboard-filter"
      errors={errors}
      labels={{ from: t('dashboards.from'), to: t('dashboards.to') }}
    >
      <Select
        t={t}
        name="office"
        label={t('dashboards.office')}
        value={r.viewCode}
        options={[
          { value: 'all', label: t('dashboards.allOffices', { count: r.offices.length }) },
          ...r.offices.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })),
        ]}
      />
      <TextField t={t} name="from" type="month" label={t('dashboards.from')} hint={t('dashboards.monthHint')} value={r.from} error={errors?.from} width="medium" />
      <TextField t={t} name="to" type="month" label={t('dashboards.to')} hint={t('dashboards.monthHint')} value={r.to} error={errors?.to} width="medium" />
      {datasets && datasets.length > 0 ? (
        <Select
          t={t}
          name="ref"
          label={t('dashboards.reference')}
          hint={t('dashboards.referenceHint')}
          value={ref ?? ''}
          emptyLabel={t('dashboards.noReference')}
          options={datasets.map((d) => ({ value: d.id, label: d.name }))}
        />
      ) : null}
      <Submit label={t('dashboards.show')} />
    </Form>
  );

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const q = query(request);
    const title = t('dashboards.title');
    let r: ResolvedQuery;
    try {
      r = await resolveQuery(ctx, auth.user, q);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const offices = await resolveQuery(ctx, auth.user, { office: 'all' });
      return reply.page(
        <Layout {...(await staffLayout(request, title))}>
          <h1>{title}</h1>
          {filterForm(t, { ...offices, viewCode: offices.offices.some((o) => o.code === q.office) ? (q.office as string) : 'all', from: q.from ?? '', to: q.to ?? '' }, e.fields)}
        </Layout>,
        400,
      );
    }
    const data = await dashboardData(ctx, r);
    const figures = views(data, r.view);
    const rq = (request.query ?? {}) as Record<string, unknown>;
    const datasets = await listReferenceDatasets(ctx, auth.user);
    const ref = typeof rq.ref === 'string' ? datasets.find((d) => d.id === rq.ref) : undefined;
    const reference = ref ? (await referenceFigures(ctx, auth.user, ref.id, threshold())).blocks : [];
    const referenceBlock = (key: string): FigureBlock | undefined => reference.find((b) => b.key === REFERENCE_FOR[key]);
    const scopeLabel = r.view === 'all' ? t('dashboards.allOffices', { count: r.offices.length }) : (r.offices.find((o) => o.id === r.view)?.name ?? '');
    return reply.page(
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <p class="lead">{t('dashboards.intro', { threshold: threshold() })}</p>
        {filterForm(t, r, undefined, ref?.id, datasets)}
        <SummaryList
          items={[
            [t('dashboards.scope'), scopeLabel],
            [t('dashboards.period'), `${monthLabel(t, r.from)} – ${monthLabel(t, r.to)}`],
          ]}
        />
        <p class="dashboard-downloads">
          <a href={`/staff/dashboards/figures.csv?${qs(r)}`} download>
            {t('dashboards.downloadAllCsv')}
          </a>{' '}
          <a href={`/staff/dashboards/figures.xlsx?${qs(r)}`} download>
            {t('dashboards.downloadXlsx')}
          </a>
          {can(auth.user, 'exchange') ? (
            <>
              {' '}
              <a href="/staff/dashboards/ctdc-export">{t('dashboards.export.link')}</a>
            </>
          ) : null}
        </p>
        <nav aria-labelledby="dashboard-toc" class="stats-toc">
          <h2 id="dashboard-toc">{t('dashboards.contents')}</h2>
          <ul>
            {SECTIONS.map((s) => (
              <li>
                <a href={`#section-${s}`}>{t(`dashboards.sections.${s}`)}</a>
              </li>
            ))}
          </ul>
        </nav>
        {SECTIONS.map((s) => (
          <section id={`section-${s}`} class="dashboard-section" aria-labelledby={`section-${s}-title`}>
            <h2 id={`section-${s}-title`}>{t(`dashboards.sections.${s}`)}</h2>
            {figures
              .filter((f) => f.section === s)
              .map((f) => {
                const { data: bars } = rowsOf(t, f, threshold());
                const refBlock = referenceBlock(f.key);
                return (
                  <div class={refBlock ? 'dashboard-figure dashboard-pair' : 'dashboard-figure'} id={`figure-${f.key}`}>
                    <BarChart
                      t={t}
                      id={`chart-${f.key}`}
                      title={t(`dashboards.figures.${f.key}`)}
                      data={bars}
                      categoryLabel={t(`dashboards.figures.${f.key}`)}
                      valueLabel={t(f.section === 'reports' ? 'dashboards.reports' : f.section === 'work' ? 'dashboards.count' : 'dashboards.cases')}
                      total={f.kind === 'distribution' ? { label: t('dashboards.total'), value: f.total } : undefined}
                      notes={f.kind === 'flags' ? [t('dashboards.flagsNote')] : []}
                      csvHref={`/staff/dashboards/figures/${f.key}.csv?${qs(r)}`}
                      threshold={threshold()}
                    />
                    {refBlock && ref ? (
                      <div class="dashboard-reference">
                        <h3>{t('dashboards.referenceOf', { name: ref.name })}</h3>
                        <FiguresTable
                          t={t}
                          caption={t('dashboards.referenceOf', { name: ref.name })}
                          categoryLabel={t(`dashboards.figures.${f.key}`)}
                          valueLabel={t('dashboards.people')}
                          data={refBlock.rows.map((x) => ({ label: referenceLabel(t, refBlock, x.value), value: x.count }))}
                          total={{ label: t('dashboards.total'), value: refBlock.total }}
                          threshold={threshold()}
                        />
                        <p class="hint">{t('dashboards.referenceCitation')}</p>
                      </div>
                    ) : null}
                  </div>
                );
              })}
          </section>
        ))}
      </Layout>,
    );
  };

  app.get('/staff/dashboards', { config: VIEW }, page);

  const resolved = async (request: FastifyRequest) => {
    const auth = requireAuth(request);
    const r = await resolveQuery(ctx, auth.user, query(request));
    return { r, figures: views(await dashboardData(ctx, r), r.view) };
  };

  app.get('/staff/dashboards/figures/:file', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const m = /^([A-Za-z]+)\.csv$/.exec((request.params as { file: string }).file);
    if (!m) throw new NotFoundError();
    const { r, figures } = await resolved(request);
    const f = figures.find((x) => x.key === m[1]);
    if (!f) throw new NotFoundError();
    return sendCsv(reply, fileName(r, `${f.key}.csv`), [t(`dashboards.figures.${f.key}`), t('dashboards.count')], rowsOf(t, f, threshold()).sheet);
  });

  app.get('/staff/dashboards/figures.csv', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const { r, figures } = await resolved(request);
    const rows: CellValue[][] = figures.flatMap((f) => rowsOf(t, f, threshold()).sheet.map((row) => [t(`dashboards.figures.${f.key}`), ...row]));
    return sendCsv(reply, fileName(r, 'figures.csv'), [t('dashboards.figure'), t('dashboards.category'), t('dashboards.count')], rows);
  });

  app.get('/staff/dashboards/figures.xlsx', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const { r, figures } = await resolved(request);
    return sendXlsx(
      reply,
      fileName(r, 'figures.xlsx'),
      figures.map((f) => ({
        name: t(`dashboards.figures.${f.key}`),
        header: [t(`dashboards.figures.${f.key}`), t('dashboards.count')],
        rows: rowsOf(t, f, threshold()).sheet,
        notes: [t('dashboards.hiddenNote', { threshold: threshold() }), `${r.from} – ${r.to}`],
      })),
    );
  });

  // CTDC export: a GET form (it only reads), the report on the page and the file as a download.
  const exportParams = (request: FastifyRequest) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const office = typeof q.office === 'string' ? q.office.slice(0, 20) : '';
    const format = typeof q.format === 'string' ? q.format : 'global-kanon';
    const kRaw = typeof q.k === 'string' ? q.k.trim() : String(DEFAULT_K);
    const errors: Record<string, string> = {};
    if (!isExportSchema(format)) errors.format = 'dashboards.export.errors.format';
    if (!/^\d{1,3}$/.test(kRaw) || Number(kRaw) < 2 || Number(kRaw) > 100) errors.k = 'dashboards.export.errors.k';
    return { office, format, kRaw, k: Number(kRaw), errors };
  };

  const runExport = async (auth: AuthState, office: string, format: string, k: number): Promise<CtdcExport> => {
    if (!isExportSchema(format)) throw new NotFoundError();
    const e = await exportForUser(ctx, auth.user, office, format, k);
    const officeRow = await ctx.db.selectFrom('offices').select('id').where('code', '=', office).executeTakeFirst();
    await recordEvent(ctx.db, {
      type: 'ctdc.exported',
      officeId: officeRow?.id ?? null,
      actorId: auth.user.id,
      subjectType: 'office',
      subjectId: officeRow?.id ?? null,
      data: { schema: format, k, rows: e.rows.length, suppressedRows: e.report.suppressedRows },
    });
    return e;
  };

  app.get('/staff/dashboards/ctdc-export', { config: EXCHANGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const offices = (await resolveQuery(ctx, auth.user, { office: 'all' })).offices;
    const p = exportParams(request);
    const submitted = p.office !== '';
    let result: CtdcExport | undefined;
    let status = 200;
    if (submitted && !offices.some((o) => o.code === p.office)) p.errors.office = 'dashboards.export.errors.office';
    if (submitted && Object.keys(p.errors).length === 0) result = await runExport(auth, p.office, p.format, p.k);
    else if (submitted) status = 400;
    const title = t('dashboards.export.title');
    return reply.page(
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <p class="lead">{t('dashboards.export.intro')}</p>
        <Form
          t={t}
          method="get"
          action="/staff/dashboards/ctdc-export"
          id="ctdc-export"
          errors={submitted ? p.errors : undefined}
          labels={{ office: t('dashboards.office'), format: t('dashboards.export.format'), k: t('dashboards.export.k') }}
        >
          <Select
            t={t}
            name="office"
            label={t('dashboards.office')}
            value={p.office}
            options={offices.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
            error={submitted ? p.errors.office : undefined}
          />
          <Select
            t={t}
            name="format"
            label={t('dashboards.export.format')}
            value={p.format}
            options={CTDC_EXPORT_SCHEMAS.map((s) => ({ value: s, label: t(`dashboards.export.formats.${s}`) }))}
            error={submitted ? p.errors.format : undefined}
          />
          <TextField
            t={t}
            name="k"
            label={t('dashboards.export.k')}
            hint={t('dashboards.export.kHint')}
            value={p.kRaw}
            inputMode="numeric"
            error={submitted ? p.errors.k : undefined}
          />
          <Submit label={t('dashboards.export.submit')} />
        </Form>
        {result ? (
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
                      <td>{g.levelName}</td>
                      <td class="numeric">{t.number(g.distinctValues)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href={`/staff/dashboards/ctdc-export.csv?${new URLSearchParams({ office: p.office, format: p.format, k: String(p.k) })}`} download>
                {t('dashboards.export.download')}
              </a>
            </p>
          </section>
        ) : null}
      </Layout>,
      status,
    );
  });

  app.get('/staff/dashboards/ctdc-export.csv', { config: EXCHANGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const p = exportParams(request);
    if (!p.office || Object.keys(p.errors).length) throw new ValidationError(p.errors);
    const e = await runExport(auth, p.office, p.format, p.k);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ctdc-${p.office.replace(/[^A-Za-z0-9-]/g, '_')}-${p.format}-k${p.k}.csv"`)
      .header('cache-control', 'no-store')
      .send(toCsv(e.header, e.rows));
  });

  app.get('/staff/dashboards/ctdc-export-report.txt', { config: EXCHANGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const p = exportParams(request);
    if (!p.office || Object.keys(p.errors).length) throw new ValidationError(p.errors);
    const e = await runExport(auth, p.office, p.format, p.k);
    return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(reportLines(e).join('\n'));
  });
}
