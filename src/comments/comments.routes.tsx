import type { FastifyInstance, FastifyRequest } from 'fastify';
import { articlePage } from '../content/article.js';
import * as contentRepo from '../content/content.repository.js';
import { publicNav } from '../content/public-nav.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, RuleError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { clientKey, publicLayout, requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { ActionButton, Form, Submit, TextArea } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { CommentBody, ModerateBody, ReplyBody } from './comments.schema.js';
import * as service from './comments.service.js';

const PUBLIC = { access: 'public' } as const;
const MODERATE = { access: { permission: 'comments.moderate' } } as const;

async function findArticle(request: FastifyRequest, locale: Locale) {
  const { slug } = request.params as { slug: string };
  const ctx = request.server.ctx;
  const translation = await contentRepo.findTranslationBySlug(ctx.db, locale, slug);
  if (!translation || translation.published_revision === null) throw new NotFoundError();
  const item = await contentRepo.findItem(ctx.db, translation.item_id);
  if (item?.kind !== 'news' || !item.comments_enabled || item.archived_at) throw new NotFoundError();
  return { item, translation, slug };
}

/** Comments on news articles: the public form, what the visitor sees after sending, and the moderation queue. */
export async function commentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  for (const locale of LOCALES) {
    app.post(`/${locale}/news/:slug/comments`, { config: PUBLIC }, async (request, reply) => {
      const { item, translation, slug } = await findArticle(request, locale);
      ctx.limiter.check('comments', clientKey(request), 5, 10 * 60_000);
      const body = request.body as Record<string, unknown> | undefined;
      // Robots fill every field; people never see this one. They get the usual thank-you, and nothing is kept.
      if (typeof body?.website === 'string' && body.website.trim() !== '') return reply.redirect(`/${locale}/news/${slug}/comment-sent`, 303);
      const form = parseForm(CommentBody, body);
      if (!form.ok) return reply.page(await articlePage(request, item, translation, { errors: form.errors, raw: form.raw }), 400);
      const r = await service.submitComment(ctx, { itemId: item.id, officeId: item.office_id, locale, name: form.value.name, email: form.value.email, body: form.value.comment });
      request.log.info({ commentId: r.id, held: r.held }, 'comment received');
      return reply.redirect(`/${locale}/news/${slug}/${r.held ? 'comment-held' : 'comment-sent'}`, 303);
    });

    app.get(`/${locale}/news/:slug/comment-sent`, { config: PUBLIC }, async (request, reply) => {
      const { slug } = await findArticle(request, locale);
      const t = request.t;
      return reply.page(
        <Layout {...publicLayout(request, t('comments.sent.title'))} nav={publicNav(t, `/${locale}/news`)}>
          <div class="panel panel-success" role="status">
            <h1>{t('comments.sent.title')}</h1>
            <p>{t('comments.sent.text')}</p>
          </div>
          <p>
            <a href={`/${locale}/news/${slug}`}>{t('comments.backToArticle')}</a>
          </p>
        </Layout>,
      );
    });

    app.get(`/${locale}/news/:slug/comment-held`, { config: PUBLIC }, async (request, reply) => {
      const { slug } = await findArticle(request, locale);
      const t = request.t;
      return reply.page(
        <Layout {...publicLayout(request, t('comments.held.title'))} nav={publicNav(t, `/${locale}/news`)}>
          <div class="panel panel-warning" role="status">
            <h1>{t('comments.held.title')}</h1>
            <p>{t('comments.held.text')}</p>
          </div>
          <h2>{t('comments.held.safelyTitle')}</h2>
          <ul>
            <li>{t('comments.held.safely1')}</li>
            <li>{t('comments.held.safely2')}</li>
            <li>{t('comments.held.safely3')}</li>
          </ul>
          <p>
            <a class="button" href={`/${locale}/report`}>
              {t('comments.held.report')}
            </a>
          </p>
          <p>
            <a href={`/${locale}/help`}>{t('comments.held.help')}</a>
          </p>
          <p>
            <a href={`/${locale}/news/${slug}`}>{t('comments.backToArticle')}</a>
          </p>
        </Layout>,
      );
    });
  }

  app.get('/staff/comments', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const queue = await service.moderationQueue(ctx, auth.user);
    const csrf = auth.session?.csrf_secret ?? '';
    return reply.page(
      <Layout {...(await staffLayout(request, t('comments.queue.title')))}>
        <h1>{t('comments.queue.title')}</h1>
        <p>
          <a href="/staff/comments/approved">{t('comments.queue.approvedLink')}</a>
        </p>
        {queue.length === 0 ? <p class="empty">{t('comments.queue.none')}</p> : null}
        <ol class="plain-list">
          {queue.map((c) => (
            <li class={`card moderation-item${c.flagged ? ' moderation-held' : ''}`}>
              {c.flagged ? (
                <p class="held-label">
                  <span class="badge badge-high">{t('comments.queue.held')}</span> {t('comments.queue.heldText')}{' '}
                  {c.reasons.map((r) => t(`comments.reasons.${r}`)).join(', ')}
                </p>
              ) : (
                <p>
                  <span class="badge">{t('comments.queue.pending')}</span>
                </p>
              )}
              <p class="comment-meta">
                <strong dir="auto">{c.name}</strong> · {c.itemKey} · {c.locale} · {t.date(c.createdAt, undefined, true)}
              </p>
              <div class="comment-body" dir="auto">
                {c.body.split(/\n{2,}/).map((p) => (
                  <p>{p}</p>
                ))}
              </div>
              <div class="actions">
                {c.flagged ? null : <ActionButton action={`/staff/comments/${c.id}/moderate`} csrf={csrf} label={t('comments.queue.approve')} fields={{ decision: 'approve', version: String(c.version) }} />}
                <ActionButton action={`/staff/comments/${c.id}/moderate`} csrf={csrf} label={t('comments.queue.reject')} fields={{ decision: 'reject', version: String(c.version) }} />
                {c.flagged ? null : <ActionButton action={`/staff/comments/${c.id}/moderate`} csrf={csrf} label={t('comments.queue.spam')} fields={{ decision: 'spam', version: String(c.version) }} danger />}
                <a class="button button-secondary" href={`/staff/comments/${c.id}/email`}>
                  {t('comments.email.show')}
                </a>
              </div>
            </li>
          ))}
        </ol>
      </Layout>,
    );
  });

  // The address is shown on its own page, on request, so that reading it is a deliberate, recorded act.
  app.get('/staff/comments/:id/email', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    const email = await service.revealEmail(ctx, auth.user, id);
    const t = request.t;
    return reply.page(
      <Layout {...(await staffLayout(request, t('comments.email.title')))}>
        <h1>{t('comments.email.title')}</h1>
        <p class="lead" dir="ltr">
          <a href={`mailto:${email}`}>{email}</a>
        </p>
        <p>{t('comments.email.hint')}</p>
        <p>
          <a href="/staff/comments">{t('comments.email.back')}</a>
        </p>
      </Layout>,
    );
  });

  app.post('/staff/comments/:id/moderate', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    const form = parseForm(ModerateBody, request.body);
    if (!form.ok) throw new RuleError('BAD_DECISION', 'errors.badRequest');
    await service.moderate(ctx, auth.user, id, form.value.decision, form.value.version);
    await setFlash(request, 'success', `comments.queue.done.${form.value.decision}`);
    return reply.redirect('/staff/comments', 303);
  });

  app.get('/staff/comments/approved', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const t = request.t;
    const rows = await ctx.db
      .selectFrom('comments as c')
      .innerJoin('content_items as i', 'i.id', 'c.item_id')
      .select(['c.id', 'c.published_name', 'c.published_body', 'c.created_at', 'i.key'])
      .where('c.status', '=', 'approved')
      .where('c.parent_id', 'is', null)
      .orderBy('c.created_at', 'desc')
      .limit(100)
      .execute();
    const csrf = auth.session?.csrf_secret ?? '';
    return reply.page(
      <Layout {...(await staffLayout(request, t('comments.approved.title')))}>
        <h1>{t('comments.approved.title')}</h1>
        {rows.length === 0 ? <p class="empty">{t('comments.approved.none')}</p> : null}
        <ol class="plain-list">
          {rows.map((c) => (
            <li class="card">
              <p class="comment-meta">
                <strong dir="auto">{c.published_name}</strong> · {c.key} · {t.date(c.created_at, undefined, true)}
              </p>
              <p dir="auto">{c.published_body}</p>
              <Form t={t} action={`/staff/comments/${c.id}/reply`} csrf={csrf} id={`reply-${c.id}`}>
                <TextArea t={t} name="reply" label={t('comments.approved.reply')} rows={3} maxLength={4000} />
                <Submit label={t('comments.approved.send')} secondary />
              </Form>
            </li>
          ))}
        </ol>
      </Layout>,
    );
  });

  app.post('/staff/comments/:id/reply', { config: MODERATE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    if (!isId(id)) throw new NotFoundError();
    const form = parseForm(ReplyBody, request.body);
    if (!form.ok) {
      await setFlash(request, 'error', 'comments.approved.empty');
      return reply.redirect('/staff/comments/approved', 303);
    }
    await service.reply(ctx, auth.user, id, form.value.reply, request.t('comments.staffName'));
    await setFlash(request, 'success', 'comments.approved.sent');
    return reply.redirect('/staff/comments/approved', 303);
  });
}
