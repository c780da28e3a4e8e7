import type { ComponentChildren } from 'preact';
import type { Translator } from '../platform/i18n/i18n.js';

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
