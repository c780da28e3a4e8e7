/**
 * A case worker's phone (390 px) and desktop, in French and Arabic: every action button of the plan and consent
 * pages is reachable without sideways scrolling, tables are stacked cards, the case tabs fold into one menu that
 * opens without JavaScript; my work and the case list are shown too. Screenshots go to screenshotPath(…, 'caselist').
 */
import { direction } from '../../src/platform/i18n/i18n.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { recordConsent } from '../../src/cases/index.js';
import { caseRow, newCase, staff } from '../../test/support/cases.js';
import { addObjective, addPlanAction, recordStaffService } from '../../src/plans/plans.service.js';
import { createOffice, createOrganisation, createTestEnv, type TestEnv } from '../../test/support/index.js';
import { launchBrowser, newContext, screenshotPath } from '../support.js';

describe('a case worker on a phone (390 px) and a desktop, in French and Arabic', () => {
  let env: TestEnv;
  let browser: Browser;
  let base: string;
  let worker: Awaited<ReturnType<typeof staff>>;
  let caseId: string;

  before(async () => {
    env = await createTestEnv('sqlite');
    const officeId = await createOffice(env.ctx, 'TN', 'TN');
    const org = await createOrganisation(env.ctx, 'Association Refuge et Solidarité pour les Femmes', officeId);
    worker = await staff(env, 'case_worker', officeId);
    const c = await newCase(env, worker.id, { officeId, identity: { firstName: 'Aminata', lastName: 'Koné-Ouattara', birthDate: '1994-03-02' } });
    caseId = c.id;
    const record = await caseRow(env, caseId);
    const objective = await addObjective(env.ctx, {
      actor: worker.user,
      record,
      input: { splType: 'Health', objective: 'Accès aux soins et suivi psychologique régulier' },
    });
    await addPlanAction(env.ctx, {
      actor: worker.user,
      record,
      input: {
        type: 'medical',
        description: 'Rendez-vous au centre de santé de Bab Saadoun pour un bilan complet, accompagnée par une interprète',
        ownerId: worker.id,
        dueDate: '2026-01-05',
        objectiveId: objective,
      },
    });
    await addPlanAction(env.ctx, {
      actor: worker.user,
      record,
      input: { type: 'legal', description: 'Dossier de régularisation', ownerId: worker.id, dueDate: '2099-02-01' },
    });
    await recordStaffService(env.ctx, { actor: worker.user, record, input: { service: 'medical', deliveredOn: '2026-11-20', notes: 'Consultation générale' } });
    for (const purpose of ['assistance', 'screening'] as const) {
      await recordConsent(env.ctx.db, {
        actorId: worker.id,
        record,
        input: { purpose, given: true, language: 'fr', explained: ['purpose', 'withdrawal'], origin: 'staff' },
      });
    }
    await recordConsent(env.ctx.db, {
      actorId: worker.id,
      record,
      input: { purpose: 'sharing', organisationId: org, given: true, language: 'ar', origin: 'staff' },
    });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = env.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  /** Every button and button-like link in the page's main content lies inside the viewport, and nothing scrolls sideways. */
  async function assertReachable(page: Page, label: string): Promise<number> {
    const r = await page.evaluate(() => {
      const width = window.innerWidth;
      const main = document.querySelector('main') ?? document.body;
      const controls = [...main.querySelectorAll<HTMLElement>('button, a.button, input[type=submit], summary')];
      const outside = controls
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({ text: (el.textContent ?? '').trim().slice(0, 40), box: el.getBoundingClientRect() }))
        .filter((x) => x.box.left < -0.5 || x.box.right > width + 0.5)
        .map((x) => `${x.text} [${Math.round(x.box.left)}, ${Math.round(x.box.right)}]`);
      return { scroll: document.scrollingElement?.scrollWidth ?? 0, width, outside, buttons: controls.filter((el) => el.offsetParent !== null).length };
    });
    assert.ok(r.scroll <= r.width, `${label}: the page scrolls sideways (${r.scroll} > ${r.width})`);
    assert.deepEqual(r.outside, [], `${label}: buttons outside the screen`);
    return r.buttons;
  }

  for (const locale of ['fr', 'ar'] as const) {
    it(`keeps every action of the plan and consent pages on a 390 px screen, and stacks tables (${locale})`, async () => {
      await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', worker.id).execute();
      const context = await newContext(browser, { origin: base, viewport: { width: 390, height: 844 }, cookie: worker.cookie, javaScriptEnabled: false });
      const page = await context.newPage();
      for (const tab of ['plan', 'consent']) {
        await page.goto(`${base}/staff/cases/${caseId}/${tab}`);
        assert.equal(await page.getAttribute('html', 'dir'), direction(locale));
        const buttons = await assertReachable(page, `${tab} ${locale}`);
        assert.ok(buttons >= 3, `${tab}: the action buttons are there (${buttons})`);
        // Tables are cards: the header row is hidden and each cell says its column.
        const stacked = await page.evaluate(() => {
          const td = document.querySelector('table.stack td[data-label]');
          return td ? getComputedStyle(td, '::before').content : '';
        });
        assert.ok(stacked.length > 2, `${tab}: cells carry their column's name`);
        await page.screenshot({ path: screenshotPath(`${tab}-390-${locale}`, 'caselist'), fullPage: true });
      }
      // The case tabs are one menu, which opens without JavaScript and holds every tab.
      assert.equal(await page.isVisible('.case-tabs-row'), false);
      await page.click('.case-tabs-menu > summary');
      assert.ok((await page.locator('.case-tabs-menu a').count()) >= 8);
      assert.ok(await page.isVisible('.case-tabs-menu a[href$="/plan"]'));
      assert.match((await page.textContent('.case-person-name')) ?? '', /Aminata Koné-Ouattara/);
      for (const url of ['/staff', '/staff/cases?cols=name&cols=age&cols=status&cols=nextDue&cols=owner', '/staff/plans/overdue']) {
        await page.goto(`${base}${url}`);
        await assertReachable(page, `${url} ${locale}`);
        await page.screenshot({ path: screenshotPath(`${url.split('?')[0]?.replace(/\W+/g, '-')}-390-${locale}`, 'caselist'), fullPage: true });
      }
      await context.close();
    });

    it(`shows the same pages on a desktop (${locale})`, async () => {
      await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', worker.id).execute();
      const context = await newContext(browser, { origin: base, viewport: { width: 1280, height: 900 }, cookie: worker.cookie });
      const page = await context.newPage();
      for (const url of [
        `/staff/cases/${caseId}/plan`,
        `/staff/cases/${caseId}/consent`,
        '/staff',
        '/staff/cases?cols=name&cols=age&cols=status&cols=nextDue&cols=owner',
      ]) {
        await page.goto(`${base}${url}`);
        await assertReachable(page, `${url} desktop ${locale}`);
        await page.screenshot({ path: screenshotPath(`${url.split('?')[0]?.replace(/\W+/g, '-')}-desktop-${locale}`, 'caselist'), fullPage: true });
      }
      assert.equal(await page.isVisible('.case-tabs-menu'), false);
      await context.close();
    });
  }
});
