import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError, RuleError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { ModerateBody, ReplyBody } from './comments.schema.js';
import * as service from './comments.service.js';
import { ApprovedPage, EmailPage, ModerationQueuePage } from './comments.views.js';

const MODERATE = { access: { permission: 'comments.moderate' } } as const;

function commentId(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

/**
 * The moderators' side of comments: the queue, a visitor's address on request, approved comments and replies.
 * Visitors comment on an article's page, which the content feature serves (content/article.routes.ts).
 */
export async function commentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/comments', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const queue = await service.moderationQueue(ctx, auth.user);
    const layout = await staffLayout(request, request.t('comments.queue.title'));
    return reply.page(ModerationQueuePage({ layout, queue, csrf: auth.session?.csrf_secret ?? '' }));
  });

  app.get('/staff/comments/:id/email', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const email = await service.revealEmail(ctx, auth.user, commentId(request));
    return reply.page(EmailPage({ layout: await staffLayout(request, request.t('comments.email.title')), email }));
  });

  app.post('/staff/comments/:id/moderate', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = commentId(request);
    const form = parseForm(ModerateBody, request.body);
    if (!form.ok) throw new RuleError('BAD_DECISION', 'errors.badRequest');
    await service.moderate(ctx, { user: auth.user, id, decision: form.value.decision, version: form.value.version });
    await setFlash(request, { kind: 'success', key: `comments.queue.done.${form.value.decision}` });
    return reply.redirect('/staff/comments', 303);
  });

  app.get('/staff/comments/approved', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const comments = await service.approvedComments(ctx, auth.user);
    const layout = await staffLayout(request, request.t('comments.approved.title'));
    return reply.page(ApprovedPage({ layout, comments, csrf: auth.session?.csrf_secret ?? '' }));
  });

  app.post('/staff/comments/:id/reply', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = commentId(request);
    const form = parseForm(ReplyBody, request.body);
    if (!form.ok) {
      await setFlash(request, { kind: 'error', key: 'comments.approved.empty' });
      return reply.redirect('/staff/comments/approved', 303);
    }
    await service.reply(ctx, { user: auth.user, parentId: id, body: form.value.reply, staffName: request.t('comments.staffName') });
    await setFlash(request, { kind: 'success', key: 'comments.approved.sent' });
    return reply.redirect('/staff/comments/approved', 303);
  });
}
