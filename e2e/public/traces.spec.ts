/**
 * The public side on a cheap phone with JavaScript off (390 × 844): Back after the quick exit and Back or Forward
 * around the receipt never show what was typed or the code; a report with only "what happened" gets a receipt; a
 * comment refused for an error lands at its error summary with its text kept; axe-core finds nothing, in the four
 * languages. One browser for the whole file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readSeedDocument, SEED_ITEMS } from '../../src/content/content.seed.js';
import { publicPath } from '../../src/content/content.service.js';
import { createOffice, createTestEnv, type TestEnv } from '../../test/support/index.js';
import { expectAccessible, FLOW_LOCALES, launchBrowser, newContext, screenshotPath, submitAndWait } from '../support.js';

const PHONE = { width: 390, height: 844 };
const SECRET = 'Le patron garde nos passeports, KX-4471';

describe('no trace on a phone without JavaScript (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let checker: Page;
  const foreign: string[] = [];

  before(async () => {
    env = await createTestEnv('sqlite');
    await createOffice(env.ctx, 'TN', 'TN');
    origin = await env.app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'server listening' });
    browser = await launchBrowser();
    // axe needs script: what a page showed is replayed at its address in a page with JavaScript on.
    checker = await (await newContext(browser, { origin, viewport: PHONE })).newPage();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
    // Only the quick exit leaves (answered locally above); nothing else goes to another origin.
    assert.deepEqual(
      foreign.filter((u) => !u.startsWith(env.config.quickExitUrl)),
      [],
      'no request to another origin',
    );
  });

  async function phone(): Promise<BrowserContext> {
    const context = await newContext(browser, { origin, javaScriptEnabled: false, viewport: PHONE, foreign });
    // The quick exit leaves for the configured neutral site; here it answers locally.
    await context.route(`${env.config.quickExitUrl}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Wikipedia</title><p>neutral</p>' }),
    );
    return context;
  }

  async function axe(page: Page, label: string): Promise<void> {
    const html = await page.content();
    const url = page.url().split('#')[0] as string;
    await checker.unrouteAll();
    await checker.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await checker.goto(url);
    await expectAccessible(checker, label);
    await checker.unrouteAll();
  }

  const bodyText = async (page: Page) => String(await page.locator('body').textContent());

  for (const locale of FLOW_LOCALES) {
    const shots = locale === 'fr' || locale === 'ar';
    it(`${locale}: Back after the quick exit shows an empty form; a report with only what happened gets a receipt shown once`, async () => {
      const context = await phone();
      const page = await context.newPage();
      await page.goto(`${origin}/${locale}/report`);
      assert.equal(await page.title(), env.ctx.i18n.message(locale, 'layout.neutralTitle'), 'a neutral title in the history');
      await axe(page, `${locale} report form`);
      if (shots) await page.screenshot({ path: screenshotPath(`traces-${locale}-report-form`) });
      await page.fill('#f-description', SECRET);
      await page.fill('#f-place', 'Sfax');
      // Quick exit, then Back: the form comes back from the server, empty (no-store, autocomplete off).
      await submitAndWait(page, '#quick-exit');
      assert.match(await page.title(), /Wikipedia/);
      await page.goBack({ waitUntil: 'load' });
      assert.match(new URL(page.url()).pathname, /\/report$/);
      assert.equal(await page.inputValue('#f-description'), '');
      assert.equal(await page.inputValue('#f-place'), '');
      assert.ok(!(await bodyText(page)).includes(SECRET));

      // Only "what happened": sent with the first button, right after the essentials.
      await page.fill('#f-description', SECRET);
      await submitAndWait(page, '#report-form button[type="submit"] >> nth=0');
      assert.match(new URL(page.url()).pathname, new RegExp(`^/${locale}/report/receipt/`));
      const code = String(await page.textContent('[data-receipt-code]')).trim();
      assert.match(code, /^\d{4} \d{4} \d{4} \d{4}$/);
      await axe(page, `${locale} receipt`);
      if (shots) await page.screenshot({ path: screenshotPath(`traces-${locale}-receipt`), fullPage: true });

      // Back: the form, empty. Forward and reload: "already received", never the code.
      await page.goBack({ waitUntil: 'load' });
      assert.equal(await page.inputValue('#f-description'), '');
      assert.ok(!(await bodyText(page)).includes(code));
      await page.goForward({ waitUntil: 'load' });
      assert.equal(await page.locator('[data-receipt-code]').count(), 0);
      assert.equal(await page.locator('[data-receipt-shown]').count(), 1);
      assert.ok(!(await bodyText(page)).includes(code));
      await page.reload({ waitUntil: 'load' });
      assert.ok(!(await bodyText(page)).includes(code) && !(await bodyText(page)).includes(code.replace(/ /g, '')));
      await axe(page, `${locale} receipt already shown`);
      if (shots) await page.screenshot({ path: screenshotPath(`traces-${locale}-receipt-shown`) });
      await context.close();
    });

    it(`${locale}: a comment with an error lands at its error summary and keeps its text`, async () => {
      const news = SEED_ITEMS.find((s) => publicPath(s, locale, readSeedDocument(s.key, locale).slug).includes('/news/'));
      assert.ok(news, 'a news article');
      const article = publicPath(news, locale, readSeedDocument(news.key, locale).slug);
      const context = await phone();
      const page = await context.newPage();
      await page.goto(origin + article);
      const text = `Merci pour ces conseils ${locale}`;
      await page.fill('#f-comment', text);
      await page.fill('#f-email', 'not an address');
      await submitAndWait(page, '#comment-form button[type="submit"]');
      assert.equal(new URL(page.url()).hash, '#comment-form-errors');
      const box = await page.locator('#comment-form-errors').boundingBox();
      assert.ok(box && box.y > -2 && box.y < PHONE.height, `the error summary is on screen (y = ${box?.y})`);
      assert.equal(await page.inputValue('#f-comment'), text);
      assert.equal(await page.inputValue('#f-email'), 'not an address');
      await axe(page, `${locale} comment error`);
      if (shots) await page.screenshot({ path: screenshotPath(`traces-${locale}-comment-error`) });
      if (shots) {
        await page.goto(`${origin}/${locale}/help`);
        await page.screenshot({ path: screenshotPath(`traces-${locale}-help`), fullPage: true });
        await page.goto(`${origin}/${locale}/stay-safe`);
        await axe(page, `${locale} stay safe`);
        await page.screenshot({ path: screenshotPath(`traces-${locale}-stay-safe`), fullPage: true });
      }
      await context.close();
    });
  }
});
