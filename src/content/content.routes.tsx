import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicLayout } from '../platform/http/plumbing.js';
import { NotFoundError } from '../platform/http/errors.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { Layout } from '../platform/views/layout.js';
import { renderPage } from '../platform/views/render.js';
import { articlePage } from './article.js';
import { cachedPage, cachePage } from './content.cache.js';
import { PageList } from './content.pages.js';
import * as repo from './content.repository.js';
import { seedContentIfEmpty } from './content.seed.js';
import { publicPath } from './content.service.js';
import { atomFeed, sitemap } from './feeds.js';
import { publicNav } from './public-nav.js';

const PUBLIC = { access: 'public' } as const;

function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.code(200).type('text/html; charset=utf-8').send(html);
}

/** Serves a public page from the cache when it is there; pages are the same for every visitor, so they can be shared. */
async function cached(request: FastifyRequest, reply: FastifyReply, build: () => Promise<string>): Promise<FastifyReply> {
  const cacheable = !request.url.includes('?');
  const key = `${request.locale}\u0000${request.url}`;
  if (cacheable) {
    const hit = cachedPage(key);
    if (hit) return sendHtml(reply, hit);
  }
  const html = await build();
  if (cacheable) cachePage(key, html);
  return sendHtml(reply, html);
}

/** The public prevention site: home, pages, news, sitemap and feeds, in the language of the address. */
export async function contentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  await seedContentIfEmpty(ctx);

  app.get('/sitemap.xml', { config: PUBLIC }, async (_request, reply) => {
    const rows = await repo.listAllPublished(ctx.db);
    return reply.type('application/xml; charset=utf-8').send(sitemap(ctx.config.publicUrl, rows));
  });

  for (const locale of LOCALES) {
    app.get(`/${locale}/`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const item = await repo.findItemByKey(ctx.db, 'home');
        const home = item ? await repo.findTranslation(ctx.db, item.id, locale) : undefined;
        const pages = (await repo.listPublished(ctx.db, { locale, kind: 'page' })).filter((p) => p.key !== 'home');
        const news = await repo.listPublished(ctx.db, { locale, kind: 'news', limit: 3 });
        const t = request.t;
        const lists = (
          <>
            <PageList t={t} id="learn-title" title={t('content.home.learn')} items={pages.map((p) => ({ href: publicPath(p, locale, p.slug), title: p.published_title ?? '', summary: p.published_summary }))} />
            <section class="card-grid home-actions" aria-label={t('content.home.actions')}>
              <a class="card action-card" href={`/${locale}/self-check`}>
                <strong>{t('content.nav.selfCheck')}</strong>
                <span>{t('content.home.selfCheckText')}</span>
              </a>
              <a class="card action-card" href={`/${locale}/help`}>
                <strong>{t('content.nav.help')}</strong>
                <span>{t('content.home.helpText')}</span>
              </a>
              <a class="card action-card" href={`/${locale}/report`}>
                <strong>{t('content.nav.report')}</strong>
                <span>{t('content.home.reportText')}</span>
              </a>
            </section>
            <PageList t={t} id="news-title" title={t('content.home.news')} items={news.map((n) => ({ href: publicPath(n, locale, n.slug), title: n.published_title ?? '', summary: n.published_summary }))} />
          </>
        );
        if (!item || !home || home.published_revision === null) {
          return renderPage(
            <Layout {...publicLayout(request, t('content.nav.home'))} nav={publicNav(t, `/${locale}/`)}>
              <h1>{t('layout.siteName')}</h1>
              {lists}
            </Layout>,
          );
        }
        return renderPage(await articlePage(request, item, home, undefined, lists));
      }),
    );

    app.get(`/${locale}/news`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const t = request.t;
        const news = await repo.listPublished(ctx.db, { locale, kind: 'news' });
        const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/news`])) as Record<Locale, string>;
        return renderPage(
          <Layout {...publicLayout(request, t('content.news.title'), alternates)} canonical={`/${locale}/news`} nav={publicNav(t, `/${locale}/news`)} head={<link rel="alternate" type="application/atom+xml" href={`/${locale}/news/feed.xml`} title={t('content.news.feed')} />}>
            <h1>{t('content.news.title')}</h1>
            {news.length === 0 ? <p class="empty">{t('content.news.none')}</p> : null}
            <ul class="plain-list news-list">
              {news.map((n) => (
                <li>
                  <h2>
                    <a href={publicPath(n, locale, n.slug)}>{n.published_title}</a>
                  </h2>
                  <p class="meta">{t('content.publishedOn', { date: t.date(n.first_published_at, 'UTC') })}</p>
                  <p>{n.published_summary}</p>
                </li>
              ))}
            </ul>
            <p>
              <a href={`/${locale}/news/feed.xml`}>{t('content.news.feed')}</a>
            </p>
          </Layout>,
        );
      }),
    );

    app.get(`/${locale}/news/feed.xml`, { config: PUBLIC }, async (request, reply) => {
      const news = await repo.listPublished(ctx.db, { locale, kind: 'news', limit: 50 });
      return reply.type('application/atom+xml; charset=utf-8').send(atomFeed(ctx.config.publicUrl, locale, request.t('content.news.feedTitle'), news));
    });

    app.get(`/${locale}/news/:slug`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const { slug } = request.params as { slug: string };
        const found = await findPublished(request, locale, slug, 'news');
        return renderPage(await articlePage(request, found.item, found.translation));
      }),
    );

    app.get(`/${locale}/:slug`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const { slug } = request.params as { slug: string };
        const found = await findPublished(request, locale, slug, 'page');
        if (found.item.key === 'home') throw new NotFoundError();
        return renderPage(await articlePage(request, found.item, found.translation));
      }),
    );
  }

  async function findPublished(_request: FastifyRequest, locale: Locale, slug: string, kind: 'page' | 'news') {
    const translation = await repo.findTranslationBySlug(ctx.db, locale, slug);
    if (!translation || translation.published_revision === null) throw new NotFoundError();
    const item = await repo.findItem(ctx.db, translation.item_id);
    if (!item || item.kind !== kind) throw new NotFoundError();
    return { item, translation };
  }
}
