import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { submitOk, validReport } from '../../test/support/reports.js';
import { createOffice, createTestEnv, createUser, sessionFor, type TestEnv, type TestUser } from '../../test/support/index.js';
import { launchBrowser, newContext, screenshotPath } from '../support.js';

/**
 * Issue 21 walked in the browser, in French and Arabic: a witness's report becomes a case with no consent and with
 * what the report knew; the history reads in words; the summary holds the plan and the referrals; the dashboards
 * fold their tables. Screenshots go to /tmp/abri-screenshots/case-story (ABRI_SCREENSHOTS to change).
 */
describe('one story from report to case, in French and Arabic', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let operator: TestUser;
  let supervisor: TestUser;
  let worker: TestUser;

  before(async () => {
    env = await createTestEnv('sqlite');
    const officeId = await createOffice(env.ctx, 'TN', 'TN');
    operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId, locale: 'fr' });
    supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId, locale: 'ar' });
    worker = await createUser(env.ctx, { roles: ['case_worker'], officeId, locale: 'fr' });
    await env.ctx.db.updateTable('users').set({ display_name: 'Leïla Ben Salah' }).where('id', '=', worker.id).execute();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = env.app.server.address();
    origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  const contextFor = async (user: TestUser) => newContext(browser, { origin, cookie: (await sessionFor(env.ctx, user.id)).cookie, javaScriptEnabled: false });

  it('opens the case from the report, then reads the case, its history, its summary and the dashboards', async () => {
    const report = await submitOk(env, validReport({ reporterRole: 'witness', shareAssistance: 'yes', sharePolice: 'yes', contactOk: 'yes' }));
    const op = await contextFor(operator);
    const page = await op.newPage();
    await page.goto(`${origin}/staff/reports/${report.id}`);
    await page.selectOption('#f-open-ownerId', { label: 'Leïla Ben Salah' });
    await page.screenshot({ path: screenshotPath('1-report-fr', 'case-story'), fullPage: true });
    await page.click('#open-case-form button[type=submit]');
    await page.screenshot({ path: screenshotPath('2-report-case-opened-fr', 'case-story'), fullPage: true });
    const caseLink = page.locator('a[href^="/staff/cases/"]').first();
    const href = (await caseLink.getAttribute('href')) as string;
    assert.match(href, /^\/staff\/cases\/[0-9a-f-]{36}$/);
    await op.close();

    const w = await contextFor(worker);
    const wp = await w.newPage();
    await wp.goto(`${origin}${href}`);
    assert.ok(await wp.isVisible('text=Servitude pour dettes'));
    await wp.screenshot({ path: screenshotPath('3-case-overview-fr', 'case-story'), fullPage: true });
    await wp.goto(`${origin}${href}/consent`);
    await wp.screenshot({ path: screenshotPath('4-case-consent-fr', 'case-story'), fullPage: true });
    await wp.goto(`${origin}${href}/history`);
    assert.ok(await wp.isVisible("text=A consulté l'historique"));
    await wp.screenshot({ path: screenshotPath('5-history-fr', 'case-story'), fullPage: true });
    await w.close();

    const s = await contextFor(supervisor);
    const sp = await s.newPage();
    await sp.goto(`${origin}${href}/screening`);
    await sp.screenshot({ path: screenshotPath('6-decision-ar', 'case-story'), fullPage: true });
    await sp.goto(`${origin}${href}/history`);
    await sp.screenshot({ path: screenshotPath('7-history-ar', 'case-story'), fullPage: true });
    await sp.goto(`${origin}${href}/export`);
    await sp.screenshot({ path: screenshotPath('8-summary-ar', 'case-story'), fullPage: true });
    await sp.goto(`${origin}/staff/dashboards`);
    await sp.screenshot({ path: screenshotPath('9-dashboards-ar', 'case-story'), fullPage: false });
    await s.close();
  });
});
