import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { publicLayout } from '../platform/http/plumbing.js';
import { LOCALES, type Locale } from '../platform/i18n/i18n.js';
import { cachedPage, cachePage } from '../platform/views/page-cache.js';
import { renderPage } from '../platform/views/render.js';
import { seedContentIfEmpty, seedNewLanguages } from './content.seed.js';
import { ArticlePage, HomeLists, HomeWithoutText, NewsPage } from './content.views.js';
import { atomFeed, sitemap } from './feeds.js';
import { articleModel, feedRows, findPublished, homeModel, newsEntries, sitemapRows } from './public-site.service.js';

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
  if (!(await seedContentIfEmpty(ctx))) await seedNewLanguages(ctx);

  app.get('/sitemap.xml', { config: PUBLIC }, async (_request, reply) => {
    return reply.type('application/xml; charset=utf-8').send(sitemap(ctx.config.publicUrl, await sitemapRows(ctx.db)));
  });

  for (const locale of LOCALES) {
    app.get(`/${locale}/`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const home = await homeModel(ctx, locale);
        const lists = HomeLists({ t: request.t, pages: home.pages, news: home.news });
        if (!home.article) return renderPage(HomeWithoutText({ layout: publicLayout(request, request.t('content.nav.home')), children: lists }));
        return renderPage(ArticlePage({ layout: publicLayout(request, home.article.title, home.article.alternates), article: home.article, after: lists }));
      }),
    );

    app.get(`/${locale}/news`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const alternates = Object.fromEntries(LOCALES.map((l) => [l, `/${l}/news`])) as Record<Locale, string>;
        const layout = publicLayout(request, request.t('content.news.title'), alternates);
        return renderPage(NewsPage({ layout, news: await newsEntries(ctx.db, locale) }));
      }),
    );

    app.get(`/${locale}/news/feed.xml`, { config: PUBLIC }, async (request, reply) => {
      const news = await feedRows(ctx.db, locale);
      return reply
        .type('application/atom+xml; charset=utf-8')
        .send(atomFeed({ base: ctx.config.publicUrl, locale, title: request.t('content.news.feedTitle'), rows: news }));
    });

    app.get(`/${locale}/news/:slug`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const { slug } = request.params as { slug: string };
        return renderArticle(request, await findPublished(ctx.db, { locale, slug, kind: 'news' }), locale);
      }),
    );

    app.get(`/${locale}/:slug`, { config: PUBLIC }, async (request, reply) =>
      cached(request, reply, async () => {
        const { slug } = request.params as { slug: string };
        const found = await findPublished(ctx.db, { locale, slug, kind: 'page' });
        if (found.item.key === 'home') throw new NotFoundError();
        return renderArticle(request, found, locale);
      }),
    );
  }

  async function renderArticle(request: FastifyRequest, found: Awaited<ReturnType<typeof findPublished>>, locale: Locale): Promise<string> {
    const article = await articleModel(ctx, found, locale);
    return renderPage(ArticlePage({ layout: publicLayout(request, article.title, article.alternates), article }));
  }
}
