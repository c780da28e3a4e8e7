/**
 * A real OpenRosa client against Abri: ODK Web Forms (@getodk/web-forms, the engine behind ODK Central's web
 * forms), loaded from node_modules into Chromium, reads Abri's form list, downloads the generated XForms, is filled
 * in like a person would, and submits the instance it produces — plain, as Enketo Express does from its server, and
 * encrypted, the way ODK Collect encrypts a record for the form's base64RsaPublicKey (Web Forms itself does not
 * encrypt; test/support/odk.ts does it by the ODK specification). The submissions end as a triage report and a
 * draft case of the device's office.
 *
 * The harness page (e2e/odk/harness.ts) is served at http://localhost:7 by Playwright's router (a secure context,
 * which Web Forms needs for crypto.randomUUID); its /key/... requests are forwarded to Abri without the page's
 * Origin, as a device or Enketo's server would send them. Enketo itself is tested in enketo-client.spec.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DIALECTS } from '../../test/support/index.js';
import { draftCaseOf, HARNESS, harnessPage, type OdkServer, type Sent, startOdkServer, stopOdkServer, triagedReports } from './harness.js';

const require = createRequire(import.meta.url);
const WEB_FORMS_DIST = dirname(require.resolve('@getodk/web-forms'));
const VUE = require.resolve('vue/dist/vue.esm-browser.prod.js');

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
    window.result = await window.deviceSend(token, formXml, await instance.get('xml_submission_file').text());
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
    let s: OdkServer;
    before(async () => {
      s = await startOdkServer(dialect);
    });
    after(() => stopOdkServer(s));

    async function open(token: string, formId: string, mode: 'plain' | 'encrypted'): Promise<Page> {
      const { page, errors } = await harnessPage(s, PAGE, (path) => {
        if (path === '/vue.js') return { contentType: 'text/javascript', body: readFileSync(VUE) };
        if (path.startsWith('/web-forms/'))
          return { contentType: 'text/javascript', body: readFileSync(join(WEB_FORMS_DIST, path.slice('/web-forms/'.length))) };
        return undefined;
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
      return (await page.evaluate(() => (window as unknown as { result: Sent }).result)) as Sent;
    };

    it('fills the field report, submits it plain, and it enters triage for the office', async () => {
      const page = await open(s.plain, 'abri-report', 'plain');
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
      const reports = (await triagedReports(s)).map(({ row, view }) => ({
        channel: row.channel,
        office_id: row.office_id,
        state: row.state,
        danger_now: row.danger_now,
        people_count: row.people_count,
        description: view.content.description,
      }));
      assert.deepEqual(reports, [
        {
          channel: 'field',
          office_id: s.officeId,
          state: 'new',
          danger_now: 'yes',
          people_count: '6-20',
          description: 'Workers locked in a farm shed at night, passports taken.',
        },
      ]);
      await page.context().close();
    });

    it('fills the screening interview, submits it encrypted, and it becomes a draft case with its screening', async () => {
      const page = await open(s.encrypted, 'abri-screening', 'encrypted');
      for (const consent of ['Screening interview', 'Assistance', 'Sharing with a partner', 'Being contacted']) await choose(page, consent, 'yes');
      await page.getByLabel('First name').fill('Amina');
      await choose(page, 'Is the person, or may the person be, under 18?', 'no');
      await choose(page, 'Kind of exploitation', 'labour');
      await choose(page, 'Act', 'recruitment');
      await choose(page, 'Purpose of exploitation', 'forced_labour');
      await choose(page, 'Deceptive recruitment', 'deceptive-recruitment:deceived-job-nature');
      const result = await send(page);
      assert.equal(result.status, 201, result.body);
      const { submission, record, person, screenings } = await draftCaseOf(s, result.instanceId as string);
      assert.equal(submission.encrypted, 1);
      assert.equal(record.office_id, s.officeId);
      assert.equal(record.stage, 'intake');
      assert.equal(person.identity.firstName, 'Amina');
      assert.equal(screenings.length, 1);
      assert.equal(screenings[0]?.list_id, 'adultsLabour');
      assert.deepEqual(screenings[0]?.indicatorList, ['deceptive-recruitment:deceived-job-nature']);
      assert.deepEqual(screenings[0]?.elementsObj.acts, ['recruitment']);
      await page.context().close();
    });
  });
