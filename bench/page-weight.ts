/**
 * What each public page costs a phone on its first visit: the page compressed as the server sends it (brotli) plus
 * the stylesheet, the script and the icon it loads, headers included. `tsx bench/page-weight.ts` prints the table
 * of BENCHMARKS.md; test/platform/page-weight.test.ts holds every page to the 20 KB budget.
 */
import type { FastifyInstance } from 'fastify';
import { readSeedDocument, SEED_ITEMS } from '../src/content/content.seed.js';
import { publicPath } from '../src/content/content.service.js';
import { LOCALES, type Locale } from '../src/platform/i18n/i18n.js';

export const FIRST_LOAD_BUDGET = 20 * 1024;
const ASSETS = ['/assets/abri.css', '/assets/abri.js', '/assets/favicon.svg'];

export interface PageWeight {
  path: string;
  html: number;
  firstLoad: number;
  encoding: string | undefined;
}

function headerBytes(headers: Record<string, unknown>): number {
  return Object.entries(headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
}

async function fetchBytes(app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: string) {
  const r = await app.inject({
    method,
    url,
    payload,
    headers: { 'accept-encoding': 'br, gzip', ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
  });
  if (r.statusCode >= 500) throw new Error(`${url}: ${r.statusCode}`);
  return { bytes: r.rawPayload.length + headerBytes(r.headers), encoding: r.headers['content-encoding'] as string | undefined, status: r.statusCode };
}

/** The public pages of one language (GET unless a form is given), as a visitor reaches them. */
export function publicPages(locale: Locale): Array<{ path: string; post?: string }> {
  const pages: Array<{ path: string; post?: string }> = SEED_ITEMS.map((s) => ({ path: publicPath(s, locale, readSeedDocument(s.key, locale).slug) }));
  pages.push(
    { path: `/${locale}/news` },
    { path: `/${locale}/report` },
    { path: `/${locale}/report`, post: 'description=' },
    { path: `/${locale}/report/follow-up` },
    { path: `/${locale}/help` },
    { path: `/${locale}/help?country=TN` },
    { path: `/${locale}/stay-safe` },
    { path: `/${locale}/self-check` },
    { path: `/${locale}/self-check`, post: 'who=stranger&fee=yes&documents=unknown' },
  );
  return pages;
}

export async function measurePages(app: FastifyInstance, locales: readonly Locale[] = LOCALES): Promise<PageWeight[]> {
  let assets = 0;
  for (const a of ASSETS) assets += (await fetchBytes(app, 'GET', a)).bytes;
  const out: PageWeight[] = [];
  for (const locale of locales) {
    for (const page of publicPages(locale)) {
      const r = await fetchBytes(app, page.post ? 'POST' : 'GET', page.path, page.post);
      out.push({ path: page.post ? `${page.path} (POST)` : page.path, html: r.bytes, firstLoad: r.bytes + assets, encoding: r.encoding });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { createOffice, createTestEnv } = await import('../test/support/index.js');
  const env = await createTestEnv('sqlite');
  await createOffice(env.ctx, 'TN', 'TN');
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log('| page | page (KB, br) | first load with CSS, JS, icon (KB) | Abri budget | SecureDrop source page |');
  console.log('|---|---:|---:|---:|---:|');
  for (const w of await measurePages(env.app)) console.log(`| \`${w.path}\` | ${kb(w.html)} | ${kb(w.firstLoad)} | 50 | ≈ 80 |`);
  await env.close();
}
