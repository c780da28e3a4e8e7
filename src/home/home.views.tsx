import type { NavEntry } from '../platform/features/feature.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { InboxGuide } from '../reports/index.js';

export interface StaffHomeModel {
  displayName: string;
  entries: NavEntry[];
  /** Administrators only: what the first-run guide needs. */
  inbox: { offices: number; waiting: number } | undefined;
  /** Administrators only: SMTP_URL is unset, so notifications are not mailed. */
  mailOff?: boolean;
}

/** The staff home: a greeting, the first-run guide for administrators, and a card for each place this user may go. */
export function StaffHomePage(props: { layout: Omit<LayoutProps, 'children'>; model: StaffHomeModel }) {
  const t = props.layout.t;
  const { model } = props;
  return (
    <Layout {...props.layout}>
      <h1>{t('staffHome.heading', { name: model.displayName })}</h1>
      {model.inbox ? <InboxGuide t={t} status={model.inbox} /> : null}
      {model.mailOff ? <p class="hint notice">{t('notifications.mailOffAdmin')}</p> : null}
      <ul class="card-grid plain-list">
        {model.entries.map((e) => (
          <li class="card">
            <a href={e.href}>{t(e.labelKey)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
