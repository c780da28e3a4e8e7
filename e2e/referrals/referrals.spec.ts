/**
 * The assistance plan and a referral as people use them, in the system Chromium against a real server:
 * a case worker builds a plan and refers the person to a shelter (consent to share with the shelter recorded
 * beforehand); the shelter's partner user signs in (without JavaScript), sees only what the referral grants,
 * accepts and records the service; the case worker then tries to refer to a clinic without consent and the
 * server refuses, in the page and through the API with a personal access token. axe-core on every page;
 * screenshots in English and Arabic.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openCase } from '../../src/cases/cases.service.js';
import { recordConsent } from '../../src/cases/consent.js';
import { inTransaction } from '../../src/platform/db/database.js';
import { createOffice, createPartner, createTestEnv, createUser, type TestEnv, type TestUser } from '../../test/support/index.js';
import { authUser } from '../../src/referrals/world.fixture.js';
import { launchBrowser, newContext as openContext } from '../support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(process.env.ABRI_SCREENSHOTS ?? '/tmp/abri-screenshots', 'referrals');

/** A TOTP code for a step not used yet by this user (the server refuses a replayed step). */
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

describe('assistance plan and referrals in the browser (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let worker: TestUser;
  let partner: TestUser;
  let caseId: string;
  let caseNumber: string;
  let shelter: string;
  let clinic: string;
  let workerPage: Page;
  const workerSteps = new Set<number>();
  let partnerContext: BrowserContext;
  const foreign: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await createTestEnv('sqlite');
    const officeId = await createOffice(env.ctx, 'TN', 'TN');
    shelter = await createPartner(env.ctx, 'Maison Refuge', officeId);
    clinic = await createPartner(env.ctx, 'Clinique Solidaire', officeId);
    worker = await createUser(env.ctx, { roles: ['case_worker'], officeId, email: 'claire@example.org' });
    partner = await createUser(env.ctx, { roles: ['partner'], organisationId: shelter, email: 'pauline@shelter.example.org' });
    const w = await authUser(env, worker.id);
    const opened = await openCase(env.ctx, {
      actor: w,
      input: {
        officeId,
        source: 'self',
        ownerId: worker.id,
        gender: 'Female',
        citizenship: ['NG'],
        identity: { firstName: 'Blessing', lastName: 'Okafor', birthDate: '2001-03-14', languages: ['en', 'yo'] },
        contact: { phones: ['+216 22 333 444'], safeContactNotes: 'Only through the shelter phone' },
      },
    });
    caseId = opened.id;
    caseNumber = opened.caseNumber;
    // The consent page belongs to the case feature: the consent to share with the shelter is recorded here.
    await inTransaction(env.ctx.db, (tx) =>
      recordConsent(tx, {
        actorId: worker.id,
        record: { id: caseId, office_id: officeId },
        input: { purpose: 'sharing', given: true, organisationId: shelter, origin: 'staff' },
      }),
    );
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  async function newContext(javaScriptEnabled = true): Promise<BrowserContext> {
    const context = await openContext(browser, { origin, javaScriptEnabled, locale: 'en-GB', foreign });
    return context;
  }

  async function signIn(page: Page, user: TestUser, steps: Set<number>): Promise<void> {
    await page.goto(`${origin}/staff/sign-in`);
    await page.fill('input[name="email"]', user.email);
    await page.fill('input[name="password"]', user.password);
    await page.click('main button[type="submit"]');
    await page.fill('input[name="code"]', freshCode(user.totpSecret, steps));
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff');
  }

  async function checkPage(page: Page, label: string, shot?: string): Promise<void> {
    const html = await page.content();
    assert.doesNotMatch(html, /⟦[a-zA-Z]+\.[\w.]+⟧/, `${label}: untranslated key`);
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
    if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  }

  async function submitIn(page: Page, formId: string): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(`#${formId} button[type="submit"]`)]);
    return response?.status() ?? 0;
  }

  it('lets the case worker build a plan and refer the person to the shelter', async () => {
    const context = await newContext();
    workerPage = await context.newPage();
    await signIn(workerPage, worker, workerSteps);
    await workerPage.goto(`${origin}/staff/cases/${caseId}/plan`);
    await checkPage(workerPage, 'empty plan');
    await workerPage.selectOption('#objective-form select[name="splType"]', 'SocialCare');
    await workerPage.fill('#objective-form textarea[name="objective"]', 'Live somewhere safe while deciding what to do next');
    assert.equal(await submitIn(workerPage, 'objective-form'), 200);
    assert.match((await workerPage.textContent('main')) ?? '', /The objective was added to the plan/);
    await workerPage.selectOption('#action-form select[name="type"]', 'safe_accommodation');
    await workerPage.fill('#action-form textarea[name="description"]', 'Find a shelter place');
    await workerPage.fill('#action-form input[name="dueDate"]', '2026-01-05');
    assert.equal(await submitIn(workerPage, 'action-form'), 200);
    const plan = (await workerPage.textContent('main')) ?? '';
    assert.match(plan, /Find a shelter place/);
    assert.match(plan, /Overdue/);
    await checkPage(workerPage, 'plan', 'plan-en');

    await workerPage.click(`a[href="/staff/cases/${caseId}/referrals"]`);
    await checkPage(workerPage, 'referrals, none yet');
    await workerPage.selectOption('#refer-form select[name="organisationId"]', shelter);
    await workerPage.selectOption('#refer-form select[name="service"]', 'safe_accommodation');
    await workerPage.fill('#refer-form textarea[name="needsSummary"]', 'A safe bed for about two weeks');
    assert.equal(await workerPage.inputValue('#refer-form textarea[name="safeContact"]'), 'Only through the shelter phone');
    assert.equal(await submitIn(workerPage, 'refer-form'), 200);
    const text = (await workerPage.textContent('main')) ?? '';
    assert.match(text, /The referral was sent/);
    assert.match(text, /Waiting for an answer/);
    await checkPage(workerPage, 'referrals', 'referrals-en');
  });

  it('shows the shelter only what the referral grants; the partner accepts and records the service without JavaScript', async () => {
    partnerContext = await newContext(false);
    const page = await partnerContext.newPage();
    await signIn(page, partner, new Set());
    await page.click('a[href="/partner"]');
    const list = (await page.textContent('main')) ?? '';
    assert.match(list, /Referrals to your organisation/);
    await page.click('main table a');
    const body = await page.content();
    for (const shown of ['Blessing', 'A safe bed for about two weeks', 'Only through the shelter phone', '25 to 34'])
      assert.ok(body.includes(shown), `shows ${shown}`);
    for (const hidden of ['Okafor', '2001-03-14', '333 444', caseNumber, caseId, 'Nigeria']) assert.ok(!body.includes(hidden), `hides ${hidden}`);
    await page.click('form[action$="/accept"] button');
    assert.match((await page.textContent('main')) ?? '', /You accepted the referral/);
    await page.fill('#service-form textarea[name="notes"]', 'Bed in room 3, first night went well');
    await page.click('#service-form button[type="submit"]');
    assert.match((await page.textContent('main')) ?? '', /Bed in room 3/);
    // The same session with JavaScript, for the accessibility check and the screenshots.
    const jsContext = await newContext(true);
    await jsContext.addCookies(await partnerContext.cookies());
    const view = await jsContext.newPage();
    await view.goto(page.url());
    await checkPage(view, 'partner referral', 'partner-referral-en');
    await view.goto(`${origin}/partner`);
    await checkPage(view, 'partner list', 'partner-list-en');
    await env.ctx.db.updateTable('users').set({ locale: 'ar' }).where('id', '=', partner.id).execute();
    await view.goto(page.url());
    assert.equal(await view.getAttribute('html', 'dir'), 'rtl');
    await checkPage(view, 'partner referral (ar)', 'partner-referral-ar');
    await jsContext.close();
  });

  it('shows the service on the plan, and refuses a referral to a partner without consent, in the page and through the API', async () => {
    await workerPage.goto(`${origin}/staff/cases/${caseId}/plan`);
    const plan = (await workerPage.textContent('main')) ?? '';
    assert.match(plan, /Maison Refuge/);
    assert.match(plan, /Bed in room 3/);
    await workerPage.goto(`${origin}/staff/cases/${caseId}/referrals`);
    assert.match((await workerPage.textContent('main')) ?? '', /Accepted/);
    await workerPage.click('#refer-form >> xpath=ancestor::details/summary');
    await workerPage.selectOption('#refer-form select[name="organisationId"]', clinic);
    await workerPage.selectOption('#refer-form select[name="service"]', 'medical');
    await workerPage.fill('#refer-form textarea[name="needsSummary"]', 'General health check');
    assert.equal(await submitIn(workerPage, 'refer-form'), 422);
    const refused = (await workerPage.textContent('.error-summary')) ?? '';
    assert.match(refused, /has not given consent to share their information with this organisation/);
    await checkPage(workerPage, 'refused referral', 'referral-refused-en');

    await workerPage.goto(`${origin}/staff/account`);
    await workerPage.fill('input[name="name"]', 'Case tools');
    // Creating a token asks for the password and a current code again.
    // Tokens are read-only by default: this one may also write referrals.
    await workerPage.selectOption('select[name="scope_referrals"]', 'write');
    await workerPage.selectOption('select[name="scope_cases"]', 'write');
    await workerPage.fill('input[name="tokenPassword"]', worker.password);
    await workerPage.fill('form[action="/staff/account/tokens"] input[name="code"]', freshCode(worker.totpSecret, workerSteps));
    await workerPage.click('form[action="/staff/account/tokens"] button[type="submit"]');
    const token = /abri_[A-Za-z0-9_-]{20,100}/.exec(await workerPage.content())?.[0];
    assert.ok(token, 'a personal access token is shown once');
    const res = await fetch(`${origin}/api/v1/cases/${caseId}/referrals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ organisationId: clinic, service: 'medical', reason: 'AdditionalServicesRequired', fields: ['ageBand'] }),
    });
    assert.equal(res.status, 422);
    const json = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(json.error.code, 'CONSENT_REQUIRED');
    const count = await env.ctx.db.selectFrom('referrals').select('organisation_id').where('case_id', '=', caseId).execute();
    assert.deepEqual(
      count.map((r) => r.organisation_id),
      [shelter],
    );

    await env.ctx.db.updateTable('users').set({ locale: 'ar' }).where('id', '=', worker.id).execute();
    for (const [path, shot] of [
      ['plan', 'plan-ar'],
      ['referrals', 'referrals-ar'],
    ] as const) {
      await workerPage.goto(`${origin}/staff/cases/${caseId}/${path}`);
      assert.equal(await workerPage.getAttribute('html', 'dir'), 'rtl');
      await checkPage(workerPage, `${path} (ar)`, shot);
    }
    assert.deepEqual(foreign, [], 'no request leaves the server');
  });
});
