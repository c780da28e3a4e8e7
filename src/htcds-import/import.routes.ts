import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/http/errors.js';
import { formAction } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { importOffices, importWorkbook, previewImport } from './import.service.js';
import { ImportBody, PreviewBody } from './import.schema.js';
import { ImportPage, PreviewPage } from './import.views.js';

const IMPORT = { access: { permission: 'cases.import' } } as const;

/** The uploaded workbook, or an empty buffer when the form came without one (refused by the service as empty). */
function fileOf(request: FastifyRequest): Buffer {
  const file = (request.body as Record<string, unknown> | undefined)?.file;
  return Buffer.isBuffer(file) ? file : Buffer.alloc(0);
}

/**
 * The HTCDS case import. Nothing is kept between the preview and the import: the preview page gives the file's
 * digest, and the import takes the file again and refuses any other bytes, so a workbook with personal data never
 * waits on the server.
 */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const uploadPage = async (request: FastifyRequest, reply: FastifyReply, refusal?: string, officeId?: string, status = 200) => {
    const auth = requireAuth(request);
    const layout = await staffLayout(request, request.t('import.title'));
    const offices = await importOffices(ctx, auth.user);
    return reply.page(ImportPage({ layout, model: { offices, officeId, refusal }, csrf: auth.session?.csrf_secret ?? '' }), status);
  };

  app.get('/staff/import/htcds', { config: IMPORT }, async (request, reply) => uploadPage(request, reply));

  // The dry run answers with the preview itself (no redirect: nothing is stored to come back to).
  app.post('/staff/import/htcds/preview', { config: IMPORT }, async (request, reply) => {
    const auth = requireAuth(request);
    const parsed = parseForm(PreviewBody, request.body);
    if (!parsed.ok) return uploadPage(request, reply, request.t('import.officeRequired'), undefined, 400);
    try {
      const model = await previewImport(ctx, auth.user, parsed.value.officeId, fileOf(request));
      const layout = await staffLayout(request, request.t('import.previewTitle'));
      reply.header('Cache-Control', 'no-store');
      return reply.page(PreviewPage({ layout, model, csrf: auth.session?.csrf_secret ?? '' }), model.errors.length ? 422 : 200);
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
      run: (v) => importWorkbook(ctx, auth.user, v.officeId, bytes, v.digest),
      rerender: async (p) => {
        const layout = await staffLayout(request, request.t('import.title'));
        const offices = await importOffices(ctx, auth.user);
        const refusal = p.refusal?.message ?? request.t('import.file.changed');
        return ImportPage({ layout, model: { offices, officeId: String(p.raw.officeId ?? ''), refusal }, csrf: auth.session?.csrf_secret ?? '' });
      },
      done: (r) => ({ to: '/staff/cases', flash: 'import.done', flashValues: { count: r.count, office: r.officeName } }),
    });
  });
}
