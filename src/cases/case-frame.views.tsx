import type { ComponentChildren } from 'preact';
import type { Translator } from '../platform/i18n/i18n.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';

/** Everything a case page's frame shows: the layout, the case header and the tabs this user sees. */
export interface CaseFrame {
  t: Translator;
  layout: Omit<LayoutProps, 'children'>;
  record: { id: string; case_number: string; cas_status: string; is_child: number };
  tabs: Array<{ href: string; labelKey: string; current: boolean }>;
  title: string;
  csrf: string;
}

/** A case page: the case header (number, status, child marker) and the tabs of every feature, then the content. */
export function CaseFrameView(props: { frame: CaseFrame; children: ComponentChildren }) {
  const { t, record } = props.frame;
  return (
    <Layout {...props.frame.layout}>
      <div class="case-header">
        <p class="case-number">
          <span dir="ltr">{record.case_number}</span> <span class="badge">{t(`cases.status.${record.cas_status}`)}</span>
          {record.is_child ? <span class="badge badge-high">{t('cases.childMarker')}</span> : null}
        </p>
        <nav aria-label={t('cases.tabs.label')} class="case-tabs">
          <ul>
            {props.frame.tabs.map((tab) => (
              <li>
                <a href={tab.href} aria-current={tab.current ? 'page' : undefined}>
                  {t(tab.labelKey)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <h1>{props.frame.title}</h1>
      {props.children}
    </Layout>
  );
}
