/**
 * The partner network and trainings as people use them, in the system Chromium against a real server:
 * an administrator records a partner's services and agreement, a case worker finds partners for a need, a trainer
 * (supervisor) runs a training without JavaScript and prints a certificate, the figures page in four languages.
 * axe-core on every page; screenshots in English and Arabic.
 */
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { daysFromToday, PDF_BYTES, seedAgreement, seedService } from '../../src/partners/test-fixtures.js';
import { createOffice, createOrganisation, createTestEnv, createUser, type TestEnv, type TestUser } from '../../test/support/index.js';
import { launchBrowser, newContext as openContext } from '../support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.ABRI_SCREENSHOTS ?? '/tmp/abri-screenshots/partners';

describe('partners and training in the browser (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let officeId: string;
  let partnerOrg: string;
  const foreign: string[] = [];
  const noScript = new WeakSet<BrowserContext>();
  const axeLater: Array<{ url: string; label: string }> = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await createTestEnv('sqlite', { smallCountThreshold: 1 });
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    officeId = await createOffice(env.ctx);
    partnerOrg = await createOrganisation(env.ctx, 'Dar Amal Shelter', officeId);
    const expired = await createOrganisation(env.ctx, 'Old Partner Shelter', officeId);
    await seedService(env.ctx, expired, { service: 'safe_accommodation', country: 'TN', forChildren: true, free: 6 });
    await seedAgreement(env.ctx, expired, daysFromToday(-400), daysFromToday(-3));
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  async function newContext(javaScriptEnabled = true): Promise<BrowserContext> {
    const context = await openContext(browser, { origin, javaScriptEnabled, locale: 'en-GB', foreign });
    if (!javaScriptEnabled) noScript.add(context);
    return context;
  }

  async function signIn(context: BrowserContext, user: TestUser): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}/staff/sign-in`);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', user.password);
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/second-factor/);
    await page.fill('input[name=code]', currentTotp(user.totpSecret));
    await page.click('form.form button[type=submit]');
    await page.waitForURL(`${origin}/staff`);
    return page;
  }

  /** No untranslated key, and no axe-core violation; axe needs scripts, so pages seen without JavaScript are re-checked with it. */
  async function check(page: Page, label: string, shot?: string): Promise<void> {
    const html = await page.content();
    assert.doesNotMatch(html, /⟦[a-zA-Z]+\.[\w.]+⟧/, `${label}: untranslated key`);
    if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
    if (noScript.has(page.context())) {
      axeLater.push({ url: page.url(), label });
      return;
    }
    if (!(await page.evaluate(() => 'axe' in window).catch(() => false))) await page.evaluate(AXE);
    const result = (await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> };
        }
      ).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    })) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> };
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
      `${label} (${page.url()})`,
    );
  }

  it('lets an administrator record a partner’s services and agreement, and a case worker find it', async () => {
    const admin = await createUser(env.ctx, { roles: ['administrator'] });
    const context = await newContext();
    const page = await signIn(context, admin);
    await page.click('nav >> text=Partners');
    await page.waitForURL(`${origin}/staff/partners`);
    await check(page, 'partner list');
    await page.click('text=Dar Amal Shelter');
    await page.click('text=Add a service');
    await check(page, 'service form');
    await page.selectOption('select[name=service]', 'safe_accommodation');
    await page.fill('input[name=region]', 'Tunis');
    await page.check('input[name=for][value=children]');
    await page.check('input[name=languages][value=ar]');
    await page.check('input[name=languages][value=fr]');
    await page.fill('input[name=capacityTotal]', '12');
    await page.fill('input[name=capacityFree]', '4');
    await page.fill('input[name=contactName]', 'Referral desk');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(`${origin}/staff/partners/${partnerOrg}`);
    await page.click('text=Record an agreement');
    await page.fill('input[name=reference]', 'DSA-2026-014');
    await page.fill('input[name=signedOn]', daysFromToday(-10));
    await page.fill('input[name=expiresOn]', daysFromToday(365));
    await page.click('form.form button[type=submit]');
    await page.waitForURL(`${origin}/staff/partners/${partnerOrg}`);
    const body = await page.textContent('main');
    assert.match(body ?? '', /Safe accommodation/);
    assert.match(body ?? '', /4 free of 12/);
    assert.match(body ?? '', /In force until/);
    await check(page, 'partner profile', 'partner-profile-en');
    await page.goto(`${origin}/staff/partners/coverage?country=TN`);
    assert.match((await page.textContent('main')) ?? '', /No partner for children|Covered/);
    await check(page, 'coverage', 'coverage-en');
    await context.close();

    const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId });
    const wc = await newContext();
    const wp = await signIn(wc, worker);
    await wp.goto(`${origin}/staff/partners/find`);
    await wp.selectOption('select[name=country]', 'TN');
    await wp.selectOption('select[name=service]', 'safe_accommodation');
    await wp.check('input[name=forChild][value="1"]');
    await wp.click('form.form button[type=submit]');
    const rows = await wp.locator('table tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0] ?? '', /Dar Amal Shelter.*In force/);
    assert.match(rows[1] ?? '', /Old Partner Shelter.*Expired.*Cannot receive referrals/);
    await check(wp, 'find a partner', 'find-partner-en');
    await wc.close();
  });

  it('lets a trainer run a training without JavaScript and print a certificate; figures in four languages', async () => {
    const trainer = await createUser(env.ctx, { roles: ['supervisor'], officeId });
    const context = await newContext(false);
    const page = await signIn(context, trainer);
    await page.goto(`${origin}/staff/training`);
    await check(page, 'training list');
    await page.click('main >> text=Add a training');
    await page.fill('input[name=title]', 'Identifying victims at the border');
    await page.selectOption('select[name=topic]', 'identification');
    await page.check('input[name=audience][value=government]');
    await page.selectOption('select[name=country]', 'TN');
    await page.fill('input[name=place]', 'Sousse');
    await page.fill(
      'textarea[name=curriculum]',
      'Indicators of trafficking\nFirst contact and safety\nReferral to services\nInterviewing children\nThe reflection period\nNon-punishment of victims\nData protection and consent\nWorking with interpreters',
    );
    await page.fill('textarea[name=trainers]', 'Leila Ben Salah\nMarc Diallo\nFatou Ndiaye');
    await page.fill('input[name=testMaxScore]', '20');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/\/staff\/training\/[0-9a-f-]{36}$/);
    const trainingUrl = page.url();
    await page.fill('#session-form input[name=heldOn]', '2026-11-02');
    await page.fill('#session-form input[name=subject]', 'Indicators');
    await page.click('#session-form button[type=submit]');
    await page.click('summary:has-text("Add a session")');
    await page.fill('#session-form input[name=heldOn]', '2026-11-03');
    await page.click('#session-form button[type=submit]');
    await page.fill('#participant-form input[name=name]', 'Amina Trabelsi');
    await page.selectOption('#participant-form select[name=organisationId]', partnerOrg);
    await page.selectOption('#participant-form select[name=institutionType]', 'border_guard');
    await page.fill('#participant-form input[name=role]', 'Sergeant');
    await page.check('#participant-form input[name=gender][value=female]');
    await page.click('#participant-form button[type=submit]');
    await page.click('summary:has-text("Add a participant")');
    await page.fill('#participant-form input[name=organisationName]', 'Ministry of Labour');
    await page.selectOption('#participant-form select[name=institutionType]', 'labour_inspection');
    await page.check('#participant-form input[name=gender][value=male]');
    await page.click('#participant-form button[type=submit]');
    // Amina attends both days; the inspector only the first.
    const boxes = page.locator('#attendance-form input[type=checkbox]');
    assert.equal(await boxes.count(), 4);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await boxes.nth(2).check();
    await page.click('#attendance-form button[type=submit]');
    const pre = page.locator('#scores-form input[name^=pre_]');
    const postScores = page.locator('#scores-form input[name^=post_]');
    await pre.nth(0).fill('9');
    await postScores.nth(0).fill('17');
    await pre.nth(1).fill('6');
    await postScores.nth(1).fill('14');
    await page.click('#scores-form button[type=submit]');
    await page.waitForURL(/#scores$/);
    await check(page, 'training page', 'training-en');
    const certLinks = page.locator('#scores-form a:has-text("Certificate for")');
    assert.equal(await certLinks.count(), 1, 'only the participant who attended every required session gets a certificate');
    await certLinks.first().click();
    await page.waitForURL(/certificate$/);
    assert.match((await page.textContent('.certificate')) ?? '', /Amina Trabelsi.*Identifying victims at the border/s);
    assert.equal(await page.isVisible('[data-print]'), false, 'without JavaScript the print button stays hidden');
    await check(page, 'certificate', 'certificate-en');
    const certificateUrl = page.url();
    await context.close();

    // With JavaScript: the print button appears; in print media only the certificate remains.
    const jsContext = await newContext(true);
    const viewer = await signIn(jsContext, await createUser(env.ctx, { roles: ['supervisor'], officeId, locale: 'ar' }));
    await viewer.goto(certificateUrl);
    assert.equal(await viewer.isVisible('[data-print]'), true);
    assert.equal(await viewer.getAttribute('html', 'dir'), 'rtl');
    await check(viewer, 'certificate (ar)', 'certificate-ar');
    await viewer.emulateMedia({ media: 'print' });
    assert.equal(await viewer.isVisible('.site-header'), false);
    assert.equal(await viewer.isVisible('.certificate'), true);
    await viewer.screenshot({ path: join(SHOTS, 'certificate-print-ar.png'), fullPage: true });
    const pdf = await viewer.pdf({ preferCSSPageSize: true });
    assert.ok(pdf.subarray(0, 4).toString() === '%PDF' && pdf.length > 1000);
    // One A4 landscape sheet (297 × 210 mm), not two.
    const printed = await PDFDocument.load(pdf);
    assert.equal(printed.getPageCount(), 1, 'the certificate prints on one page');
    const { width, height } = printed.getPage(0).getSize();
    assert.ok(Math.abs(width - 841.89) < 2 && Math.abs(height - 595.28) < 2, `A4 landscape, got ${width} × ${height}`);
    await viewer.emulateMedia({ media: 'screen' });
    for (const later of axeLater) {
      await viewer.goto(later.url);
      await check(viewer, `${later.label} (ar, with scripts for axe)`);
    }
    await viewer.goto(trainingUrl);
    await check(viewer, 'training page (ar)', 'training-ar');
    await viewer.goto(`${origin}/staff/training/figures`);
    assert.match((await viewer.textContent('main')) ?? '', /أرقام التدريب/);
    await check(viewer, 'figures (ar)', 'figures-ar');
    await jsContext.close();

    const admin = await createUser(env.ctx, { roles: ['administrator'], officeId });
    const ac = await newContext();
    const ap = await signIn(ac, admin);
    for (const [lang, heading] of [
      ['en', 'Training figures'],
      ['fr', 'Chiffres de la formation'],
      ['es', 'Cifras de formación'],
    ] as const) {
      await env.ctx.db.updateTable('users').set({ locale: lang }).where('id', '=', admin.id).execute();
      await ap.goto(`${origin}/staff/training/figures`);
      assert.match((await ap.textContent('h1')) ?? '', new RegExp(heading));
      await check(ap, `figures (${lang})`, `figures-${lang}`);
      if (lang === 'en') assert.match((await ap.textContent('.figure-cards')) ?? '', /People trained\s*1\s*Mean change in test scores\s*40 pts/);
    }
    await ac.close();
    assert.deepEqual(foreign, []);
  });

  it('lets a trainer add material to the library and a partner user read it, in Arabic', async () => {
    const trainer = await createUser(env.ctx, { roles: ['supervisor'], officeId });
    const context = await newContext();
    const page = await signIn(context, trainer);
    await page.goto(`${origin}/staff/training/library`);
    await page.click('main >> text=Add a document');
    await check(page, 'library upload form');
    await page.fill('input[name=title]', 'دليل التعرف على ضحايا الاتجار');
    await page.fill('textarea[name=description]', 'Guide de poche pour les premiers intervenants');
    await page.selectOption('select[name=topic]', 'identification');
    await page.selectOption('select[name=language]', 'ar');
    await page.setInputFiles('input[name=file]', { name: 'guide.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await page.click('form.form button[type=submit]');
    await page.waitForURL(`${origin}/staff/training/library`);
    await check(page, 'library (manager)', 'library-en');
    await context.close();

    const partner = await createUser(env.ctx, { roles: ['partner'], organisationId: partnerOrg, locale: 'ar' });
    const pc = await newContext();
    const pp = await signIn(pc, partner);
    await pp.click('nav >> text=التدريب');
    await pp.waitForURL(`${origin}/staff/training/library`);
    assert.equal(await pp.locator('text=إضافة وثيقة').count(), 0, 'partner users cannot add material');
    assert.equal(await pp.locator('form[action$="/remove"]').count(), 0);
    const link = pp.locator('table a[download]');
    assert.equal(await link.count(), 1);
    const [download] = await Promise.all([pp.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    await check(pp, 'library (partner, ar)', 'library-ar');
    await pc.close();
  });
});
