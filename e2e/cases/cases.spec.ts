import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { createOffice, createTestEnv, createUser, sessionFor, type TestEnv, type TestUser } from '../../test/support/index.js';
import { launchBrowser } from '../support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(process.cwd(), 'e2e/cases/screenshots');

async function axeClean(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
    const r = await (window as any).axe.run();
    return r.violations.map((v: { id: string; nodes: Array<{ target: string[] }> }) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe violations on ${label}`);
}

describe('case management in the browser', () => {
  let env: TestEnv;
  let browser: Browser;
  let base: string;
  let worker: TestUser;
  let supervisor: TestUser;
  let officeId: string;
  let adultUrl = '';

  before(async () => {
    env = await createTestEnv('sqlite');
    officeId = await createOffice(env.ctx, 'TN', 'TN');
    worker = await createUser(env.ctx, { roles: ['case_worker'], officeId, email: 'claire@example.org' });
    supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId, email: 'sami@example.org' });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = env.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  async function contextFor(userId: string, js: boolean): Promise<BrowserContext> {
    const s = await sessionFor(env.ctx, userId);
    const ctx = await browser.newContext({ javaScriptEnabled: js, baseURL: base, bypassCSP: js });
    await ctx.addCookies([{ name: 'abri_session', value: s.cookie.split('=')[1] ?? '', url: base }]);
    return ctx;
  }

  it('a case worker signs in, opens a case, records consent and screens the person (without JavaScript)', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL: base });
    const page = await ctx.newPage();
    await page.goto('/staff/sign-in');
    await page.fill('#f-email', worker.email);
    await page.fill('#f-password', worker.password);
    await page.click('button[type=submit]');
    await page.fill('#f-code', currentTotp(worker.totpSecret));
    await page.click('form:has(#f-code) button[type=submit]');
    await page.goto('/staff/cases');
    await page.click('a.button[href="/staff/cases/new"]');
    await page.selectOption('#f-source', 'referral');
    await page.check('#f-mayBeChild-1');
    await page.fill('#f-firstName', 'Mariam');
    await page.fill('#f-lastName', 'Traoré');
    await page.fill('#f-birthDate', '1996-04-12');
    await page.fill('#f-phone', '+216 20 000 101');
    await page.click('form[action="/staff/cases/new"] button[type=submit]');
    assert.ok(await page.isVisible('text=No existing case matches'));
    await page.click('form[action="/staff/cases/new"] button[type=submit]');
    assert.match(page.url(), /\/staff\/cases\/[0-9a-f-]{36}$/);
    adultUrl = new URL(page.url()).pathname;
    assert.ok(await page.isVisible('text=Mariam Traoré'));

    await page.click(`a[href="${adultUrl}/screening"]`);
    assert.ok(await page.isVisible('text=has not given consent to screening'));
    await page.click(`a[href="${adultUrl}/consent"] >> nth=-1`);
    await page.selectOption('#f-purpose', 'screening');
    await page.check('#f-given-0');
    await page.selectOption('#f-language', 'fr');
    await page.check('#f-interpreter-1');
    for (const i of [0, 1, 2, 5]) await page.check(`#f-explained-${i}`);
    await page.click('#consent-form button[type=submit]');
    assert.ok(await page.isVisible('text=The decision has been recorded.'));

    await page.goto(`${adultUrl}/screening`);
    await page.check('#f-acts-0');
    await page.check('#f-acts-1');
    await page.check('#f-means-4');
    await page.check('#f-purposes-1');
    for (const id of ['deceptive-recruitment-deceived-job-nature', 'deceptive-recruitment-deceived-wages', 'exploitative-conditions-excessive-hours', 'exploitative-conditions-low-or-no-pay', 'coercion-at-destination-document-confiscation', 'coercion-at-destination-debt-bondage']) {
      await page.check(`#f-ind-${id}`);
    }
    await page.click('#screening-form button[type=submit]');
    assert.ok(await page.isVisible('text=Indicative outcome: strong indication of trafficking'));
    assert.ok(await page.isVisible('text=Deceptive recruitment: positive (1 strong, 1 medium, 0 weak).'));
    assert.ok(await page.isVisible('text=ILO rule for adults met'));
    await page.screenshot({ path: join(SHOTS, 'screening-en.png'), fullPage: true });
    await ctx.close();
  });

  it('a supervisor decides the trafficking status; the case worker then closes the case with a reason', async () => {
    const sctx = await contextFor(supervisor.id, false);
    const page = await sctx.newPage();
    await page.goto(`${adultUrl}/screening`);
    await page.selectOption('#f-status', 'ActualVictimOfTrafficking');
    await page.selectOption('#f-decisionOrg', 'NGO');
    await page.fill('#f-reason', 'Interview and documents reviewed by the team');
    await page.click('#status-form button[type=submit]');
    assert.ok(await page.isVisible('text=The decision has been recorded.'));
    assert.ok(await page.isVisible('text=Victim of trafficking, decided by: Non-governmental organisation'));
    await sctx.close();

    const wctx = await contextFor(worker.id, false);
    const w = await wctx.newPage();
    await w.goto(`${adultUrl}/close`);
    assert.ok(await w.isVisible('text=Nothing required is still open.'));
    await w.selectOption('#f-reason', 'support_period_ended');
    await w.fill('#f-note', 'Returned to work with a regular contract');
    await w.click('#close-form button[type=submit]');
    assert.ok(await w.isVisible('text=The case has been closed.'));
    assert.ok(await w.isVisible('text=The support period ended'));
    await wctx.close();
  });

  it('a child\'s case is refused a durable solution without a guardian and an approved determination', async () => {
    const wctx = await contextFor(worker.id, false);
    const page = await wctx.newPage();
    await page.goto('/staff/cases/new');
    await page.selectOption('#f-source', 'outreach');
    await page.check('#f-mayBeChild-2');
    await page.fill('#f-firstName', 'Issa');
    await page.fill('#f-estimatedAge', '15');
    await page.click('form[action="/staff/cases/new"] button[type=submit]');
    await page.click('form[action="/staff/cases/new"] button[type=submit]');
    const childUrl = new URL(page.url()).pathname;
    assert.ok(await page.isVisible('.case-header >> text=Child'));
    await page.selectOption('#f-stage', 'solution');
    await page.click('#stage-form button[type=submit]');
    assert.ok(await page.isVisible('[role=alert] >> text=needs a guardian before any durable solution'));
    await page.screenshot({ path: join(SHOTS, 'child-refused-en.png'), fullPage: true });
    await page.goto(`${childUrl}/child`);
    await page.selectOption('#f-kind', 'social_welfare');
    await page.fill('#f-name', 'Child protection delegate');
    await page.click('#guardian-form button[type=submit]');
    await page.goto(childUrl);
    await page.selectOption('#f-stage', 'solution');
    await page.click('#stage-form button[type=submit]');
    assert.ok(await page.isVisible('[role=alert] >> text=needs an approved best-interests determination'));
    await wctx.close();
  });

  it('passes axe on every case page and looks right in English and Arabic', async () => {
    for (const locale of ['en', 'ar']) {
      await env.ctx.db.updateTable('users').set({ locale }).where('id', 'in', [worker.id, supervisor.id]).execute();
      const ctx = await contextFor(supervisor.id, true);
      const page = await ctx.newPage();
      const child = await env.ctx.db.selectFrom('cases').select('id').where('is_child', '=', 1).executeTakeFirstOrThrow();
      const childUrl = `/staff/cases/${child.id}`;
      for (const url of ['/staff/cases', '/staff/cases/new', adultUrl, `${adultUrl}/edit`, `${adultUrl}/consent`, `${adultUrl}/screening`, `${adultUrl}/assessments`, `${adultUrl}/notes`, `${adultUrl}/files`, `${adultUrl}/history`, `${adultUrl}/close`, `${adultUrl}/export`, childUrl, `${childUrl}/child`, `${childUrl}/screening`, `${childUrl}/close`]) {
        await page.goto(url);
        await axeClean(page, `${url} (${locale})`);
      }
      await page.goto(`${adultUrl}/screening`);
      await page.screenshot({ path: join(SHOTS, `screening-${locale}.png`), fullPage: true });
      await page.goto('/staff/cases');
      await page.screenshot({ path: join(SHOTS, `list-${locale}.png`), fullPage: true });
      await page.goto(`${childUrl}/child`);
      await page.screenshot({ path: join(SHOTS, `child-${locale}.png`), fullPage: true });
      await page.goto(`${adultUrl}/export`);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(SHOTS, `export-print-${locale}.png`), fullPage: true });
      await ctx.close();
    }
  });
});
