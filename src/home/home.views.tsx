import type { NavEntry } from '../platform/features/feature.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';

/** The staff home: a greeting and a card for each place this user may go. */
export function StaffHomePage(props: { layout: Omit<LayoutProps, 'children'>; displayName: string; entries: NavEntry[] }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('staffHome.heading', { name: props.displayName })}</h1>
      <ul class="card-grid plain-list">
        {props.entries.map((e) => (
          <li class="card">
            <a href={e.href}>{t(e.labelKey)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
