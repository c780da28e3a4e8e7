/**
 * The public site as visitors and editors use it, in the system Chromium against a real server on 127.0.0.1:
 * every seed page in four languages (axe-core, ≤ 50 KB, no other origin), the self-check with and without
 * JavaScript, the help directory, comments approved or held, and an editor publishing a translation and archiving.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { createTestEnv, createOffice, createUser, sessionFor, type Signed, type TestEnv } from '../../test/support/index.js';
import { readSeedDocument, SEED_ITEMS } from '../../src/content/content.seed.js';
import { publicPath } from '../../src/content/content.service.js';
import { createEntry } from '../../src/directory/directory.service.js';
import { direction, LOCALES } from '../../src/platform/i18n/i18n.js';
import { expectAccessible as checkAxe, firstLoad, launchBrowser, newContext as openContext, screenshotPath, submitAndWait } from '../support.js';

const BUDGET = 50 * 1024;

describe('public site in the browser (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let editor: Signed;
  const foreign: string[] = [];

  before(async () => {
    env = await createTestEnv('sqlite');
    const office = await createOffice(env.ctx);
    editor = await sessionFor(env.ctx, (await createUser(env.ctx, { roles: ['editor'], officeId: office })).id);
    await createEntry(env.ctx, null, { country: 'TN', kind: 'hotline', name: 'Ligne Confiance', services: 'Free, confidential advice.', phone: '+216 80 100 200', hours: '24/7', languages: ['ar', 'fr'], active: '1' });
    await createEntry(env.ctx, null, { country: 'CI', kind: 'hotline', name: 'Allô Protection', services: 'Listening and referral.', phone: '+225 27 00 00 11 22', hours: '07:00–22:00', languages: ['fr'], active: '1' });
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  function newContext(opts: { javaScriptEnabled?: boolean; staff?: boolean } = {}): Promise<BrowserContext> {
    return openContext(browser, { origin, foreign, javaScriptEnabled: opts.javaScriptEnabled ?? true, viewport: { width: 420, height: 860 }, ...(opts.staff ? { cookie: editor.cookie } : {}) });
  }

  // One test per language, so that each has its own time budget on a busy machine.
  for (const locale of LOCALES) {
    it(`reads every seed page and every public page in ${locale}: accessible, ≤ 50 KB, no other origin, no cookie`, async () => {
      const paths: string[] = SEED_ITEMS.map((seed) => publicPath(seed, locale, readSeedDocument(seed.key, locale).slug));
      paths.push(`/${locale}/news`, `/${locale}/self-check`, `/${locale}/help`, `/${locale}/help?country=TN`);
      for (const path of paths) {
        // A fresh context each time: an empty cache, as on a first visit.
        const context = await newContext();
        const { page, bytes, status } = await firstLoad(context, origin + path);
        assert.equal(status, 200, path);
        assert.ok(bytes <= BUDGET, `${path}: ${bytes} bytes on first load`);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.equal(await page.getAttribute('html', 'dir'), direction(locale));
        assert.ok((await page.locator('#quick-exit').count()) === 1, `${path}: quick exit`);
        await checkAxe(page, path);
        assert.deepEqual(await context.cookies(), [], `${path}: no cookie`);
        if (path === '/en/' || path === '/ar/') await page.screenshot({ path: screenshotPath(`public-${locale}-home`), fullPage: true });
        await context.close();
      }
      // The same pages without JavaScript, as on a phone with script turned off.
      const noJs = await newContext({ javaScriptEnabled: false });
      const page = await noJs.newPage();
      for (const path of paths) {
        const res = await page.goto(origin + path);
        assert.equal(res?.status(), 200, `${path} without JavaScript`);
        assert.ok(String(await page.locator('h1').textContent()).trim().length > 0, path);
      }
      await noJs.close();
      assert.deepEqual(foreign, [], 'no request to another origin');
    });
  }

  for (const javaScriptEnabled of [true, false]) {
    it(`completes the job-offer self-check ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const context = await newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${origin}/fr/self-check`);
      await page.check('input[name="who"][value="socialMedia"]');
      await page.check('input[name="fee"][value="yes"]');
      await page.check('input[name="documents"][value="yes"]');
      await page.check('input[name="contract"][value="no"]');
      await submitAndWait(page, 'form#self-check button[type="submit"]');
      await page.waitForSelector('.result-high');
      const text = String(await page.locator('main').textContent());
      assert.match(text, /Risque élevé/);
      assert.match(text, /Quelqu'un veut vos papiers/);
      assert.match(text, /4 signes d'alerte trouvés/);
      assert.equal(await page.locator('a[href="/fr/help"]').count() > 0, true);
      if (javaScriptEnabled) await checkAxe(page, 'self-check result');
      await page.screenshot({ path: screenshotPath(`public-selfcheck-result-${javaScriptEnabled ? 'js' : 'nojs'}`), fullPage: true });
      // Nothing answered: a clear message, in French.
      await page.goto(`${origin}/fr/self-check`);
      await submitAndWait(page, 'form#self-check button[type="submit"]');
      assert.match(String(await page.locator('.error-summary').textContent()), /Répondez à au moins une question/);
      await context.close();
    });
  }

  it('finds a hotline by country, with a phone link', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/en/`);
    await submitAndWait(page, 'nav a[href="/en/help"]');
    await page.selectOption('select[name="country"]', 'TN');
    await submitAndWait(page, 'form#country-filter button[type="submit"]');
    assert.match(page.url(), /country=TN/);
    const text = String(await page.locator('main').textContent());
    assert.match(text, /Ligne Confiance/);
    assert.doesNotMatch(text, /Allô Protection/);
    assert.equal(await page.getAttribute('a.tel', 'href'), 'tel:+21680100200');
    await context.close();
  });

  it('posts a comment that a moderator approves, and one with a phone number that is held', async () => {
    const article = '/en/news/before-you-accept-a-job-abroad';
    const visitor = await newContext({ javaScriptEnabled: false });
    const page = await visitor.newPage();
    await page.goto(origin + article);
    await page.fill('#f-name', 'Samira');
    await page.fill('#f-email', 'samira@example.org');
    await page.fill('#f-comment', 'Clear advice <script>window.pwned = 1</script> thank you.');
    await submitAndWait(page, 'form#comment-form button[type="submit"]');
    assert.match(new URL(page.url()).pathname, /comment-sent$/);
    assert.match(String(await page.locator('h1').textContent()), /Thank you/);
    await page.goto(origin + article);
    await page.fill('#f-name', 'Worried neighbour');
    await page.fill('#f-email', 'n@example.org');
    await page.fill('#f-comment', 'The girl next door never goes out, call me on 06 12 34 56 78');
    await submitAndWait(page, 'form#comment-form button[type="submit"]');
    assert.match(new URL(page.url()).pathname, /comment-held$/);
    assert.match(String(await page.locator('main').textContent()), /will not be published/);
    assert.equal(await page.locator('main a[href="/en/report"]').count() > 0, true);
    await checkAxe(await (async () => {
      const js = await newContext();
      const p = await js.newPage();
      await p.goto(page.url());
      return p;
    })(), 'comment held');

    const staff = await newContext({ staff: true });
    const mod = await staff.newPage();
    await mod.goto(`${origin}/staff/comments`);
    const held = mod.locator('.moderation-held');
    assert.equal(await held.count(), 1);
    assert.match(String(await held.textContent()), /a phone number/);
    assert.equal(await held.locator('button', { hasText: 'Approve' }).count(), 0, 'a held comment cannot be approved');
    await mod.screenshot({ path: screenshotPath('staff-comments-queue'), fullPage: true });
    const pending = mod.locator('.moderation-item:not(.moderation-held)');
    await Promise.all([mod.waitForNavigation({ waitUntil: 'load' }), pending.locator('button', { hasText: 'Approve' }).click()]);
    assert.match(String(await mod.locator('.flash').textContent()), /published/);

    const js = await newContext();
    const reader = await js.newPage();
    await reader.goto(origin + article);
    const comments = String(await reader.locator('#comments').textContent());
    assert.match(comments, /Samira/);
    assert.match(comments, /<script>window.pwned = 1<\/script>/, 'shown as text');
    assert.equal(await reader.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined, 'script in a comment never runs');
    assert.doesNotMatch(comments, /06 12 34 56 78/);
    await checkAxe(reader, 'article with comments');
    await reader.screenshot({ path: screenshotPath('public-article-comments-en'), fullPage: true });
    for (const c of [visitor, staff, js]) await c.close();
  });

  it('lets an editor publish a translation and archive a page, and the banner shows in the visitor language', async () => {
    const staff = await newContext({ staff: true });
    const page = await staff.newPage();
    await page.goto(`${origin}/staff/content/new`);
    await page.check('input[name="kind"][value="page"]');
    await page.fill('#f-key', 'old-advice');
    await page.selectOption('#f-sourceLocale', 'en');
    await submitAndWait(page, 'button:has-text("Create")');
    await page.fill('#f-title', 'Old advice');
    await page.fill('#f-slug', 'old-advice');
    await page.fill('#f-summary', 'Advice from last year.');
    await page.fill('#f-body', 'Keep **your passport** with you.');
    await submitAndWait(page, 'button[value="publish"]');
    assert.match(String(await page.locator('.flash').textContent()), /Published/);
    const itemUrl = page.url();
    await submitAndWait(page, 'a[href$="/fr"]');
    await page.fill('#f-title', 'Anciens conseils');
    await page.fill('#f-slug', 'anciens-conseils');
    await page.fill('#f-summary', "Conseils de l'an dernier.");
    await page.fill('#f-body', 'Gardez **votre passeport** sur vous.');
    // The visitor below reads the page only once it is published.
    await submitAndWait(page, 'button[value="publish"]');
    assert.match(String(await page.locator('.flash').textContent()), /Published/);

    const visitor = await newContext({ javaScriptEnabled: false });
    const v = await visitor.newPage();
    const res = await v.goto(`${origin}/fr/anciens-conseils`);
    assert.equal(res?.status(), 200);
    assert.match(String(await v.locator('main').textContent()), /Gardez votre passeport sur vous/);

    await page.goto(itemUrl);
    await page.selectOption('#f-successorId', { label: 'How traffickers recruit, and the warning signs' });
    await submitAndWait(page, 'form#archive-form button[type="submit"]');
    assert.match(String(await page.locator('.flash-success').textContent()), /archived/);

    await v.goto(`${origin}/fr/anciens-conseils`);
    const banner = v.locator('.archive-banner');
    assert.match(String(await banner.textContent()), /Cette page est archivée/);
    await Promise.all([v.waitForNavigation({ waitUntil: 'load' }), banner.locator('a').click()]);
    assert.equal(new URL(v.url()).pathname, '/fr/recrutement-et-signes-d-alerte');
    const js = await newContext();
    const a = await js.newPage();
    await a.goto(`${origin}/ar/`);
    await a.goto(`${origin}/fr/anciens-conseils`);
    await checkAxe(a, 'archived page');
    await a.screenshot({ path: screenshotPath('public-archived-fr'), fullPage: true });
    for (const c of [staff, visitor, js]) await c.close();
  });

  it('leaves at once with Escape, replacing the history entry, when JavaScript runs', async () => {
    const context = await newContext();
    const page = await context.newPage();
    // The neutral site is answered here, so the test makes no real request to it.
    await page.route('https://www.wikipedia.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Wikipedia</title>' }));
    await page.goto(`${origin}/en/`);
    await page.goto(`${origin}/en/what-is-trafficking`);
    await page.keyboard.press('Escape');
    await page.waitForURL('https://www.wikipedia.org/**');
    await page.goBack();
    assert.equal(new URL(page.url()).pathname, '/en/', 'the page that was open is gone from the history');
    await context.close();
    foreign.length = 0;
  });
});
