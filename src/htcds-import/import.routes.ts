import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../platform/http/errors.js';
import { formAction } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { importJobFor, runImportJobs, startImport, startPreview } from './import-jobs.service.js';
import { importOffices } from './import.service.js';
import { ImportBody, PreviewBody } from './import.schema.js';
import { ImportPage, JobPage } from './import.views.js';

const IMPORT = { access: { permission: 'cases.import' } } as const;
const JobParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) });

/** The uploaded workbook, or an empty buffer when the form came without one (refused by the service as empty). */
function fileOf(request: FastifyRequest): Buffer {
  const file = (request.body as Record<string, unknown> | undefined)?.file;
  return Buffer.isBuffer(file) ? file : Buffer.alloc(0);
}

/**
 * The HTCDS case import, in two background jobs: the dry run, then the import of the same file. Each upload is
 * sealed into its job only until the job ends; the preview page gives the file's digest, and the import takes the
 * file again and refuses any other bytes. The job's page follows its progress (it reloads itself while the job runs,
 * no script needed).
 */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  // Start at once in this process, rather than at the scheduler's next tick; the job's own lease keeps it to one run.
  const kick = () =>
    setImmediate(() => {
      runImportJobs(ctx).catch((err) => ctx.log.error({ err }, 'import jobs failed to run'));
    });

  const uploadPage = async (request: FastifyRequest, reply: FastifyReply, refusal?: string, officeId?: string, status = 200) => {
    const auth = requireAuth(request);
    const layout = await staffLayout(request, request.t('import.title'));
    const offices = await importOffices(ctx, auth.user);
    return reply.page(ImportPage({ layout, model: { offices, officeId, refusal }, csrf: auth.session?.csrf_secret ?? '' }), status);
  };

  app.get('/staff/import/htcds', { config: IMPORT }, async (request, reply) => uploadPage(request, reply));

  app.post('/staff/import/htcds/preview', { config: IMPORT }, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = parseForm(PreviewBody, request.body);
    if (!parsed.ok) return uploadPage(request, reply, request.t('import.officeRequired'), undefined, 400);
    try {
      const id = await startPreview(ctx, { user: auth.user, officeId: parsed.value.officeId, bytes: fileOf(request) });
      kick();
      return reply.redirect(`/staff/import/htcds/jobs/${id}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return uploadPage(request, reply, request.t(e.messageKey, e.values), parsed.value.officeId, 400);
      throw e;
    }
  });

  app.post('/staff/import/htcds', { config: IMPORT }, async (request, reply) => {
    const auth = requireAuth(request);
    const bytes = fileOf(request);
    return formAction(request, reply, {
      schema: ImportBody,
      run: async (v) => {
        const id = await startImport(ctx, { user: auth.user, officeId: v.officeId, bytes, digest: v.digest });
        kick();
        return id;
      },
      rerender: async (p) => {
        const layout = await staffLayout(request, request.t('import.title'));
        const offices = await importOffices(ctx, auth.user);
        const refusal = p.refusal?.message ?? request.t('import.file.changed');
        return ImportPage({ layout, model: { offices, officeId: String(p.raw.officeId ?? ''), refusal }, csrf: auth.session?.csrf_secret ?? '' });
      },
      done: (id) => ({ to: `/staff/import/htcds/jobs/${id}` }),
    });
  });

  app.get('/staff/import/htcds/jobs/:id', { config: IMPORT }, async (request, reply) => {
    const auth = requireAuth(request);
    const params = parseForm(JobParams, request.params);
    if (!params.ok) return reply.callNotFound();
    const job = await importJobFor(ctx, auth.user, params.value.id);
    const title = request.t(job.kind === 'preview' ? 'import.previewTitle' : 'import.importTitle');
    const layout = await staffLayout(request, title);
    reply.header('Cache-Control', 'no-store');
    return reply.page(JobPage({ layout, job, csrf: auth.session?.csrf_secret ?? '' }));
  });
}
