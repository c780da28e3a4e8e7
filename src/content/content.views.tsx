import type { ComponentChildren } from 'preact';
import { CommentSection, type PublicComment } from '../comments/comments.views.js';
import type { Locale, Translator } from '../platform/i18n/i18n.js';
import type { FieldErrors } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { publicNav } from '../platform/views/public-nav.js';

/*
 * The public site's pages, as pure functions of their view models (public-site.service.ts builds them). Routes pass
 * the layout's plain values (publicLayout) in; nothing here reads a request or the database.
 */

/** Markdown already rendered and sanitised by renderMarkdown. */
export function Prose(props: { html: string }) {
  // The HTML comes from renderMarkdown, which sanitises it.
  return <div class="prose" dangerouslySetInnerHTML={{ __html: props.html }} />;
}

export function ArchiveBanner(props: { t: Translator; successor?: string | undefined }) {
  const { t } = props;
  return (
    <div class="archive-banner" role="note">
      <p>
        <strong>{t('content.archived.title')}</strong> {t('content.archived.text')}
      </p>
      {props.successor ? (
        <p>
          <a href={props.successor}>{t('content.archived.current')}</a>
        </p>
      ) : null}
    </div>
  );
}

/** The way out to reporting and help, shown under every content page. */
export function NextSteps(props: { t: Translator }) {
  const { t } = props;
  const l = t.locale;
  return (
    <aside class="next-steps" aria-labelledby="next-steps-title">
      <h2 id="next-steps-title">{t('content.next.title')}</h2>
      <ul>
        <li>
          <a href={`/${l}/self-check`}>{t('content.next.selfCheck')}</a>
        </li>
        <li>
          <a href={`/${l}/help`}>{t('content.next.help')}</a>
        </li>
        <li>
          <a href={`/${l}/report`}>{t('content.next.report')}</a>
        </li>
      </ul>
    </aside>
  );
}

export function PageList(props: { t: Translator; id: string; title: string; items: Array<{ href: string; title: string; summary: ComponentChildren }> }) {
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul class="card-grid plain-list">
        {props.items.map((i) => (
          <li class="card">
            <h3>
              <a href={i.href}>{i.title}</a>
            </h3>
            <p>{i.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A link to a page or an article in a list, with its summary (and, for news, its first publication). */
export interface ListEntry {
  href: string;
  title: string;
  summary: string | null;
  firstPublishedAt: string | null;
}

/** What a published page or article shows; built by public-site.service.ts from its published copy only. */
export interface ArticleModel {
  path: string;
  title: string;
  alternates: Partial<Record<Locale, string>>;
  archived: boolean;
  successor: string | undefined;
  /** News only: when it was first published. */
  firstPublishedAt: string | null;
  summary: string | null;
  /** The published body, rendered and sanitised by renderMarkdown. */
  bodyHtml: string;
  isHome: boolean;
  comments: PublicComment[];
  /** News that takes comments now: the form is shown. */
  commentsOpen: boolean;
}

type PublicLayout = Omit<LayoutProps, 'children' | 'nav'>;

/** A published page or article, with its archive banner and, for articles, its comments and comment form. */
export function ArticlePage(props: { layout: PublicLayout; article: ArticleModel; form?: { errors: FieldErrors; raw: Record<string, unknown> } | undefined; after?: ComponentChildren }) {
  const { layout, article: a } = props;
  const t = layout.t;
  return (
    <Layout {...layout} canonical={a.path} nav={publicNav(t, a.path)}>
      <article>
        {a.archived ? <ArchiveBanner t={t} successor={a.successor} /> : null}
        <h1>{a.title}</h1>
        {a.firstPublishedAt ? (
          <p class="meta">
            {t('content.publishedOn', { date: t.date(a.firstPublishedAt, 'UTC') })}
          </p>
        ) : null}
        {a.summary ? <p class="lead">{a.summary}</p> : null}
        <Prose html={a.bodyHtml} />
      </article>
      {props.after}
      {a.isHome ? null : <NextSteps t={t} />}
      {a.commentsOpen ? <CommentSection t={t} action={`${a.path}/comments`} comments={a.comments} errors={props.form?.errors} raw={props.form?.raw} /> : null}
    </Layout>
  );
}

/** Under the home page's text: the pages to learn from, the three ways to act, the latest news. */
export function HomeLists(props: { t: Translator; pages: ListEntry[]; news: ListEntry[] }) {
  const { t } = props;
  const l = t.locale;
  return (
    <>
      <PageList t={t} id="learn-title" title={t('content.home.learn')} items={props.pages} />
      <section class="card-grid home-actions" aria-label={t('content.home.actions')}>
        <a class="card action-card" href={`/${l}/self-check`}>
          <strong>{t('content.nav.selfCheck')}</strong>
          <span>{t('content.home.selfCheckText')}</span>
        </a>
        <a class="card action-card" href={`/${l}/help`}>
          <strong>{t('content.nav.help')}</strong>
          <span>{t('content.home.helpText')}</span>
        </a>
        <a class="card action-card" href={`/${l}/report`}>
          <strong>{t('content.nav.report')}</strong>
          <span>{t('content.home.reportText')}</span>
        </a>
      </section>
      <PageList t={t} id="news-title" title={t('content.home.news')} items={props.news} />
    </>
  );
}

/** The home page while its own text is not published: the site's name and the lists. */
export function HomeWithoutText(props: { layout: PublicLayout; children: ComponentChildren }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${t.locale}/`)}>
      <h1>{t('layout.siteName')}</h1>
      {props.children}
    </Layout>
  );
}

export function NewsPage(props: { layout: PublicLayout; news: ListEntry[] }) {
  const t = props.layout.t;
  const l = t.locale;
  return (
    <Layout {...props.layout} canonical={`/${l}/news`} nav={publicNav(t, `/${l}/news`)} head={<link rel="alternate" type="application/atom+xml" href={`/${l}/news/feed.xml`} title={t('content.news.feed')} />}>
      <h1>{t('content.news.title')}</h1>
      {props.news.length === 0 ? <p class="empty">{t('content.news.none')}</p> : null}
      <ul class="plain-list news-list">
        {props.news.map((n) => (
          <li>
            <h2>
              <a href={n.href}>{n.title}</a>
            </h2>
            <p class="meta">{t('content.publishedOn', { date: t.date(n.firstPublishedAt, 'UTC') })}</p>
            <p>{n.summary}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/${l}/news/feed.xml`}>{t('content.news.feed')}</a>
      </p>
    </Layout>
  );
}

/** After a visitor's comment is sent: it waits for moderation. */
export function CommentSentPage(props: { layout: PublicLayout; articlePath: string }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${t.locale}/news`)}>
      <div class="panel panel-success" role="status">
        <h1>{t('comments.sent.title')}</h1>
        <p>{t('comments.sent.text')}</p>
      </div>
      <p>
        <a href={props.articlePath}>{t('comments.backToArticle')}</a>
      </p>
    </Layout>
  );
}

/** After a comment that reads like a real situation: it is not published, and here are safer ways to get help. */
export function CommentHeldPage(props: { layout: PublicLayout; articlePath: string }) {
  const t = props.layout.t;
  const l = t.locale;
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${l}/news`)}>
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
        <a class="button" href={`/${l}/report`}>
          {t('comments.held.report')}
        </a>
      </p>
      <p>
        <a href={`/${l}/help`}>{t('comments.held.help')}</a>
      </p>
      <p>
        <a href={props.articlePath}>{t('comments.backToArticle')}</a>
      </p>
    </Layout>
  );
}
