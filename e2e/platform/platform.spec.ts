/**
 * The platform as a person uses it, in the system Chromium against a real server on 127.0.0.1:
 * first-run setup, TOTP enrolment, an administrator creating an office and a case worker who then signs in,
 * Arabic right to left, the public home without JavaScript, axe-core on every page, no request to another origin.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueLink } from '../../src/platform/auth/auth.service.js';
import { createTestEnv, type TestEnv } from '../../test/support/index.js';
import { launchBrowser, newContext as openContext } from '../support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SHOTS = process.env.ABRI_SCREENSHOTS ?? '/tmp/abri-screenshots';
const PASSWORD = 'a long and memorable passphrase';

/** A TOTP code for a step not used yet (the server refuses a replayed step, and accepts one step of drift). */
function freshCode(secret: string, used: Set<number>): string {
  const now = Math.floor(Date.now() / 1000);
  for (const offset of [0, 30]) {
    const step = Math.floor((now + offset) / 30);
    if (used.has(step) || [...used].some((u) => u > step)) continue;
    used.add(step);
    return generateSync({ secret, epoch: now + offset });
  }
  throw new Error('no fresh TOTP step available');
}

describe('platform in the browser (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  const foreign: string[] = [];
  const visited = new Set<string>();
  const adminSteps = new Set<number>();
  let adminSecret = '';

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await createTestEnv('sqlite');
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  async function newContext(opts: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<BrowserContext> {
    return openContext(browser, { origin, javaScriptEnabled: opts.javaScriptEnabled ?? true, locale: opts.locale ?? 'en-GB', foreign });
  }

  /** Runs axe-core on the page; every page visited must have no violation. */
  async function checkPage(page: Page, label: string, shot?: string): Promise<void> {
    visited.add(new URL(page.url()).pathname);
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
    if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  }

  it('shows the public home without JavaScript, in the visitor’s language, with the quick exit', async () => {
    const context = await newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    const res = await page.goto(`${origin}/`);
    assert.equal(res?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/fr/');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.ok((await page.locator('h1').textContent())?.length);
    const exit = page.locator('#quick-exit');
    assert.match(String(await exit.getAttribute('href')), /^https:\/\//);
    // The language switcher opens without JavaScript (a details element) and works as plain links.
    await page.click('.language-switcher summary');
    await page.click('a[hreflang="ar"]');
    assert.equal(new URL(page.url()).pathname, '/ar/');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.screenshot({ path: join(SHOTS, 'public-home-ar-nojs.png'), fullPage: true });
    await context.close();
    // axe needs script: the same pages checked in a context with JavaScript.
    const withJs = await newContext();
    const p2 = await withJs.newPage();
    for (const locale of ['en', 'fr', 'es', 'ar']) {
      await p2.goto(`${origin}/${locale}/`);
      await checkPage(p2, `public home ${locale}`, `public-home-${locale}`);
    }
    await withJs.close();
  });

  it('creates the first administrator from the printed one-time link, with a second factor', async () => {
    const link = await issueLink(env.ctx, { purpose: 'setup', userId: null, createdBy: null });
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${origin}${new URL(link).pathname}`);
    await checkPage(page, 'setup', 'setup-en');
    // A mistake first: the form comes back with an error summary, and the values typed are kept.
    await page.fill('input[name="displayName"]', 'Salma Admin');
    await page.fill('input[name="email"]', 'salma@example.org');
    await page.fill('input[name="password"]', PASSWORD);
    await page.fill('input[name="confirm"]', 'something else entirely');
    await page.click('main button[type="submit"]');
    assert.ok(await page.locator('.error-summary').isVisible());
    assert.equal(await page.inputValue('input[name="email"]'), 'salma@example.org');
    await checkPage(page, 'setup with errors', 'setup-errors-en');
    await page.fill('input[name="password"]', PASSWORD);
    await page.fill('input[name="confirm"]', PASSWORD);
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff/second-factor/enrol');
    await checkPage(page, 'enrolment', 'enrol-en');
    adminSecret = (await page.locator('code.secret').textContent())?.replace(/\s+/g, '') ?? '';
    assert.match(adminSecret, /^[A-Z2-7]{16,}$/);
    await page.fill('input[name="code"]', freshCode(adminSecret, adminSteps));
    await page.click('main button[type="submit"]');
    assert.equal(await page.locator('.recovery-codes li').count(), 10);
    await checkPage(page, 'recovery codes', 'recovery-en');
    await page.click('a.button[href="/staff"]');
    assert.equal(new URL(page.url()).pathname, '/staff');
    await checkPage(page, 'staff home', 'staff-home-en');
    // The link worked once.
    await page.goto(`${origin}${new URL(link).pathname}`);
    assert.match(String(await page.locator('h1').textContent()), /.+/);
    assert.equal((await page.request.get(`${origin}${new URL(link).pathname}`)).status(), 410);
    await context.close();
  });

  it('signs the administrator in with password and TOTP, who creates an office and a case worker', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/staff`);
    assert.equal(new URL(page.url()).pathname, '/staff/sign-in');
    await checkPage(page, 'sign-in', 'sign-in-en');
    await page.fill('input[name="email"]', 'salma@example.org');
    await page.fill('input[name="password"]', 'not the password at all');
    await page.click('main button[type="submit"]');
    assert.ok(await page.locator('.flash-error').isVisible());
    await page.fill('input[name="email"]', 'salma@example.org');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff/sign-in/second-factor');
    await checkPage(page, 'second factor', 'second-factor-en');
    await page.fill('input[name="code"]', freshCode(adminSecret, adminSteps));
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff');

    await page.click('nav a[href="/staff/admin"]');
    await checkPage(page, 'administration', 'admin-en');
    await page.click('a[href="/staff/admin/offices"]');
    await page.click('a[href="/staff/admin/offices/new"]');
    await checkPage(page, 'new office', 'office-new-en');
    await page.click('main button[type="submit"]');
    assert.ok(await page.locator('.error-summary').isVisible());
    await checkPage(page, 'new office with errors', 'office-errors-en');
    await page.fill('input[name="code"]', 'SFX');
    await page.fill('input[name="name"]', 'Sfax');
    await page.selectOption('select[name="country"]', 'TN');
    await page.check('input[name="languages"][value="fr"]');
    await page.check('input[name="languages"][value="ar"]');
    await page.selectOption('select[name="timeZone"]', 'Africa/Tunis');
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff/admin/offices');
    assert.ok(await page.locator('.flash-success').isVisible());
    await checkPage(page, 'offices', 'offices-en');

    await page.goto(`${origin}/staff/admin/organisations/new`);
    await checkPage(page, 'new organisation', 'organisation-new-en');
    await page.fill('input[name="name"]', 'Maison Nour');
    await page.selectOption('select[name="type"]', 'NGO');
    await page.selectOption('select[name="country"]', 'TN');
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff/admin/organisations');
    await checkPage(page, 'organisations', 'organisations-en');

    await page.goto(`${origin}/staff/admin/users/new`);
    await checkPage(page, 'new user', 'user-new-en');
    await page.fill('input[name="displayName"]', 'Karim Case');
    await page.fill('input[name="email"]', 'karim@example.org');
    await page.selectOption('select[name="locale"]', 'en');
    await page.check('input[name="roles"][value="case_worker"]');
    await page.selectOption('select[name="officeId"]', { label: 'SFX · Sfax' });
    await page.click('main button[type="submit"]');
    const link = (await page.locator('code.one-time-link').textContent()) ?? '';
    assert.match(link, /\/staff\/set-password\/[A-Za-z0-9_-]{40,}$/);
    await checkPage(page, 'user created', 'user-link-en');
    await page.goto(`${origin}/staff/admin/users`);
    await checkPage(page, 'users', 'users-en');
    const userHref = await page.locator('a', { hasText: 'Karim Case' }).getAttribute('href');
    await page.goto(`${origin}${userHref}`);
    await checkPage(page, 'edit user', 'user-edit-en');
    await page.goto(`${origin}/staff/account`);
    await checkPage(page, 'account', 'account-en');

    // Switch to Arabic: the staff pages read right to left.
    await page.selectOption('#lang-select', 'ar');
    await page.click('.language-switcher button[type="submit"]');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    await checkPage(page, 'account (ar)', 'account-ar');
    for (const [path, shot] of [
      ['/staff', 'staff-home-ar'],
      ['/staff/admin/offices', 'offices-ar'],
      ['/staff/admin/offices/new', 'office-new-ar'],
      ['/staff/admin/users', 'users-ar'],
      ['/staff/admin/users/new', 'user-new-ar'],
      ['/staff/admin/organisations/new', 'organisation-new-ar'],
    ] as const) {
      await page.goto(`${origin}${path}`);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      await checkPage(page, `${path} (ar)`, shot);
    }
    await page.goto(`${origin}/staff/admin/offices/new`);
    await page.click('main button[type="submit"]');
    await checkPage(page, 'office errors (ar)', 'office-errors-ar');
    await page.goto(`${origin}/staff/nothing-here`);
    await checkPage(page, '404 (ar)', 'not-found-ar');
    await page.goto(`${origin}/staff`);
    await page.click('form[action="/staff/sign-out"] button');
    assert.equal(new URL(page.url()).pathname, '/staff/sign-in');
    await context.close();

    // The case worker sets a password with the link, enrols a second factor and signs in.
    const worker = await newContext();
    const wp = await worker.newPage();
    await wp.goto(`${origin}${new URL(link).pathname}`);
    await checkPage(wp, 'set password', 'set-password-en');
    await wp.fill('input[name="password"]', PASSWORD);
    await wp.fill('input[name="confirm"]', PASSWORD);
    await wp.click('main button[type="submit"]');
    assert.equal(new URL(wp.url()).pathname, '/staff/sign-in');
    await wp.fill('input[name="email"]', 'karim@example.org');
    await wp.fill('input[name="password"]', PASSWORD);
    await wp.click('main button[type="submit"]');
    assert.equal(new URL(wp.url()).pathname, '/staff/second-factor/enrol');
    const secret = (await wp.locator('code.secret').textContent())?.replace(/\s+/g, '') ?? '';
    const steps = new Set<number>();
    await wp.fill('input[name="code"]', freshCode(secret, steps));
    await wp.click('main button[type="submit"]');
    await wp.click('a.button[href="/staff"]');
    assert.equal(new URL(wp.url()).pathname, '/staff');
    assert.match(String(await wp.locator('h1').textContent()), /Karim Case/);
    assert.equal(await wp.locator('nav a[href="/staff/admin"]').count(), 0, 'no administration link for a case worker');
    const forbidden = await wp.goto(`${origin}/staff/admin`);
    assert.equal(forbidden?.status(), 403);
    await checkPage(wp, 'forbidden', 'forbidden-en');
    await worker.close();
  });

  it('made no request to any origin but the test server', () => {
    assert.deepEqual(foreign, []);
    assert.ok(visited.size >= 15, `only ${visited.size} pages checked`);
  });
});
