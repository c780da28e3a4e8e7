import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formAction } from '../platform/http/form-action.js';
import { NotFoundError } from '../platform/http/errors.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import type { ImportResult } from './ctdc/import.js';
import { sendCsv, sendXlsx } from './downloads.js';
import { referenceSheet } from './stats.labels.js';
import { can } from './stats.policy.js';
import { EmptyBody, ReferenceImportBody } from './stats.schema.js';
import { deleteReference, emptyImport, ImportRefusedError, importReference, listReferenceDatasets, referenceFigures } from './stats.service.js';
import type { CtdcDataset } from './stats.table.js';
import { DatasetPage, ReferenceListPage } from './stats.views.js';
import { DEFAULT_THRESHOLD } from './suppression.js';

const VIEW = { access: { permission: 'stats.view' } } as const;
const EXCHANGE = { access: { permission: 'ctdc.exchange' } } as const;

function figuresFileName(dataset: CtdcDataset, suffix: string): string {
  return `${dataset.name.replace(/\.(csv|tsv|gz)+$/i, '').replace(/[^\p{L}\p{N}._-]+/gu, '-')}-${suffix}`;
}

function param(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

/** The CTDC reference data sets: list and import, one data set's figures and downloads, removal. */
export async function statsPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const listPage = async (request: FastifyRequest, result?: ImportResult) => {
    const auth = requireAuth(request);
    const datasets = await listReferenceDatasets(ctx, auth.user);
    return ReferenceListPage({
      layout: await staffLayout(request, request.t('stats.reference.title')),
      datasets,
      mayImport: can(auth.user, 'exchange'),
      csrf: auth.session?.csrf_secret,
      result,
    });
  };

  app.get('/staff/stats/reference', { config: VIEW }, async (request, reply) => reply.page(await listPage(request)));

  app.post('/staff/stats/reference', { config: EXCHANGE }, async (request, reply) => {
    const auth = requireAuth(request);
    let refused: ImportResult | undefined;
    return formAction(request, reply, {
      schema: ReferenceImportBody,
      run: (body) =>
        importReference(ctx, auth.user, body).catch((e: unknown) => {
          if (e instanceof ImportRefusedError) refused = e.result;
          throw e;
        }),
      // A missing file reads as an empty one, as the import itself would say.
      rerender: () => listPage(request, refused ?? emptyImport()),
      done: (r) => ({
        to: `/staff/stats/reference/${r.datasetId}`,
        flash: 'stats.import.done',
        flashValues: { read: r.rowsRead, imported: r.rowsImported, rejected: r.rowsRejected },
      }),
    });
  });

  app.get('/staff/stats/reference/:id', { config: VIEW }, async (request, reply) => {
    const auth = requireAuth(request);
    const { dataset, blocks } = await referenceFigures(ctx, auth.user, { datasetId: param(request, 'id') });
    return reply.page(
      DatasetPage({
        layout: await staffLayout(request, dataset.name),
        dataset,
        blocks,
        threshold: DEFAULT_THRESHOLD,
        deleteCsrf: can(auth.user, 'exchange') && auth.session ? auth.session.csrf_secret : undefined,
      }),
    );
  });

  app.post('/staff/stats/reference/:id/delete', { config: EXCHANGE }, async (request, reply) => {
    const auth = requireAuth(request);
    return formAction(request, reply, {
      schema: EmptyBody,
      run: () => deleteReference(ctx, auth.user, param(request, 'id')),
      rerender: () => listPage(request),
      done: () => ({ to: '/staff/stats/reference', flash: 'stats.delete.done' }),
    });
  });

  app.get('/staff/stats/reference/:id/figures/:key', { config: VIEW }, async (request, reply) => {
    const auth = requireAuth(request);
    const m = /^([A-Za-z0-9]+)\.csv$/.exec(param(request, 'key'));
    if (!m) throw new NotFoundError();
    const { dataset, blocks } = await referenceFigures(ctx, auth.user, { datasetId: param(request, 'id') });
    const block = blocks.find((b) => b.key === m[1]);
    if (!block) throw new NotFoundError();
    return sendCsv(reply, { fileName: figuresFileName(dataset, `${block.key}.csv`), ...referenceSheet(request.t, block) });
  });

  app.get('/staff/stats/reference/:id/figures.xlsx', { config: VIEW }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const { dataset, blocks } = await referenceFigures(ctx, auth.user, { datasetId: param(request, 'id') });
    return sendXlsx(
      reply,
      figuresFileName(dataset, 'figures.xlsx'),
      blocks.map((b) => ({
        name: t(`stats.variables.${b.key}`),
        ...referenceSheet(t, b),
        notes: [t('stats.hiddenNote', { threshold: DEFAULT_THRESHOLD }), t('stats.reference.citation')],
      })),
    );
  });
}
