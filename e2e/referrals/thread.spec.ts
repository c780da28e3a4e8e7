/**
 * A referral between people, in the system Chromium against a real server, without JavaScript and on a 390 px
 * phone: a case worker (in French) refers the person with a deadline and the office's contact, writes to the
 * partner; the shelter's user (in Arabic) sees both contacts and the countdown, accepts, and answers in the thread;
 * the case worker reads the answer. axe-core on every page; screenshots in French and Arabic, phone and desktop.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openCase } from '../../src/cases/cases.service.js';
import { recordConsent } from '../../src/cases/consent.js';
import { inTransaction } from '../../src/platform/db/database.js';
import { authUser } from '../../src/referrals/world.fixture.js';
import { createOffice, createPartner, createTestEnv, createUser, sessionFor, type TestEnv } from '../../test/support/index.js';
import { expectAccessible, launchBrowser, newContext, screenshotPath, submitAndWait } from '../support.js';

const PHONE = { width: 390, height: 844 };
const shot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name, 'referral-thread'), fullPage: true });

describe('a referral between people: contacts, deadline and thread, without JavaScript, in French and Arabic (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let caseId: string;
  let shelter: string;
  let workerCookie: string;
  let partnerCookie: string;
  let referralId: string;

  before(async () => {
    env = await createTestEnv('sqlite');
    const officeId = await createOffice(env.ctx, 'TN', 'TN');
    shelter = await createPartner(env.ctx, 'Maison Refuge', officeId);
    const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId });
    const colleague = await createUser(env.ctx, { roles: ['case_worker'], officeId });
    const partner = await createUser(env.ctx, { roles: ['partner'], organisationId: shelter });
    for (const [id, name, locale] of [
      [worker.id, 'Claire Martin', 'fr'],
      [colleague.id, 'Youssef Trabelsi', 'fr'],
      [partner.id, 'مريم العلوي', 'ar'],
    ] as const)
      await env.ctx.db.updateTable('users').set({ display_name: name, locale }).where('id', '=', id).execute();
    const opened = await openCase(env.ctx, {
      actor: await authUser(env, worker.id),
      input: {
        officeId,
        source: 'self',
        ownerId: worker.id,
        gender: 'Female',
        identity: { firstName: 'Blessing', lastName: 'Okafor', birthDate: '2001-03-14', languages: ['en'] },
      },
    });
    caseId = opened.id;
    await inTransaction(env.ctx.db, (tx) =>
      recordConsent(tx, {
        actorId: worker.id,
        record: { id: caseId, office_id: officeId },
        input: { purpose: 'sharing', given: true, organisationId: shelter, origin: 'staff' },
      }),
    );
    workerCookie = (await sessionFor(env.ctx, worker.id)).cookie;
    partnerCookie = (await sessionFor(env.ctx, partner.id)).cookie;
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  const noSideways = async (page: Page, label: string) => {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 1, `${label}: scrolls sideways by ${wide}px`);
  };

  it('the case worker refers with a deadline and writes to the partner, on a phone, without JavaScript (French)', async () => {
    const context = await newContext(browser, { origin, javaScriptEnabled: false, viewport: PHONE, cookie: workerCookie });
    const page = await context.newPage();
    await page.goto(`${origin}/staff/cases/${caseId}/referrals`);
    await page.selectOption('#refer-form select[name="organisationId"]', shelter);
    await page.selectOption('#refer-form select[name="service"]', 'safe_accommodation');
    await page.fill('#refer-form textarea[name="needsSummary"]', 'Un lit sûr pour deux semaines');
    await page.fill('#refer-form textarea[name="safeContact"]', 'Par le téléphone du foyer seulement');
    const deadline = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#refer-form input[name="respondBy"]', deadline);
    await shot(page, 'refer-form-fr-phone');
    await submitAndWait(page, '#refer-form button[type="submit"]');
    const list = (await page.textContent('main')) ?? '';
    assert.match(list, /Contact au bureau/);
    assert.match(list, /Claire Martin/);
    assert.match(list, /4 jours restants/);
    referralId = (await env.ctx.db.selectFrom('referrals').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).id;
    await page.goto(`${origin}/staff/cases/${caseId}/referrals/${referralId}`);
    await page.fill('#message-form textarea[name="body"]', 'Bonjour, elle peut arriver lundi à 10 h. Merci de confirmer.');
    await submitAndWait(page, '#message-form button[type="submit"]');
    assert.match((await page.textContent('main')) ?? '', /Message envoyé/);
    await noSideways(page, 'staff referral (fr, phone)');
    await shot(page, 'staff-thread-fr-phone');
    const js = await newContext(browser, { origin, viewport: PHONE, cookie: workerCookie });
    const view = await js.newPage();
    await view.goto(page.url());
    await expectAccessible(view, 'staff referral thread (fr)');
    await js.close();
    await context.close();
  });

  it('the partner sees both contacts and the countdown, accepts and answers, in Arabic on a phone without JavaScript', async () => {
    const context = await newContext(browser, { origin, javaScriptEnabled: false, viewport: PHONE, cookie: partnerCookie });
    const page = await context.newPage();
    await page.goto(`${origin}/partner/referrals/${referralId}`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    const text = (await page.textContent('main')) ?? '';
    assert.match(text, /Claire Martin/);
    assert.match(text, /Bonjour, elle peut arriver lundi/);
    assert.ok(!text.includes('Okafor'));
    await submitAndWait(page, 'form[action$="/accept"] button');
    await page.fill('#message-form textarea[name="body"]', 'نعم، سنستقبلها يوم الاثنين.');
    await submitAndWait(page, '#message-form button[type="submit"]');
    const after = (await page.textContent('main')) ?? '';
    assert.match(after, /مريم العلوي/);
    assert.match(after, /نعم، سنستقبلها/);
    await noSideways(page, 'partner referral (ar, phone)');
    await shot(page, 'partner-thread-ar-phone');
    const js = await newContext(browser, { origin, cookie: partnerCookie });
    const view = await js.newPage();
    await view.goto(page.url());
    await expectAccessible(view, 'partner referral thread (ar)');
    await shot(view, 'partner-thread-ar-desktop');
    await js.close();
    await context.close();
  });

  it('the case worker reads the answer and is told of it (French, desktop)', async () => {
    const context = await newContext(browser, { origin, cookie: workerCookie });
    const page = await context.newPage();
    await page.goto(`${origin}/staff/notifications`);
    assert.match((await page.textContent('main')) ?? '', /Un nouveau message sur une orientation/);
    await page.goto(`${origin}/staff/cases/${caseId}/referrals/${referralId}`);
    const text = (await page.textContent('main')) ?? '';
    assert.match(text, /مريم العلوي \(partenaire\)/);
    assert.match(text, /Contact chez le partenaire/);
    await expectAccessible(page, 'staff referral thread after the answer (fr)');
    await shot(page, 'staff-thread-fr-desktop');
    await context.close();
  });
});
