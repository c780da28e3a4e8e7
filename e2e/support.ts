/**
 * What every browser spec shares: the system Chromium's launch options, contexts with or without JavaScript that
 * record requests to other origins, axe-core, screenshots, a first load that counts bytes, and a form submit that
 * waits for the next page.
 *
 * Specs wait on conditions (an element, a URL, the next page's load), never on time: a machine busy with other
 * work makes each step slower, not wrong. ACTION_TIMEOUT is only the cap after which a step that will never
 * happen is reported; it is generous so that a loaded machine does not turn a slow step into a failure.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The cap on one browser action or wait (see above): a bound for a hang, not a pace. */
export const ACTION_TIMEOUT = 60_000;

/**
 * The languages the long flows (report, follow-up, quick exit, comments) are walked in: two left-to-right, one with
 * accents, one right to left. Every configured language's pages are read and checked in e2e/public/languages.spec.ts
 * and e2e/public/public-site.spec.ts, so the flows need not be walked ten times.
 */
export const FLOW_LOCALES = ['fr', 'en', 'es', 'ar'] as const;

/** Where screenshots go (ABRI_SCREENSHOTS, else /tmp/abri-screenshots), created on first use. */
export function screenshotPath(name: string, folder = ''): string {
  const dir = join(process.env.ABRI_SCREENSHOTS ?? '/tmp/abri-screenshots', folder);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** The system Chromium, headless, with nothing that calls home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface ContextOptions {
  /** The server under test; any request elsewhere is pushed to `foreign`. */
  origin: string;
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  locale?: string;
  /** A session cookie (`name=value`) to start signed in. */
  cookie?: string;
  acceptDownloads?: boolean;
  foreign?: string[];
}

/** A fresh browser context (empty cache, no cookie unless given), with the spec-wide action cap. */
export async function newContext(browser: Browser, opts: ContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: opts.viewport ?? { width: 1100, height: 900 },
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  const foreign = opts.foreign;
  if (foreign) {
    context.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:')) return;
      if (new URL(url).origin !== opts.origin) foreign.push(url);
    });
  }
  if (opts.cookie) {
    const [name, value] = opts.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: opts.origin }]);
  }
  return context;
}

/**
 * Opens a page and counts every byte it transfers: it waits for the load event, then until every request the page
 * started has finished (a condition, where `networkidle` waits for a quiet half-second that a busy machine may not
 * give).
 */
export async function firstLoad(context: BrowserContext, url: string): Promise<{ page: Page; bytes: number; status: number }> {
  const page = await context.newPage();
  let started = 0;
  const sizes: Array<Promise<number>> = [];
  let settle: () => void = () => undefined;
  const check = () => {
    if (sizes.length >= started) settle();
  };
  page.on('request', () => {
    started++;
  });
  const done = (request: import('playwright-core').Request, size: Promise<number>) => {
    sizes.push(size);
    check();
    return request;
  };
  page.on('requestfinished', (request) => done(request, request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
  page.on('requestfailed', (request) => done(request, Promise.resolve(0)));
  const res = await page.goto(url, { waitUntil: 'load' });
  await new Promise<void>((resolve) => {
    settle = resolve;
    check();
  });
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  return { page, bytes, status: res?.status() ?? 0 };
}

/**
 * Clicks a form's submit button (or any control that navigates) and waits until the next page has loaded,
 * through any redirect: after it, `page.url()` and locators read the new page, never the old one.
 */
export async function submitAndWait(page: Page, selector: string): Promise<Response | null> {
  // waitForNavigation follows the POST's 303 to the page it leads to; it is armed before the click.
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response;
}

/** axe-core finds no violation on the page, and no message key was left untranslated. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const html = await page.content();
  assert.doesNotMatch(html, /⟦[a-zA-Z]+\.[\w.]+⟧/, `${label}: untranslated key`);
  // Evaluated through the DevTools protocol: the page's strict CSP (rightly) refuses an injected inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> };
  const violations = result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, [], `${label} (${page.url()})`);
}
