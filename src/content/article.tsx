import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { listThread } from '../comments/comments.repository.js';
import { CommentSection } from '../comments/comments.pages.js';
import { publicLayout } from '../platform/http/plumbing.js';
import type { Locale } from '../platform/i18n/i18n.js';
import type { FieldErrors } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { ArchiveBanner, NextSteps, Prose } from './content.pages.js';
import { alternatesFor, publicPath, successorPath } from './content.service.js';
import type { ContentItem, ContentTranslation } from './content.table.js';
import { renderMarkdown } from './markdown.js';
import { publicNav } from './public-nav.js';

/** A published page or article, with its archive banner and, for articles, its comments and comment form. */
export async function articlePage(
  request: FastifyRequest,
  item: ContentItem,
  translation: ContentTranslation,
  form?: { errors: FieldErrors; raw: Record<string, unknown> },
  after?: ComponentChildren,
) {
  const ctx = request.server.ctx;
  const t = request.t;
  const locale = t.locale as Locale;
  const path = publicPath(item, locale, translation.slug);
  const alternates = await alternatesFor(ctx, item);
  const successor = item.archived_at ? await successorPath(ctx, item, locale) : undefined;
  const title = translation.published_title ?? translation.title;
  const comments = item.kind === 'news' ? await listThread(ctx.db, item.id, locale) : [];
  const isHome = item.kind === 'page' && item.key === 'home';
  return (
    <Layout {...publicLayout(request, title, alternates)} canonical={path} nav={publicNav(t, path)}>
      <article>
        {item.archived_at ? <ArchiveBanner t={t} successor={successor} /> : null}
        <h1>{title}</h1>
        {item.kind === 'news' && translation.first_published_at ? (
          <p class="meta">
            {t('content.publishedOn', { date: t.date(translation.first_published_at, 'UTC') })}
          </p>
        ) : null}
        {translation.published_summary ? <p class="lead">{translation.published_summary}</p> : null}
        <Prose html={renderMarkdown(translation.published_body ?? '')} />
      </article>
      {after}
      {isHome ? null : <NextSteps t={t} />}
      {item.kind === 'news' && item.comments_enabled && !item.archived_at ? (
        <CommentSection t={t} action={`${path}/comments`} comments={comments} errors={form?.errors} raw={form?.raw} />
      ) : null}
    </Layout>
  );
}
