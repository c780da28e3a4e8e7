import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { publicNav } from '../platform/views/public-nav.js';

const PARTS = ['private', 'history', 'shared', 'exit', 'whatWeDo'] as const;

/** "Stay safe while you browse": private windows, clearing the history, a shared phone, what the exit button does. */
export function StaySafePage(props: { layout: Omit<LayoutProps, 'children' | 'nav'> }) {
  const t = props.layout.t;
  const l = t.locale;
  return (
    <Layout {...props.layout} nav={publicNav(t, `/${l}/stay-safe`)}>
      <h1>{t('safety.staySafe.title')}</h1>
      <p class="lead">{t('safety.staySafe.lead')}</p>
      {PARTS.map((p) => (
        <section>
          <h2>{t(`safety.staySafe.${p}Title`)}</h2>
          <p>{t(`safety.staySafe.${p}`)}</p>
        </section>
      ))}
      <p>
        <a href={`/${l}/help`}>{t('content.nav.help')}</a> · <a href={`/${l}/report`}>{t('content.nav.report')}</a>
      </p>
    </Layout>
  );
}
