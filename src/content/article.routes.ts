import type { FastifyInstance } from 'fastify';
import { submitComment } from '../comments/comments.service.js';
import { CommentBody } from '../comments/comments.schema.js';
import { parseForm } from '../platform/http/forms.js';
import { clientKey, publicLayout } from '../platform/http/plumbing.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { ArticlePage, CommentHeldPage, CommentSentPage } from './content.views.js';
import { articleModel, findCommentableArticle } from './public-site.service.js';

const PUBLIC = { access: 'public' } as const;
const COMMENT_BUCKET = 'comments';
const COMMENT_LIMIT = 5;
const COMMENT_WINDOW_MS = 10 * 60_000;

/**
 * A visitor's comment on a news article: the form is part of the article's page, so a refused comment shows the
 * article again with what was typed; comments.service.ts holds the rules (held when it reads like a real situation).
 */
export async function articleCommentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  for (const locale of LOCALES) {
    app.post(`/${locale}/news/:slug/comments`, { config: PUBLIC }, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const found = await findCommentableArticle(ctx.db, locale, slug);
      const body = request.body as Record<string, unknown> | undefined;
      // Robots fill every field; people never see this one. They get the usual thank-you, and nothing is kept.
      if (typeof body?.website === 'string' && body.website.trim() !== '') {
        await ctx.limiter.hit(COMMENT_BUCKET, clientKey(request), { limit: COMMENT_LIMIT, windowMs: COMMENT_WINDOW_MS });
        return reply.redirect(`/${locale}/news/${slug}/comment-sent`, 303);
      }
      const form = parseForm(CommentBody, body);
      // Only comments taken count against the limit; a limited or refused one comes back with what was typed.
      const wait = await ctx.limiter.waiting(COMMENT_BUCKET, clientKey(request), { limit: COMMENT_LIMIT });
      if (!form.ok || wait > 0) {
        const article = await articleModel(ctx, found, locale);
        const layout = publicLayout(request, article.title, article.alternates);
        const errors = form.ok ? { comment: `comments.errors.limited|minutes=${Math.max(1, Math.ceil(wait / 60))}` } : form.errors;
        const raw = form.ok ? { ...form.value } : form.raw;
        if (wait > 0) reply.header('Retry-After', String(wait));
        return reply.page(ArticlePage({ layout, article, form: { errors, raw } }), wait > 0 ? 429 : 400);
      }
      await ctx.limiter.hit(COMMENT_BUCKET, clientKey(request), { limit: COMMENT_LIMIT, windowMs: COMMENT_WINDOW_MS });
      const { item } = found;
      const r = await submitComment(ctx, { itemId: item.id, officeId: item.office_id, locale, name: form.value.name, email: form.value.email, body: form.value.comment });
      request.log.info({ commentId: r.id, held: r.held }, 'comment received');
      return reply.redirect(`/${locale}/news/${slug}/${r.held ? 'comment-held' : 'comment-sent'}`, 303);
    });

    app.get(`/${locale}/news/:slug/comment-sent`, { config: PUBLIC }, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      await findCommentableArticle(ctx.db, locale, slug);
      return reply.page(CommentSentPage({ layout: publicLayout(request, request.t('comments.sent.title')), articlePath: `/${locale}/news/${slug}` }));
    });

    app.get(`/${locale}/news/:slug/comment-held`, { config: PUBLIC }, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      await findCommentableArticle(ctx.db, locale, slug);
      return reply.page(CommentHeldPage({ layout: publicLayout(request, request.t('comments.held.title')), articlePath: `/${locale}/news/${slug}` }));
    });
  }
}
