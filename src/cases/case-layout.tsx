import type { ComponentChildren } from 'preact';
import type { FastifyRequest } from 'fastify';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { Layout } from '../platform/views/layout.js';
import { caseTabs } from './case-tabs.js';
import type { CaseRow } from './cases.table.js';

/** A case page: the case header (number, status, child marker) and the tabs of every feature, then the content. */
export async function CasePage(props: { request: FastifyRequest; record: CaseRow; tab: string; title: string; children: ComponentChildren }) {
  const { request, record } = props;
  const t = request.t;
  const auth = requireAuth(request);
  const base = `/staff/cases/${record.id}`;
  return (
    <Layout {...(await staffLayout(request, `${props.title} · ${record.case_number}`))}>
      <div class="case-header">
        <p class="case-number">
          <span dir="ltr">{record.case_number}</span> <span class="badge">{t(`cases.status.${record.cas_status}`)}</span>
          {record.is_child ? <span class="badge badge-high">{t('cases.childMarker')}</span> : null}
        </p>
        <nav aria-label={t('cases.tabs.label')} class="case-tabs">
          <ul>
            {caseTabs(request.server.caseTabs, auth.user, record).map((tab) => {
              const href = tab.slug ? `${base}/${tab.slug}` : base;
              return (
                <li>
                  <a href={href} aria-current={tab.slug === props.tab ? 'page' : undefined}>
                    {t(tab.labelKey)}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}
