import type { ComponentChildren } from 'preact';
import type { Translator } from '../platform/i18n/i18n.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';

/** Everything a case page's frame shows: the layout, the case header and the tabs this user sees. */
export interface CaseFrame {
  t: Translator;
  layout: Omit<LayoutProps, 'children'>;
  record: { id: string; case_number: string; cas_status: string; is_child: number };
  /** The person's name (or alias) and age, only for a user who may see names here. */
  person?: { name: string | null; age: number | null } | undefined;
  tabs: Array<{ href: string; labelKey: string; current: boolean }>;
  title: string;
  csrf: string;
}

/**
 * A case page: the case header (the person's name and age for those who may see them, number, status, child marker)
 * and the tabs of every feature, folded into one menu on a phone (a <details>, no JavaScript), then the content.
 */
export function CaseFrameView(props: { frame: CaseFrame; children: ComponentChildren }) {
  const { t, record, person } = props.frame;
  const current = props.frame.tabs.find((x) => x.current);
  return (
    <Layout {...props.frame.layout}>
      <div class="case-header">
        {person ? (
          <p class="case-person">
            <bdi class="case-person-name">{person.name ?? t('caselist.header.noName')}</bdi>
            {person.age !== null ? <span class="case-person-age">{t('caselist.header.age', { age: person.age })}</span> : null}
          </p>
        ) : null}
        <p class="case-number">
          <span dir="ltr">{record.case_number}</span> <span class="badge">{t(`cases.status.${record.cas_status}`)}</span>
          {record.is_child ? <span class="badge badge-high">{t('cases.childMarker')}</span> : null}
        </p>
        <nav aria-label={t('cases.tabs.label')} class="case-tabs">
          {/* On a wide screen the tabs in a row; below 600 px one menu that opens (a <details>: no JavaScript). */}
          <ul class="case-tabs-row">
            <TabLinks t={t} tabs={props.frame.tabs} />
          </ul>
          <details class="case-tabs-menu">
            <summary>
              {t('caselist.tabsMenu')}
              {current ? <span class="case-tabs-current">: {t(current.labelKey)}</span> : null}
            </summary>
            <ul>
              <TabLinks t={t} tabs={props.frame.tabs} />
            </ul>
          </details>
        </nav>
      </div>
      <h1>{props.frame.title}</h1>
      {props.children}
    </Layout>
  );
}

function TabLinks(props: { t: Translator; tabs: CaseFrame['tabs'] }) {
  return (
    <>
      {props.tabs.map((tab) => (
        <li>
          <a href={tab.href} aria-current={tab.current ? 'page' : undefined}>
            {props.t(tab.labelKey)}
          </a>
        </li>
      ))}
    </>
  );
}
