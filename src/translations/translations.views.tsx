import { ActionButton, Table } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import type { FormAgain } from '../platform/views/refusal.js';
import { RefusalBox } from '../platform/views/refusal.js';
import type { LanguageStatus, NamespaceStatus } from './translations.service.js';

/*
 * The translation status pages: every language's catalog, how complete it is and what a native speaker has reviewed.
 */

type PageLayout = Omit<LayoutProps, 'children'>;

function percent(present: number, total: number): number {
  return total === 0 ? 100 : Math.floor((present / total) * 100);
}

/** Every configured language: complete or not, and how many namespaces still need a native speaker's review. */
export function TranslationsPage(props: { layout: PageLayout; languages: LanguageStatus[] }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('translations.title')}</h1>
      <p class="lead">{t('translations.intro')}</p>
      <Table
        caption={t('translations.languages')}
        head={[t('translations.language'), t('translations.direction'), t('translations.complete'), t('translations.review'), t('translations.note')]}
        rows={props.languages.map((l) => [
          <a href={`/staff/translations/${l.code}`} lang={l.code} dir={l.dir}>
            {l.name}
          </a>,
          t(`translations.dir.${l.dir}`),
          t('translations.completeValue', { percent: percent(l.present, l.total), present: l.present, total: l.total }),
          l.namespaces.every((n) => n.status === 'source') ? (
            t('translations.status.source')
          ) : l.needsReview > 0 ? (
            <span class="badge state-draft">{t('translations.needsReview', { count: l.needsReview, total: l.namespaces.length })}</span>
          ) : (
            <span class="badge state-published">{t('translations.allReviewed')}</span>
          ),
          l.note ?? '',
        ])}
      />
      <p class="hint">{t('translations.howToAdd')}</p>
    </Layout>
  );
}

function statusBadge(t: PageLayout['t'], n: NamespaceStatus) {
  const cls = n.status === 'reviewed' || n.status === 'shippedReviewed' || n.status === 'source' ? 'state-published' : 'state-draft';
  return <span class={`badge ${cls}`}>{t(`translations.status.${n.status}`)}</span>;
}

/** One language, namespace by namespace: missing messages, review status, and the editor's buttons. */
export function LanguagePage(props: { layout: PageLayout; language: LanguageStatus; csrf: string; again?: FormAgain | undefined }) {
  const t = props.layout.t;
  const l = props.language;
  return (
    <Layout {...props.layout}>
      <p>
        <a href="/staff/translations">{t('translations.back')}</a>
      </p>
      <h1>{t('translations.languageTitle', { language: l.name })}</h1>
      {l.note ? <p class="lead">{l.note}</p> : null}
      <RefusalBox message={props.again?.refusal?.message ?? (props.again?.errors?.namespace ? t(props.again.errors.namespace) : undefined)} />
      <Table
        caption={t('translations.namespaces')}
        head={[t('translations.namespace'), t('translations.complete'), t('translations.review'), t('translations.reviewedBy'), '']}
        rows={l.namespaces.map((n) => [
          <code>{n.namespace}</code>,
          n.missing.length === 0 ? (
            t('translations.completeValue', { percent: 100, present: n.present, total: n.total })
          ) : (
            <details>
              <summary>{t('translations.missing', { count: n.missing.length })}</summary>
              <ul>
                {n.missing.slice(0, 50).map((k) => (
                  <li>
                    <code dir="ltr">{`${n.namespace}.${k}`}</code>
                  </li>
                ))}
              </ul>
            </details>
          ),
          statusBadge(t, n),
          n.reviewedBy ? t('translations.reviewedOn', { name: n.reviewedBy, date: t.date(n.reviewedAt) }) : '',
          n.status === 'source' ? (
            ''
          ) : n.status === 'reviewed' ? (
            <ActionButton
              action={`/staff/translations/${l.code}`}
              csrf={props.csrf}
              label={t('translations.markDraft')}
              fields={{ namespace: n.namespace, status: 'draft' }}
            />
          ) : (
            <ActionButton
              action={`/staff/translations/${l.code}`}
              csrf={props.csrf}
              label={t('translations.markReviewed')}
              fields={{ namespace: n.namespace, status: 'reviewed' }}
            />
          ),
        ])}
      />
    </Layout>
  );
}
