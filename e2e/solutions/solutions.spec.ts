/**
 * A durable solution across two offices, as people use it in the system Chromium against a real server.
 * In the destination office (Tunisia) a case worker records the person's consents and wish to go home; the joint
 * risk assessment with the origin office (Côte d'Ivoire) shows a high risk, which blocks the return until the
 * destination supervisor records why it goes on; the case is handed over and accepted by the origin office's
 * supervisor; the origin case worker (without JavaScript) records the arrival, writes the reintegration plan and
 * enters a baseline and a follow-up survey; the scores, their chart and table appear. A child's case is refused
 * without the best-interests determination. axe-core on every page; screenshots in English and Arabic.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openCase } from '../../src/cases/cases.service.js';
import { toAuthUser } from '../../src/platform/auth/auth-user.js';
import { findUserById, membershipsOf } from '../../src/platform/auth/auth.repository.js';
import { createOffice, createOrganisation, createTestEnv, createUser, type TestEnv, type TestUser } from '../../test/support/index.js';
import { launchBrowser, newContext as openContext } from '../support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(process.env.ABRI_SCREENSHOTS ?? '/tmp/abri-screenshots', 'solutions');

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

describe('durable solution across two offices in the browser (sqlite)', () => {
  let env: TestEnv;
  let browser: Browser;
  let origin: string;
  let tunis: string;
  let abidjan: string;
  let destWorker: TestUser;
  let destSup: TestUser;
  let originSup: TestUser;
  let originWorker: TestUser;
  let caseId: string;
  let childCaseId: string;
  const foreign: string[] = [];
  const contexts: BrowserContext[] = [];
  const usedSteps = new Map<string, Set<number>>();

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await createTestEnv('sqlite');
    tunis = await createOffice(env.ctx, 'TN', 'TN');
    abidjan = await createOffice(env.ctx, 'CI', 'CI');
    await env.ctx.db.updateTable('offices').set({ name: 'Abri Tunis' }).where('id', '=', tunis).execute();
    await env.ctx.db.updateTable('offices').set({ name: 'Abri Abidjan' }).where('id', '=', abidjan).execute();
    await createOrganisation(env.ctx, 'Réseau des femmes de Bouaké', abidjan);
    destWorker = await createUser(env.ctx, { roles: ['case_worker'], officeId: tunis, email: 'salma@tunis.example.org' });
    destSup = await createUser(env.ctx, { roles: ['supervisor'], officeId: tunis, email: 'karim@tunis.example.org' });
    originSup = await createUser(env.ctx, { roles: ['supervisor'], officeId: abidjan, email: 'aya@abidjan.example.org' });
    originWorker = await createUser(env.ctx, { roles: ['case_worker'], officeId: abidjan, email: 'koffi@abidjan.example.org' });
    const u = await findUserById(env.ctx.db, destWorker.id);
    const w = toAuthUser(u!, await membershipsOf(env.ctx.db, destWorker.id));
    caseId = (
      await openCase(env.ctx, {
        actor: w,
        input: {
          officeId: tunis,
          source: 'self',
          ownerId: destWorker.id,
          gender: 'Female',
          identity: { firstName: 'Awa', lastName: 'Koné' },
        },
      })
    ).id;
    childCaseId = (
      await openCase(env.ctx, {
        actor: w,
        input: { officeId: tunis, source: 'self', ownerId: destWorker.id, mayBeChild: true, identity: { firstName: 'Fanta' } },
      })
    ).id;
    origin = await env.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await env?.close();
  });

  async function newContext(javaScriptEnabled = true): Promise<BrowserContext> {
    const context = await openContext(browser, { origin, javaScriptEnabled, locale: 'en-GB', foreign });
    contexts.push(context);
    return context;
  }

  async function signedIn(user: TestUser, javaScriptEnabled = true): Promise<Page> {
    const page = await (await newContext(javaScriptEnabled)).newPage();
    await page.goto(`${origin}/staff/sign-in`);
    await page.fill('input[name="email"]', user.email);
    await page.fill('input[name="password"]', user.password);
    await page.click('main button[type="submit"]');
    if (!usedSteps.has(user.id)) usedSteps.set(user.id, new Set());
    await page.fill('input[name="code"]', freshCode(user.totpSecret, usedSteps.get(user.id)!));
    await page.click('main button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/staff');
    return page;
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
  const main = async (page: Page) => (await page.textContent('main')) ?? '';

  let destPage: Page;

  it('records the wish to go home in the destination office; the joint assessment shows a high risk that blocks the return', async () => {
    destPage = await signedIn(destWorker);
    await destPage.goto(`${origin}/staff/cases/${caseId}`);
    await destPage.click(`a[href="/staff/cases/${caseId}/solution"]`);
    await checkPage(destPage, 'solution, empty');
    // a return without the person's separate return consent is refused
    await destPage.check('#decision input[name="options"][value="return"]');
    await destPage.fill('#decision textarea[name="wishes"]', 'I want to go home to my mother in Bouaké and open a tailoring shop.');
    await destPage.check('#decision input[name="decision"][value="return"]');
    await destPage.selectOption('#decision select[name="targetOfficeId"]', abidjan);
    assert.equal(await submitIn(destPage, 'decision'), 422);
    assert.match(await main(destPage), /has not given a voluntary decision to return/);
    await checkPage(destPage, 'refused without return consent');

    for (const purpose of ['return', 'transfer']) {
      await destPage.selectOption('#consent select[name="purpose"]', purpose);
      await destPage.check('#consent input[name="given"][value="yes"]');
      assert.equal(await submitIn(destPage, 'consent'), 200);
    }
    await destPage.check('#decision input[name="options"][value="return"]');
    await destPage.check('#decision input[name="options"][value="local_integration"]');
    await destPage.fill('#decision textarea[name="wishes"]', 'I want to go home to my mother in Bouaké and open a tailoring shop.');
    await destPage.check('#decision input[name="decision"][value="return"]');
    await destPage.selectOption('#decision select[name="targetOfficeId"]', abidjan);
    assert.equal(await submitIn(destPage, 'decision'), 200);
    assert.match(await main(destPage), /Waiting for the joint risk assessment/);

    await destPage.selectOption('#risks select[name="l_traffickers_reach"]', '3');
    await destPage.selectOption('#risks select[name="i_traffickers_reach"]', '3');
    await destPage.fill('#risks input[name="m_traffickers_reach"]', 'The recruiter lives in the same quarter: consider another town');
    await destPage.selectOption('#risks select[name="l_debts"]', '2');
    await destPage.selectOption('#risks select[name="i_debts"]', '1');
    await destPage.fill('#risks input[name="m_debts"]', 'Debt counselling with the origin office');
    assert.equal(await submitIn(destPage, 'risks'), 200);
    assert.match(await main(destPage), /Signed by the origin office\s*Not signed yet/);
  });

  it('lets the origin office take part in the assessment without seeing the case', async () => {
    const page = await signedIn(originWorker);
    await page.click('a[href="/staff/solutions"]');
    assert.match(await main(page), /Joint risk assessment/);
    await page.click(`main a[href="/staff/cases/${caseId}/solution"]`);
    const body = await page.content();
    assert.ok(!body.includes('Bouaké') && !body.includes('Koné'), 'the person and their words stay with the destination office');
    assert.match(body, /The recruiter lives in the same quarter/);
    await checkPage(page, 'origin office: joint assessment', 'joint-assessment-origin-en');
    assert.equal(await submitIn(page, 'risks'), 200);
    assert.match(await main(page), /Blocked: high risk/);
    const reint = await page.goto(`${origin}/staff/cases/${caseId}/reintegration`);
    assert.equal(reint?.status(), 404);
  });

  it('shows the block and the alternatives; the destination supervisor records why the return goes on', async () => {
    await destPage.goto(`${origin}/staff/cases/${caseId}/solution`);
    const text = await main(destPage);
    assert.match(text, /The overall risk is high/);
    assert.match(text, /Consider the alternatives/);
    assert.equal(await destPage.locator('#handover').count(), 0, 'no hand-over while blocked');
    assert.equal(await destPage.locator('#override').count(), 0, 'a case worker cannot decide');
    await checkPage(destPage, 'blocked return', 'return-blocked-en');

    const sup = await signedIn(destSup);
    await sup.goto(`${origin}/staff/cases/${caseId}/solution`);
    await sup.fill('#override textarea[name="reason"]', 'short');
    assert.equal(await submitIn(sup, 'override'), 400);
    await sup.fill(
      '#override textarea[name="reason"]',
      'Relocation to Yamoussoukro arranged with the origin office; the person insists, informed of the risks.',
    );
    assert.equal(await submitIn(sup, 'override'), 200);
    assert.match(await main(sup), /Can go ahead/);
    await checkPage(sup, 'return cleared by the supervisor', 'return-cleared-en');
  });

  it('hands the case over; the origin supervisor accepts it', async () => {
    await destPage.goto(`${origin}/staff/cases/${caseId}/solution`);
    await destPage.selectOption('#f-step', 'return:travel_document');
    await destPage.fill('#actions input[name="dueOn"]', '2026-12-20');
    await destPage.fill('#actions input[name="note"]', 'Laissez-passer from the embassy');
    assert.equal(await submitIn(destPage, 'actions'), 200);
    assert.match(await main(destPage), /Laissez-passer from the embassy/);
    assert.equal(await submitIn(destPage, 'handover'), 200);
    assert.match(await main(destPage), /Waiting for acceptance/);

    const sup = await signedIn(originSup);
    await sup.goto(`${origin}/staff/solutions`);
    assert.match(await main(sup), /Hand-overs waiting for your office/);
    await checkPage(sup, 'incoming hand-over', 'handover-incoming-en');
    await sup.selectOption('main form[action$="/accept"] select[name="ownerId"]', originWorker.id);
    const [resp] = await Promise.all([sup.waitForNavigation(), sup.click('main form[action$="/accept"] button[type="submit"]')]);
    assert.equal(resp?.status(), 200);
    assert.match(await main(sup), /The case is now with your office/);
    assert.match(await main(sup), /I want to go home to my mother in Bouaké/);

    // The destination office now sees only the outcome.
    await destPage.goto(`${origin}/staff/cases/${caseId}/solution`);
    const after = await destPage.content();
    assert.ok(!after.includes('Bouaké') && !after.includes('Laissez-passer'));
    assert.match(after, /Shared with your office/);
  });

  it('lets the origin case worker, without JavaScript, record the arrival, write the plan and enter two surveys', async () => {
    const page = await signedIn(originWorker, false);
    await page.goto(`${origin}/staff/cases/${caseId}/solution`);
    await page.fill('#arrival input[name="arrivedOn"]', '2026-11-20');
    assert.equal(await submitIn(page, 'arrival'), 200);
    await page.click(`a[href="/staff/cases/${caseId}/reintegration"]`);
    assert.match(await main(page), /Due by/);
    await page.fill('#plan textarea[name="economic"]', 'Tailoring training, then a small workshop in Bouaké');
    await page.fill('#plan textarea[name="social"]', 'National identity card; health insurance');
    await page.fill('#plan textarea[name="psychosocial"]', 'Counselling every two weeks; women’s peer group');
    await page.check('#plan input[name="services_psychosocial"]');
    assert.equal(await submitIn(page, 'plan'), 200);
    assert.match(await main(page), /The reintegration plan is saved/);

    const answer = async (answers: Record<string, string>, kind: string, takenOn: string) => {
      await page.goto(`${origin}/staff/cases/${caseId}/reintegration/survey?kind=${kind}`);
      await page.fill('#survey input[name="takenOn"]', takenOn);
      for (const [item, value] of Object.entries(answers)) await page.selectOption(`#survey select[name="a_${item}"]`, value);
      assert.equal(await submitIn(page, 'survey'), 200);
    };
    // baseline: economic (0.25 + 0.25) / 2 = 0.25; social (1 + 0.5) / 2 = 0.75; psychosocial (0.25 + 0) / 2 = 0.125
    await answer(
      {
        'econ-satisfaction': '4',
        'econ-food-insecurity': '4',
        'soc-documentation': '1',
        'soc-health-access': '3',
        'psy-distress': '4',
        'psy-wish-psych-support': '1',
      },
      'baseline',
      '2026-11-25',
    );
    const baseline = await main(page);
    assert.match(baseline, /Psychosocial score is low: consider a referral for mental health/);
    assert.match(baseline, /Economic score is low/);
    // follow-up: economic (0.75 + 0.75) / 2 = 0.75; social (1 + 0.75) / 2 = 0.875; psychosocial (0.75 + 1) / 2 = 0.875
    await answer(
      {
        'econ-satisfaction': '2',
        'econ-food-insecurity': '2',
        'soc-documentation': '1',
        'soc-health-access': '2',
        'psy-distress': '2',
        'psy-wish-psych-support': '0',
      },
      'followup',
      '2026-12-01',
    );
    const text = await main(page);
    assert.match(text, /Reintegration scores/);
    assert.match(text, /0\.13/);
    assert.match(text, /0\.88/);
    assert.equal(await page.locator('svg.score-chart-svg').count(), 1);
    assert.equal(await page.locator('table caption', { hasText: 'Scores by survey' }).count(), 1);

    const view = await (await newContext(true)).newPage();
    await view.context().addCookies(await page.context().cookies());
    await view.goto(`${origin}/staff/cases/${caseId}/reintegration`);
    await checkPage(view, 'reintegration with scores', 'reintegration-en');
    await view.goto(`${origin}/staff/cases/${caseId}/reintegration/survey?kind=followup`);
    await checkPage(view, 'survey form', 'survey-form-en');
    await env.ctx.db.updateTable('users').set({ locale: 'ar' }).where('id', '=', originWorker.id).execute();
    for (const [path, shot] of [
      ['reintegration', 'reintegration-ar'],
      ['solution', 'solution-ar'],
    ] as const) {
      await view.goto(`${origin}/staff/cases/${caseId}/${path}`);
      assert.equal(await view.getAttribute('html', 'dir'), 'rtl');
      await checkPage(view, `${path} (ar)`, shot);
    }
  });

  it("keeps the scores of both surveys, and refuses a child's return without the determination", async () => {
    const rows = await env.ctx.db
      .selectFrom('reintegration_surveys')
      .select(['kind', 'economic', 'social', 'psychosocial', 'composite'])
      .where('case_id', '=', caseId)
      .orderBy('taken_on')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.kind, r.economic, r.social, r.psychosocial]),
      [
        ['baseline', 0.25, 0.75, 0.125],
        ['followup', 0.75, 0.875, 0.875],
      ],
    );

    await destPage.goto(`${origin}/staff/cases/${childCaseId}/solution`);
    await destPage.selectOption('#consent select[name="purpose"]', 'return');
    await destPage.check('#consent input[name="given"][value="yes"]');
    assert.equal(await submitIn(destPage, 'consent'), 200);
    await destPage.check('#decision input[name="options"][value="return"]');
    await destPage.fill('#decision textarea[name="wishes"]', 'I want to see my grandmother');
    await destPage.check('#decision input[name="decision"][value="return"]');
    await destPage.selectOption('#decision select[name="targetOfficeId"]', abidjan);
    assert.equal(await submitIn(destPage, 'decision'), 422);
    assert.match(await main(destPage), /needs a guardian before any durable solution/);
    await checkPage(destPage, 'child refused', 'child-refused-en');
    await env.ctx.db.updateTable('users').set({ locale: 'ar' }).where('id', '=', destWorker.id).execute();
    await destPage.goto(`${origin}/staff/cases/${childCaseId}/solution`);
    await checkPage(destPage, 'child case (ar)', 'child-solution-ar');
    assert.deepEqual(foreign, [], 'no request leaves the server');
  });
});
