import type { ComponentChildren } from 'preact';
import { direction, LOCALES, type Locale, languageOwnName, type Translator } from '../i18n/i18n.js';

export interface Flash {
  kind: 'success' | 'info' | 'error';
  text: string;
}

export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
  /** A count beside the entry (formatted), and what it counts in words for screen readers. */
  badge?: { count: string; label: string };
}

export interface LayoutProps {
  t: Translator;
  title: string;
  /** public: the prevention site (quick exit, language in the URL); staff: the protected app. */
  area: 'public' | 'staff';
  /** Links to the same page in other languages; public pages pass their own alternates. */
  alternates?: Partial<Record<Locale, string>>;
  canonical?: string;
  nav?: NavItem[];
  user?: { displayName: string; csrf: string } | undefined;
  /** The staff page being shown, to come back to after changing language. */
  currentPath?: string;
  flash?: Flash | undefined;
  quickExitUrl?: string;
  neutralTitle?: boolean;
  demo?: boolean;
  head?: ComponentChildren;
  children: ComponentChildren;
}

export function Layout(props: LayoutProps) {
  const { t, area } = props;
  const titleText = props.neutralTitle ? t('layout.neutralTitle') : `${props.title} · ${t('layout.siteName')}`;
  return (
    <html lang={t.locale} dir={t.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{titleText}</title>
        <link rel="stylesheet" href="/assets/abri.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        {props.alternates ? Object.entries(props.alternates).map(([lang, href]) => <link rel="alternate" hrefLang={lang} href={href} />) : null}
        {props.head}
        <script src="/assets/abri.js" defer />
      </head>
      <body class={`area-${area}`}>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        {area === 'public' && props.quickExitUrl ? (
          // A landmark of its own, so that all content sits in landmarks (screen-reader users find it in the list).
          <aside class="quick-exit-bar" aria-label={t('layout.quickExit')}>
            <a class="quick-exit" id="quick-exit" href={props.quickExitUrl} rel="noreferrer" data-quick-exit>
              {t('layout.quickExit')}
              <span class="quick-exit-hint">{t('layout.quickExitHint')}</span>
            </a>
          </aside>
        ) : null}
        <header class="site-header">
          {props.demo ? <p class="demo-banner">{t('layout.demoBanner')}</p> : null}
          <div class="container header-row">
            <a class="brand" href={area === 'public' ? `/${t.locale}/` : '/staff'}>
              <span class="brand-mark" aria-hidden="true">
                ⌂
              </span>
              {t('layout.siteName')}
              {area === 'staff' ? <span class="brand-area">{t('layout.staffArea')}</span> : null}
            </a>
            <LanguageSwitcher t={t} area={area} alternates={props.alternates} csrf={props.user?.csrf} back={props.currentPath} />
            {props.user ? (
              <form method="post" action="/staff/sign-out" class="inline-form">
                <input type="hidden" name="_csrf" value={props.user.csrf} />
                <span class="signed-in-as">{props.user.displayName}</span>{' '}
                <button type="submit" class="button-link">
                  {t('layout.signOut')}
                </button>
              </form>
            ) : null}
          </div>
          {props.nav && props.nav.length > 0 ? (
            <nav class="container main-nav" aria-label={t('layout.mainNavigation')}>
              <ul>
                {props.nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                      {item.label}
                      {item.badge ? (
                        <span class="nav-badge">
                          {' '}
                          <span aria-hidden="true">{item.badge.count}</span>
                          <span class="visually-hidden">{item.badge.label}</span>
                        </span>
                      ) : null}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {props.flash ? (
            <div class={`flash flash-${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
              {props.flash.text}
            </div>
          ) : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{area === 'public' ? t('layout.footerPublic') : t('layout.footerStaff')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function LanguageSwitcher(props: {
  t: Translator;
  area: 'public' | 'staff';
  alternates?: Partial<Record<Locale, string>> | undefined;
  csrf?: string | undefined;
  back?: string | undefined;
}) {
  const { t } = props;
  if (props.area === 'staff' && props.csrf) {
    return (
      <form method="post" action="/staff/account/locale" class="language-switcher inline-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.back ? <input type="hidden" name="back" value={props.back} /> : null}
        <label for="lang-select" class="visually-hidden">
          {t('layout.language')}
        </label>
        <select id="lang-select" name="locale">
          {LOCALES.map((l) => (
            <option value={l} selected={l === t.locale} lang={l}>
              {languageOwnName(l)}
            </option>
          ))}
        </select>
        <button type="submit" class="button-small">
          {t('layout.changeLanguage')}
        </button>
      </form>
    );
  }
  // Ten languages do not fit on a phone's header: the current one is shown, the others open under it (a details
  // element, so the list opens without JavaScript). Each name is written in its own script and marked with its lang.
  return (
    <nav class="language-switcher" aria-label={t('layout.language')}>
      <details>
        <summary>
          <svg class="language-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="1.8" />
            <path d="M2.5 12h19M12 2.5c3 3 3 16 0 19M12 2.5c-3 3-3 16 0 19" fill="none" stroke="currentColor" stroke-width="1.8" />
          </svg>
          <span class="visually-hidden">{t('layout.language')}: </span>
          <span lang={t.locale}>{languageOwnName(t.locale)}</span>
        </summary>
        <ul>
          {LOCALES.map((l) => (
            <li>
              {l === t.locale ? (
                <span aria-current="true" lang={l} dir={direction(l)}>
                  {languageOwnName(l)}
                </span>
              ) : (
                <a href={props.alternates?.[l] ?? `?lang=${l}`} lang={l} hrefLang={l} dir={direction(l)}>
                  {languageOwnName(l)}
                </a>
              )}
            </li>
          ))}
        </ul>
      </details>
    </nav>
  );
}
