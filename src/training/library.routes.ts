import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission } from '../platform/auth/auth-user.js';
import { formAction, type FormProblem } from '../platform/http/form-action.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import * as library from './library.service.js';
import { LibraryPage, UploadPage } from './library.views.js';
import { trainingScope } from './training.policy.js';
import { EmptyBody, LibraryBody, LibraryQuery } from './training.schema.js';
import { formOffices } from './training.service.js';

const READ = { access: { permission: 'training.library' } } as const;
const MANAGE = { access: { permission: 'training.manage' } } as const;

/** The material library: the list (everyone with training.library), uploads and removals (managers). */
export async function libraryPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/training/library', { config: READ }, async (request, reply) => {
    const auth = requireAuth(request);
    const q = parseForm(LibraryQuery, request.query);
    const filter = q.ok ? q.value : {};
    const scope = trainingScope(auth.user);
    return reply.page(
      LibraryPage({
        layout: await staffLayout(request, request.t('training.library.title')),
        documents: await library.listDocuments(ctx, filter),
        filter,
        manager: hasPermission(auth.user, 'training.manage')
          ? { csrf: auth.session?.csrf_secret ?? '', mayRemove: (d) => scope === 'all' || scope.includes(d.office_id) }
          : undefined,
      }),
    );
  });

  const uploadPage = async (request: FastifyRequest, problem?: FormProblem) => {
    const auth = requireAuth(request);
    return UploadPage({
      layout: await staffLayout(request, request.t('training.library.add')),
      csrf: auth.session?.csrf_secret,
      offices: await formOffices(ctx, auth.user),
      maxMb: Math.min(library.LIBRARY_MAX_BYTES, ctx.config.maxUploadMb * 1024 * 1024) / (1024 * 1024),
      problem,
    });
  };

  app.get('/staff/training/library/new', { config: MANAGE }, async (request, reply) => reply.page(await uploadPage(request)));

  app.post('/staff/training/library', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const file = (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {}).file;
    return formAction(request, reply, {
      schema: LibraryBody,
      run: (input) => library.addDocument(ctx, auth.user, { ...input, file }),
      rerender: (problem) => uploadPage(request, problem),
      done: () => ({ to: '/staff/training/library', flash: 'training.library.added' }),
    });
  });

  app.get('/staff/training/library/:id', { config: READ }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const { doc, bytes } = await library.readDocument(ctx, auth.user, id);
    const ascii = doc.file_name.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .header('content-type', doc.media_type)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.file_name)}`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  app.post('/staff/training/library/:id/remove', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    return formAction(request, reply, {
      schema: EmptyBody,
      run: () => library.removeDocument(ctx, auth.user, id),
      rerender: () => uploadPage(request),
      done: () => ({ to: '/staff/training/library', flash: 'training.library.removed' }),
    });
  });
}
