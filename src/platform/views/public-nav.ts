import type { Locale, Translator } from '../i18n/i18n.js';
import type { NavItem } from './layout.js';

/** The public site's few destinations, the same on every public page. */
export function publicNav(t: Translator, currentPath: string): NavItem[] {
  const l: Locale = t.locale;
  const items: Array<[string, string]> = [
    [`/${l}/`, 'content.nav.home'],
    [`/${l}/self-check`, 'content.nav.selfCheck'],
    [`/${l}/help`, 'content.nav.help'],
    [`/${l}/news`, 'content.nav.news'],
    [`/${l}/report`, 'content.nav.report'],
  ];
  return items.map(([href, key]) => ({
    href,
    label: t(key),
    current: href === `/${l}/` ? currentPath === href : currentPath === href || currentPath.startsWith(`${href}/`),
  }));
}
