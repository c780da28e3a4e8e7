import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { submitOk, validReport } from '../../test/support/reports.js';
import { createOffice, createTestEnv, createUser, sessionFor, type TestEnv, type TestUser } from '../../test/support/index.js';
import { launchBrowser, newContext, screenshotPath } from '../support.js';

/**
 * Issue 21 (points 1 and 4) walked in the browser, in French and Arabic: the office's rule for who takes a case
 * opened from triage, the triage operator's "my work", the supervisor told of the new case, and the screening
 * prefilled from the case's context. Screenshots go to /tmp/abri-screenshots/caseday (ABRI_SCREENSHOTS to change).
 */
describe('a case opened from triage, in French and Arabic', () => {
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

  it('the rule assigns the case, the supervisor is told, the screening starts from the report', async () => {
    // The supervisor (Arabic) sets the office's rule beside its time limits.
    const s = await contextFor(supervisor);
    const sp = await s.newPage();
    await sp.goto(`${origin}/staff/clocks`);
    await sp.selectOption('select[name=caseAssignment]', 'fewest_open');
    await sp.screenshot({ path: screenshotPath('1-office-rule-ar', 'caseday'), fullPage: true });
    await sp.click('form[action^="/staff/clocks/"] button[type=submit]');
    assert.equal(await sp.inputValue('select[name=caseAssignment]'), 'fewest_open');

    // The triage operator (French): "my work", then the report, opened with nobody chosen.
    const report = await submitOk(env, validReport({ reporterRole: 'witness' }));
    const op = await contextFor(operator);
    const page = await op.newPage();
    await page.goto(`${origin}/staff`);
    assert.ok(await page.isVisible('text=Signalements à trier'));
    await page.screenshot({ path: screenshotPath('2-my-work-triage-fr', 'caseday'), fullPage: true });
    await page.click('#triage-new a');
    assert.match(page.url(), /wait=new/);
    await page.screenshot({ path: screenshotPath('3-queue-new-fr', 'caseday'), fullPage: true });
    await page.goto(`${origin}/staff/reports/${report.id}`);
    assert.match((await page.locator('#f-open-ownerId option[value=""]').textContent()) ?? '', /le moins de dossiers ouverts/);
    await page.screenshot({ path: screenshotPath('4-open-case-fr', 'caseday'), fullPage: true });
    await page.click('#open-case-form button[type=submit]');
    const href = (await page.locator('a[href^="/staff/cases/"]').first().getAttribute('href')) as string;
    assert.match(href, /^\/staff\/cases\/[0-9a-f-]{36}$/);
    await op.close();

    // The supervisor is told, in Arabic, with a link to the case.
    await sp.goto(`${origin}/staff/notifications`);
    assert.ok(await sp.isVisible('text=فُتحت حالة جديدة في مكتبك'));
    await sp.screenshot({ path: screenshotPath('5-notifications-ar', 'caseday'), fullPage: true });
    await sp.goto(`${origin}/staff`);
    await sp.screenshot({ path: screenshotPath('6-my-work-supervisor-ar', 'caseday'), fullPage: true });
    // The screening starts from what the report said (passports taken, debt, forced labour).
    await sp.goto(`${origin}${href}/screening`);
    // One indicator is ticked once, in its later section (at destination), where several sections list it.
    assert.ok(await sp.isChecked('input[name=indicators][value="coercion-at-destination:document-confiscation"]'));
    await sp.screenshot({ path: screenshotPath('7-screening-prefilled-ar', 'caseday'), fullPage: true });
    await s.close();

    // The case worker the rule chose finds the case in French.
    const w = await contextFor(worker);
    const wp = await w.newPage();
    await wp.goto(`${origin}/staff/notifications`);
    assert.ok(await wp.isVisible('text=Un dossier vous a été attribué'));
    await wp.goto(`${origin}${href}`);
    await wp.screenshot({ path: screenshotPath('8-case-fr', 'caseday'), fullPage: true });
    await w.close();
  });
});
