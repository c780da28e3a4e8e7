import { LOCALES } from '../platform/i18n/i18n.js';
import { publicPath } from './content.service.js';
import { plainText } from './markdown.js';

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped; the rest of the text is escaped.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly the control characters XML refuses
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

interface SitemapRow {
  itemId: string;
  key: string;
  kind: 'page' | 'news';
  archived_at: string | null;
  slug: string;
  locale: string;
  published_at: string | null;
}

/** sitemap.xml with every published translation and its language alternates (archived pages stay listed: they stay readable). */
export function sitemap(base: string, rows: SitemapRow[]): string {
  const byItem = new Map<string, SitemapRow[]>();
  for (const r of rows) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
  const urls: string[] = [];
  for (const group of byItem.values()) {
    for (const r of group) {
      const alternates = group
        .filter((g) => (LOCALES as readonly string[]).includes(g.locale))
        .map((g) => `    <xhtml:link rel="alternate" hreflang="${g.locale}" href="${escapeXml(base + publicPath(g, g.locale, g.slug))}"/>`);
      urls.push(
        [
          '  <url>',
          `    <loc>${escapeXml(base + publicPath(r, r.locale, r.slug))}</loc>`,
          r.published_at ? `    <lastmod>${r.published_at.slice(0, 10)}</lastmod>` : '',
          ...alternates,
          '  </url>',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

interface FeedRow {
  itemId: string;
  key: string;
  kind: 'page' | 'news';
  slug: string;
  published_title: string | null;
  published_summary: string | null;
  published_body: string | null;
  first_published_at: string | null;
  published_at: string | null;
}

/** An Atom 1.0 feed of news in one language; entries carry the summary as text, never HTML. */
export function atomFeed({ base, locale, title, rows }: { base: string; locale: string; title: string; rows: FeedRow[] }): string {
  const self = `${base}/${locale}/news/feed.xml`;
  const updated = rows.map((r) => r.published_at ?? '').sort().at(-1) || '1970-01-01T00:00:00.000Z';
  const entries = rows.map((r) => {
    const url = base + publicPath(r, locale, r.slug);
    const summary = r.published_summary || plainText(r.published_body ?? '').slice(0, 300);
    return [
      '  <entry>',
      `    <title>${escapeXml(r.published_title ?? '')}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <id>${escapeXml(`urn:uuid:${r.itemId}`)}</id>`,
      `    <published>${r.first_published_at ?? r.published_at}</published>`,
      `    <updated>${r.published_at}</updated>`,
      `    <summary type="text">${escapeXml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `  <title>${escapeXml(title)}</title>`,
    `  <id>${escapeXml(self)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/${locale}/news`)}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${escapeXml(title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
