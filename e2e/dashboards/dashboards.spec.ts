/**
 * The dashboards as an analyst uses them, in the system Chromium against a real server on 127.0.0.1, on the demo
 * data: charts with their tables in four languages (Arabic right to left), a CSV download, a CTDC export that is
 * k-anonymous, and imported CTDC figures beside the office's own. axe-core on every page; screenshots in en and ar.
 */
import { direction } from '../../src/platform/i18n/i18n.js';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestEnv, sessionFor, type TestEnv } from '../../test/support/index.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { ctdcQuasiIdentifiers } from '../../src/stats/ctdc/export.js';
import { ctdcFile } from '../../src/stats/ctdc/fixtures.js';
import { importCtdcFile } from '../../src/stats/ctdc/import.js';
import { launchBrowser, newContext } from '../support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.ABRI_SCREENSHOTS ?? '/tmp/abri-screenshots';

describe('dashboards in the browser (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let analystId: string;
  let officeCode: string;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await createTestEnv('sqlite', { demo: true });
    await seedDemo(env.ctx);
    const analyst = await env.ctx.db.selectFrom('users').select('id').where('email', '=', 'analyst@demo.abri').executeTakeFirstOrThrow();
    analystId = analyst.id;
    const m = await env.ctx.db
      .selectFrom('memberships')
      .innerJoin('offices', 'offices.id', 'memberships.office_id')
      .select('offices.code')
      .where('memberships.user_id', '=', analystId)
      .executeTakeFirstOrThrow();
    officeCode = m.code;
    const imported = await importCtdcFile({ db: env.ctx.db, sqlite: env.ctx.database.sqlite }, ctdcFile('ctdc-vp-synthetic-2022.csv'), {
      name: 'CTDC VP 2022',
    });
    assert.ok(imported.ok);
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  async function signedIn(locale: string, javaScriptEnabled = true): Promise<BrowserContext> {
    await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', analystId).execute();
    const s = await sessionFor(env.ctx, analystId);
    return newContext(browser, { origin, javaScriptEnabled, acceptDownloads: true, viewport: { width: 1200, height: 900 }, cookie: s.cookie });
  }

  async function checkPage(page: Page, label: string, shot?: string): Promise<void> {
    const html = await page.content();
    assert.doesNotMatch(html, /⟦[^⟧]+⟧/, `${label}: untranslated key`);
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const result = (await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> };
        }
      ).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    })) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> };
    const violations = result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(violations, [], `${label} (${page.url()})`);
    if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: false });
  }

  it('shows charts with their tables in four languages, Arabic right to left', async () => {
    for (const locale of ['en', 'fr', 'es', 'ar']) {
      const context = await signedIn(locale);
      const page = await context.newPage();
      await page.goto(`${origin}/staff`);
      await page.locator(`nav a[href="/staff/dashboards"]`).first().click();
      await page.waitForURL(/\/staff\/dashboards/);
      assert.equal(await page.locator('html').getAttribute('dir'), direction(locale));
      assert.ok((await page.locator('figure.chart svg').count()) >= 15, `${locale}: charts`);
      assert.ok((await page.locator('figure.chart table.figures').count()) >= 15, `${locale}: a table under each chart`);
      await checkPage(page, `dashboard ${locale}`, locale === 'en' || locale === 'ar' ? `dashboards-${locale}` : undefined);
      if (locale === 'en' || locale === 'ar') {
        for (const f of ['gender', 'exploitation', 'caseToAssistance'])
          await page.locator(`#figure-${f}`).screenshot({ path: join(SHOTS, `dashboards-${f}-${locale}.png`) });
      }
      await context.close();
    }
  });

  it('takes a period as whole months, and says so clearly when the months are in the wrong order', async () => {
    const context = await signedIn('fr');
    const page = await context.newPage();
    await page.goto(`${origin}/staff/dashboards`);
    assert.equal(await page.locator('#f-from').getAttribute('type'), 'month');
    await page.fill('#f-from', '2025-03');
    await page.fill('#f-to', '2025-01');
    await Promise.all([page.waitForURL(/from=2025-03/), page.locator('#dashboard-filter button[type=submit]').click()]);
    assert.match((await page.locator('.field-has-error').first().textContent()) ?? '', /dernier mois de la période/);
    await page.fill('#f-to', '2025-12');
    await Promise.all([page.waitForURL(/to=2025-12/), page.locator('#dashboard-filter button[type=submit]').click()]);
    assert.match((await page.locator('main').textContent()) ?? '', /mars 2025 – décembre 2025/);
    assert.ok((await page.locator('figure.chart svg').count()) >= 15);
    await context.close();
  });

  it('downloads a CSV of the figures', async () => {
    const context = await signedIn('en');
    const page = await context.newPage();
    await page.goto(`${origin}/staff/dashboards`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#figure-gender a[download]').click()]);
    const text = readFileSync((await download.path()) as string, 'utf8');
    assert.match(text, /Cases opened by gender,Number/);
    assert.match(text, /Female,\d+/);
    assert.doesNotMatch(text, /DEMO-\d{4}/, 'no case number');
    await context.close();
  });

  it('exports the office to CTDC, k-anonymous, with the report of what was left out', async () => {
    const context = await signedIn('en', false);
    const page = await context.newPage();
    await page.goto(`${origin}/staff/dashboards/ctdc-export`);
    // Without JavaScript: a plain GET form; axe runs on the report page below, in a context with JavaScript.
    await page.selectOption('#f-office', officeCode);
    await page.selectOption('#f-format', 'global-kanon');
    await page.fill('#f-k', '11');
    await page.getByRole('button', { name: 'Prepare the export' }).click();
    await page.waitForSelector('#export-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the CTDC file (CSV)' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split(/\r?\n/);
    const header = (csv[0] as string).split(',');
    const qis = ctdcQuasiIdentifiers('global-kanon').map((q) => header.indexOf(q.column));
    assert.ok(qis.every((i) => i >= 0));
    const counts = new Map<string, number>();
    for (const line of csv.slice(1)) {
      const cells = line.split(',');
      const key = qis.map((i) => cells[i]).join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.ok(csv.length > 100, 'the demo office exports its cases');
    for (const [key, n] of counts) assert.ok(n >= 11, `${key}: ${n}`);
    await context.close();
    const js = await signedIn('en');
    const p2 = await js.newPage();
    await p2.goto(`${origin}/staff/dashboards/ctdc-export?office=${officeCode}&format=global-synthetic-2024&k=11`);
    await checkPage(p2, 'export report', 'ctdc-export-en');
    await js.close();
  });

  it('shows imported CTDC figures beside the office’s own', async () => {
    for (const locale of ['en', 'ar']) {
      const context = await signedIn(locale);
      const page = await context.newPage();
      await page.goto(`${origin}/staff/dashboards`);
      await page.selectOption('#f-ref', { index: 1 });
      await page.locator('#dashboard-filter button[type="submit"]').click();
      await page.waitForURL(/ref=/);
      const beside = await page.locator('.dashboard-pair .dashboard-reference table.figures').count();
      assert.ok(beside >= 2, `reference tables beside the figures: ${beside}`);
      await page.locator('#figure-gender').scrollIntoViewIfNeeded();
      await checkPage(page, `reference ${locale}`);
      await page.locator('#figure-gender').screenshot({ path: join(SHOTS, `dashboards-reference-${locale}.png`) });
      await context.close();
    }
  });
});
