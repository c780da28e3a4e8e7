import type { FastifyInstance } from 'fastify';
import { submitComment } from '../comments/comments.service.js';
import { CommentBody } from '../comments/comments.schema.js';
import { parseForm } from '../platform/http/forms.js';
import { clientKey, publicLayout } from '../platform/http/plumbing.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { ArticlePage, CommentHeldPage, CommentSentPage } from './content.views.js';
import { articleModel, findCommentableArticle } from './public-site.service.js';

const PUBLIC = { access: 'public' } as const;

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
      ctx.limiter.check('comments', clientKey(request), 5, 10 * 60_000);
      const body = request.body as Record<string, unknown> | undefined;
      // Robots fill every field; people never see this one. They get the usual thank-you, and nothing is kept.
      if (typeof body?.website === 'string' && body.website.trim() !== '') return reply.redirect(`/${locale}/news/${slug}/comment-sent`, 303);
      const form = parseForm(CommentBody, body);
      if (!form.ok) {
        const article = await articleModel(ctx, found, locale);
        const layout = publicLayout(request, article.title, article.alternates);
        return reply.page(ArticlePage({ layout, article, form: { errors: form.errors, raw: form.raw } }), 400);
      }
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
