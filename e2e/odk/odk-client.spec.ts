/**
 * A real OpenRosa client against Abri: ODK Web Forms (@getodk/web-forms, the engine behind ODK Central's web
 * forms), loaded from node_modules into Chromium, reads Abri's form list, downloads the generated XForms, is filled
 * in like a person would, and submits the instance it produces — plain, as Enketo Express does from its server, and
 * encrypted, the way ODK Collect encrypts a record for the form's base64RsaPublicKey (Web Forms itself does not
 * encrypt; src/odk/test-support.ts does it by the ODK specification). The submissions end as a triage report and a
 * draft case of the device's office.
 *
 * The harness page is served at http://localhost:7 by Playwright's router (a secure context, which Web Forms needs
 * for crypto.randomUUID); its /key/... requests are forwarded to Abri without the page's Origin, as a device or
 * Enketo's server would send them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { authUser, createOffice, createTestEnv, createUser, DIALECTS, type TestEnv } from '../../test/support/index.js';
import { enrolDevice } from '../../src/odk/devices.service.js';
import { encryptForForm, publicKeyOf, submissionBody } from '../../test/support/odk.js';
import { launchBrowser, newContext } from '../support.js';

const require = createRequire(import.meta.url);
const WEB_FORMS_DIST = dirname(require.resolve('@getodk/web-forms'));
const VUE = require.resolve('vue/dist/vue.esm-browser.prod.js');
const HARNESS = 'http://localhost:7';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ODK Web Forms</title>
<script type="importmap">{"imports":{"vue":"/vue.js"}}</script></head><body><div id="app"></div><script type="module">
import { createApp, h } from 'vue';
import { OdkWebForm, webFormsPlugin } from '/web-forms/index.js';
const [token, formId, mode] = location.hash.slice(1).split('/');
const list = new DOMParser().parseFromString(await (await fetch('/key/' + token + '/formList')).text(), 'text/xml');
window.formIds = [...list.getElementsByTagName('formID')].map((e) => e.textContent);
const entry = [...list.getElementsByTagName('xform')].find((x) => x.getElementsByTagName('formID')[0].textContent === formId);
const formXml = await (await fetch(new URL(entry.getElementsByTagName('downloadUrl')[0].textContent).pathname)).text();
window.result = null;
const onSubmit = async (payload, callback) => {
  const instance = payload.data[0];
  if (mode === 'encrypted') {
    window.result = await window.deviceSend(formXml, await instance.get('xml_submission_file').text());
  } else {
    const res = await fetch('/key/' + token + '/submission', { method: 'POST', body: instance, headers: { 'X-OpenRosa-Version': '1.0' } });
    window.result = { status: res.status, body: await res.text() };
  }
  callback?.({ status: window.result.status < 300 ? 'success' : 'failure' });
};
const app = createApp({ render: () => h(OdkWebForm, { formXml, fetchFormAttachment: async () => new Response(''), onSubmit }) });
app.use(webFormsPlugin);
app.mount('#app');
</script></body></html>`;

for (const dialect of DIALECTS)
  describe(`ODK Web Forms fills Abri's generated forms and submits them (${dialect})`, () => {
    let env: TestEnv;
    let base: string;
    let browser: Browser;
    let officeId: string;
    let plain: string;
    let encrypted: string;

    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      const admin = await authUser(env, (await createUser(env.ctx, { roles: ['administrator'], officeId: null })).id);
      plain = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Enketo kiosk', encrypted: false })).token;
      encrypted = (await enrolDevice(env.ctx, admin, { officeId, displayName: 'Tablet', encrypted: true })).token;
      await env.app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'server listening' });
      base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await env?.close();
    });

    async function open(token: string, formId: string, mode: 'plain' | 'encrypted'): Promise<Page> {
      const context = await newContext(browser, { origin: HARNESS });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.exposeFunction('deviceSend', async (formXml: string, instanceXml: string) => {
        const instanceId = /<instanceID>([^<]+)<\/instanceID>/.exec(instanceXml)?.[1] as string;
        const version = /<data [^>]*version="([^"]+)"/.exec(instanceXml)?.[1];
        const sealed = encryptForForm(publicKeyOf(formXml) as string, { formId, ...(version ? { version } : {}), instanceId, xml: instanceXml });
        const res = await env.app.inject({ method: 'POST', url: `/key/${token}/submission`, ...submissionBody(sealed.manifest, sealed.files) });
        return { status: res.statusCode, body: res.body, instanceId };
      });
      await page.route(`${HARNESS}/**`, async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE });
        if (url.pathname === '/vue.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(VUE) });
        if (url.pathname.startsWith('/web-forms/'))
          return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(WEB_FORMS_DIST, url.pathname.slice('/web-forms/'.length))) });
        if (url.pathname.startsWith('/key/')) {
          const { origin: _o, referer: _r, ...headers } = route.request().headers();
          const response = await route.fetch({
            url: `${base}${url.pathname}${url.search}`,
            headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('sec-fetch'))),
          });
          return route.fulfill({ response });
        }
        return route.fulfill({ status: 404, body: '' });
      });
      await page.goto(`${HARNESS}/#${token}/${formId}/${mode}`);
      await page.locator('.p-radiobutton-input').first().waitFor();
      assert.deepEqual(errors, []);
      return page;
    }

    const question = (page: Page, label: string) => page.locator('div', { has: page.getByText(label, { exact: true }) });
    const choose = (page: Page, label: string, value: string) =>
      question(page, label)
        .filter({ has: page.locator(`input[value="${value}"]`) })
        .last()
        .locator(`input[value="${value}"]`)
        .check();
    const send = async (page: Page) => {
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForFunction(() => (window as unknown as { result: unknown }).result);
      return (await page.evaluate(() => (window as unknown as { result: { status: number; body: string; instanceId?: string } }).result)) as {
        status: number;
        body: string;
        instanceId?: string;
      };
    };

    it('fills the field report, submits it plain, and it enters triage for the office', async () => {
      const page = await open(plain, 'abri-report', 'plain');
      assert.deepEqual(await page.evaluate(() => (window as unknown as { formIds: string[] }).formIds), ['abri-screening', 'abri-report']);
      await choose(page, 'Who are you in this situation?', 'professional');
      await choose(page, 'What are they made to do?', 'ForcedLabour');
      await choose(page, 'Is someone in danger right now?', 'yes');
      await choose(page, 'Did this happen in the last 24 hours?', 'no');
      await choose(page, 'Are children (under 18) involved?', 'no');
      await choose(page, 'How many people are affected?', '6-20');
      await page.getByLabel('What is happening?').fill('Workers locked in a farm shed at night, passports taken.');
      await choose(page, 'May we contact you?', 'no');
      await choose(page, 'May we share this report with services that help victims?', 'yes');
      await choose(page, 'May we share this report with the police?', 'no');
      const result = await send(page);
      assert.equal(result.status, 201, result.body);
      assert.match(result.body, /submit_success/);
      const reports = await env.ctx.db.selectFrom('reports').select(['office_id', 'state', 'danger_now', 'people_count']).execute();
      assert.deepEqual(reports, [{ office_id: officeId, state: 'new', danger_now: 'yes', people_count: '6-20' }]);
      await page.context().close();
    });

    it('fills the screening interview, submits it encrypted, and it becomes a draft case with its screening', async () => {
      const page = await open(encrypted, 'abri-screening', 'encrypted');
      for (const consent of ['Screening interview', 'Assistance', 'Sharing with a partner', 'Being contacted']) await choose(page, consent, 'yes');
      await page.getByLabel('First name').fill('Amina');
      await choose(page, 'Is the person, or may the person be, under 18?', 'no');
      await choose(page, 'Kind of exploitation', 'labour');
      await choose(page, 'Act', 'recruitment');
      await choose(page, 'Purpose of exploitation', 'forced_labour');
      await choose(page, 'Deceptive recruitment', 'deceptive-recruitment:deceived-job-nature');
      const result = await send(page);
      assert.equal(result.status, 201, result.body);
      const row = await env.ctx.db
        .selectFrom('odk_submissions')
        .selectAll()
        .where('instance_id', '=', result.instanceId as string)
        .executeTakeFirstOrThrow();
      assert.equal(row.encrypted, 1);
      const c = await env.ctx.db
        .selectFrom('cases')
        .select(['id', 'office_id', 'stage', 'source', 'identity_enc'])
        .where('id', '=', row.case_id as string)
        .executeTakeFirstOrThrow();
      assert.equal(c.office_id, officeId);
      assert.equal(c.stage, 'intake');
      assert.equal((await env.ctx.keys.decrypt<{ firstName: string }>(c.identity_enc as string, `cases.identity:${c.id}`)).firstName, 'Amina');
      const s = await env.ctx.db
        .selectFrom('case_screenings')
        .select(['list_id', 'indicators', 'elements'])
        .where('case_id', '=', c.id)
        .executeTakeFirstOrThrow();
      assert.equal(s.list_id, 'adultsLabour');
      assert.deepEqual(JSON.parse(s.indicators), ['deceptive-recruitment:deceived-job-nature']);
      assert.deepEqual(JSON.parse(s.elements).acts, ['recruitment']);
      await page.context().close();
    });
  });
