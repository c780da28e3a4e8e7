import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { ChannelNumberBody, EmptyBody } from './numbers.schema.js';
import { addChannelNumber, channelNumbers, removeChannelNumber } from './numbers.service.js';
import { ChannelNumbersPage } from './numbers.views.js';

const ADMIN = { access: { permission: 'admin.manage' } } as const;

/** The channel settings page (administrators): gateway numbers and their offices. */
export async function channelNumberRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  const page = async (request: FastifyRequest, problem?: FormProblem) => {
    const auth = requireAuth(request);
    const model = { csrf: auth.session?.csrf_secret ?? '', ...(await channelNumbers(ctx)) };
    const layout = await staffLayout(request, request.t('channels.numbers.title'));
    return ChannelNumbersPage({ layout, model, errors: problem?.errors, values: problem?.raw });
  };

  app.get('/staff/admin/channels', { config: ADMIN }, async (request, reply) => reply.page(await page(request)));

  app.post('/staff/admin/channels', { config: ADMIN }, async (request, reply) =>
    formAction(request, reply, {
      schema: ChannelNumberBody,
      run: (body) => addChannelNumber(ctx, requireAuth(request).user, body),
      rerender: (problem) => page(request, problem),
      done: () => ({ to: '/staff/admin/channels', flash: 'channels.numbers.added' }),
    }),
  );

  app.post('/staff/admin/channels/:id/delete', { config: ADMIN }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    return formAction(request, reply, {
      schema: EmptyBody,
      run: () => removeChannelNumber(ctx, requireAuth(request).user, id),
      rerender: (problem) => page(request, problem),
      done: () => ({ to: '/staff/admin/channels', flash: 'channels.numbers.removed' }),
    });
  });
}
