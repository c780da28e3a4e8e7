/**
 * Every configured language on a cheap phone with JavaScript off (390 × 844): home, report form, receipt, follow-up
 * and self-check work and are in that language and its direction, with no untranslated key and nothing wider than the
 * screen; the receipt code reads left to right, whole, in right-to-left pages too; the language chooser opens without
 * script and names every language in its own script. axe-core on each page. One browser for the whole file;
 * screenshots of every language (ABRI_SCREENSHOTS).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readSeedDocument } from '../../src/content/content.seed.js';
import { direction, LANGUAGES, LOCALES } from '../../src/platform/i18n/i18n.js';
import { createOffice, createTestEnv, type TestEnv } from '../../test/support/index.js';
import { expectAccessible, launchBrowser, newContext, screenshotPath, submitAndWait } from '../support.js';

const PHONE = { width: 390, height: 844 };

/** The checks of this file for some of the languages (two spec files share them, so that each stays short). */
export function languagesOnAPhone(locales: readonly string[]): void {
  describe(`every language on a phone without JavaScript: ${locales.join(', ')} (sqlite)`, () => {
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
      checker = await (await newContext(browser, { origin, viewport: PHONE })).newPage();
    });
    after(async () => {
      await browser?.close();
      await env?.close();
      assert.deepEqual(foreign, [], 'no request to another origin');
    });

    /** axe needs script: what the page showed is replayed at its address in a page with JavaScript on. */
    async function axe(page: Page, label: string): Promise<void> {
      const html = await page.content();
      const url = page.url().split('#')[0] as string;
      await checker.unrouteAll();
      await checker.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await checker.goto(url);
      await expectAccessible(checker, label);
      await checker.unrouteAll();
    }

    async function expectPage(page: Page, locale: string, label: string): Promise<void> {
      assert.equal(await page.getAttribute('html', 'lang'), locale, label);
      assert.equal(await page.getAttribute('html', 'dir'), direction(locale), label);
      const text = String(await page.locator('body').textContent());
      assert.doesNotMatch(text, /⟦/, `${label}: untranslated ${/⟦[^⟧]*⟧/.exec(text)?.[0]}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${label} is ${width} px wide on a ${PHONE.width} px phone`);
    }

    for (const locale of locales) {
      it(`${locale}: home, report, receipt, follow-up and self-check work without JavaScript, in ${locale} and its direction`, async () => {
        const context = await newContext(browser, { origin, javaScriptEnabled: false, viewport: PHONE, foreign });
        const page = await context.newPage();
        const shot = (name: string) => page.screenshot({ path: screenshotPath(`${locale}-${name}`, 'languages') });
        // The awareness pages and the help page of every language are read, with axe, in public-site.spec.ts.
        await page.goto(`${origin}/${locale}/`);
        await expectPage(page, locale, `${locale} home`);
        assert.equal((await page.locator('h1').textContent())?.trim(), readSeedDocument('home', locale).title);
        await axe(page, `${locale} home`);
        await shot('home');

        // The chooser opens without script and lists every language by its own name, marked with its language.
        await page.click('.language-switcher summary');
        for (const l of LANGUAGES) {
          const entry = page.locator(`.language-switcher [lang="${l.code}"]`).last();
          assert.equal((await entry.textContent())?.trim(), l.name, `${locale}: ${l.code} in the chooser`);
        }
        await shot('chooser');

        // A report with only what happened gets its receipt code, shown left to right and whole on the screen.
        await page.goto(`${origin}/${locale}/report`);
        await expectPage(page, locale, `${locale} report`);
        await axe(page, `${locale} report`);
        await shot('report');
        await page.fill('#f-description', `${locale}: the employer keeps our passports and locks the door at night, 2026`);
        await submitAndWait(page, '#report-form button[type="submit"] >> nth=0');
        await expectPage(page, locale, `${locale} receipt`);
        const code = page.locator('[data-receipt-code]');
        assert.equal(await code.getAttribute('dir'), 'ltr');
        const shown = String(await code.textContent()).trim();
        assert.match(shown, /^\d{4} \d{4} \d{4} \d{4}$/);
        const box = await code.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${locale}: the receipt code fits the screen`);
        await axe(page, `${locale} receipt`);
        await shot('receipt');

        // The follow-up page takes the code back and shows the report's page.
        await page.goto(`${origin}/${locale}/report/follow-up`);
        await expectPage(page, locale, `${locale} follow-up`);
        await axe(page, `${locale} follow-up`);
        await page.fill('#f-code', shown);
        await submitAndWait(page, '#code-form button[type="submit"]');
        await expectPage(page, locale, `${locale} report status`);
        assert.equal(await page.locator('#reply-form').count(), 1, `${locale}: the reporter can add to the report`);
        await axe(page, `${locale} report status`);
        await shot('follow-up');

        // The self-check answers without script: every question answered with its first option.
        await page.goto(`${origin}/${locale}/self-check`);
        await expectPage(page, locale, `${locale} self-check`);
        for (const radio of await page.locator('#self-check input[type="radio"]').all()) {
          const name = await radio.getAttribute('name');
          if (name && (await page.locator(`#self-check input[name="${name}"]:checked`).count()) === 0) await radio.check();
        }
        await submitAndWait(page, '#self-check button[type="submit"] >> nth=0');
        await expectPage(page, locale, `${locale} self-check result`);
        assert.equal(await page.locator('.error-summary').count(), 0, `${locale}: the self-check took every answer`);
        await axe(page, `${locale} self-check result`);
        await shot('self-check');

        const other = LOCALES.find((l) => l !== locale) as string;
        await page.goto(`${origin}/${locale}/`);
        await page.click('.language-switcher summary');
        await submitAndWait(page, `.language-switcher a[hreflang="${other}"]`);
        assert.equal(new URL(page.url()).pathname, `/${other}/`);
        await context.close();
      });
    }
  });
}
