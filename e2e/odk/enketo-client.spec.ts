/**
 * Enketo against Abri, in Chromium. Two real OpenRosa clients are tested with Abri's generated XForms: ODK Web Forms
 * (odk-client.spec.ts) and, here, Enketo — enketo-transformer 4.2.0 (its web build: the browser's XSLTProcessor and
 * DOMParser, since the Node build needs the native libxslt) and Enketo Core 8.1.0 (the newest that installs from the
 * npm registry: 9.x depends on a GitHub package and an unpublished openrosa-xpath-evaluator), the two halves of
 * Enketo Express and of ODK Central's Enketo. Enketo Core is bundled with esbuild into a temporary folder when the
 * spec starts (never committed); the harness page (e2e/odk/harness.ts) serves both at http://localhost:7.
 *
 * 1. Every XForm Abri offers (each form of the form list, in every configured language, for a plain and for an
 *    encrypted device) transforms without error; the HTML form has exactly the questions of the definition, the
 *    model parses with the form's id and version, and the language list and map are Abri's languages.
 * 2. Enketo Core renders the field report and the screening interview; they are filled in like a person would
 *    (radios, checkboxes, the country dropdown, text), validated, and `getDataStr()` is submitted: the report plain
 *    (multipart xml_submission_file, as Enketo Express posts it), the screening encrypted the way ODK Collect
 *    encrypts a record (Enketo Core itself does not encrypt; test/support/odk.ts does it by the ODK spec). They
 *    end as a field report in the office's triage queue and as a draft case of the device's office.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { FORM_DEFINITIONS } from '../../src/odk/forms.service.js';
import { fieldsOf } from '../../src/odk/xform.js';
import { countryName } from '../../src/platform/countries.js';
import { direction, LOCALES, languageOwnName } from '../../src/platform/i18n/i18n.js';
import { DIALECTS } from '../../test/support/index.js';
import { draftCaseOf, HARNESS, harnessPage, type OdkServer, type Sent, startOdkServer, stopOdkServer, triagedReports } from './harness.js';

const require = createRequire(import.meta.url);
const TRANSFORMER = require.resolve('enketo-transformer/web');

/**
 * Enketo Core ships its themes as Sass only; these are its rules (src/sass/core/_main.scss, _dropdown.scss) that
 * decide what a person sees: other languages' labels, non-relevant branches and closed dropdowns are hidden, so a
 * question Enketo hides cannot be clicked here either.
 */
const CSS = `.or [lang]:not(.active, .question), .or-option-translations, .or-constraint-msg, .or-required-msg, .or-relevant-msg,
.invalid-value-msg, .option-wrapper .itemset-template, .itemset-labels { display: none; }
.or-branch.disabled, .or-branch.pre-init { display: none; }
.dropdown-menu { display: none; } .open > .dropdown-menu { display: block; }`;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Enketo</title><style>${CSS}</style></head><body><div id="form"></div>
<script type="module">
import { transform } from '/enketo-transformer.js';
import '/enketo-core.js';
const xmlDoc = (text) => new DOMParser().parseFromString(text, 'text/xml');
const get = async (path, lang) => {
  const res = await fetch(path, { headers: { 'Accept-Language': lang, 'X-OpenRosa-Version': '1.0' } });
  if (!res.ok) throw new Error(path + ' answered ' + res.status);
  return res.text();
};
const formList = async (token, lang) =>
  [...xmlDoc(await get('/key/' + token + '/formList', lang)).getElementsByTagName('xform')].map((x) => {
    const v = (n) => x.getElementsByTagName(n)[0]?.textContent;
    return { id: v('formID'), name: v('name'), version: v('version'), path: new URL(v('downloadUrl')).pathname };
  });
window.abri = {
  async transformAll(token, langs, checked) {
    const out = [];
    for (const lang of langs)
      for (const f of await formList(token, lang)) {
        const xform = await get(f.path, lang);
        const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(xform)))].map((b) => b.toString(16).padStart(2, '0')).join('');
        const key = f.id + '|' + lang + '|' + digest;
        if (checked.includes(key)) {
          out.push({ key, lang, id: f.id, checked: true });
          continue;
        }
        const r = await transform({ xform });
        const html = new DOMParser().parseFromString(r.form, 'text/html');
        const model = xmlDoc(r.model);
        const root = model.getElementsByTagName('instance')[0]?.firstElementChild;
        const options = [...html.querySelectorAll('#form-languages option')];
        out.push({
          key, lang, id: f.id, listed: f.name, version: f.version, title: html.querySelector('#form-title')?.textContent,
          defaultLang: html.querySelector('#form-languages')?.dataset.defaultLang,
          languages: options.map((o) => o.value + ':' + o.dataset.dir),
          names: [...new Set([...html.querySelectorAll('form.or input, form.or select, form.or textarea')].map((e) => e.getAttribute('name')))].filter((n) => n?.startsWith('/')),
          modelError: model.querySelector('parsererror')?.textContent ?? null,
          root: root ? root.localName + '#' + root.getAttribute('id') + '@' + root.getAttribute('version') : null,
          languageMap: r.languageMap,
        });
      }
    return out;
  },
  async open(token, formId, lang) {
    const f = (await formList(token, lang)).find((x) => x.id === formId);
    window.formXml = await get(f.path, lang);
    const r = await transform({ xform: window.formXml });
    document.getElementById('form').innerHTML = r.form;
    window.form = new window.EnketoForm(document.querySelector('form.or'), { modelStr: r.model }, {});
    return window.form.init();
  },
  async finish(token, mode) {
    if (!(await window.form.validate())) return { status: 0, body: 'invalid: ' + [...document.querySelectorAll('.invalid-required, .invalid-constraint')].map((q) => q.querySelector('[name]')?.getAttribute('name')).join(' ') };
    const xml = window.form.getDataStr();
    if (mode === 'encrypted') return window.deviceSend(token, window.formXml, xml);
    const body = new FormData();
    body.append('xml_submission_file', new Blob([xml], { type: 'text/xml' }), 'xml_submission_file');
    const res = await fetch('/key/' + token + '/submission', { method: 'POST', body, headers: { 'X-OpenRosa-Version': '1.0' } });
    return { status: res.status, body: await res.text(), instanceId: /<instanceID>([^<]+)</.exec(xml)?.[1] };
  },
};
window.ready = true;
</script></body></html>`;

type Abri = {
  transformAll(token: string, langs: readonly string[], checked: string[]): Promise<Array<Record<string, unknown> & { key: string; lang: string; id: string }>>;
  open(token: string, formId: string, lang: string): Promise<string[]>;
  finish(token: string, mode: 'plain' | 'encrypted'): Promise<Sent>;
};
/** Calls the harness page's `window.abri[method](...args)`. */
const call = <K extends keyof Abri>(page: Page, method: K, ...args: Parameters<Abri[K]>): ReturnType<Abri[K]> =>
  page.evaluate(([m, a]) => (window as unknown as { abri: Record<string, (...x: unknown[]) => unknown> }).abri[m as string]?.(...(a as unknown[])), [
    method,
    args,
  ] as const) as ReturnType<Abri[K]>;

/** What a person does on Enketo's rendered form, found by the instance path each control is bound to. */
const control = (page: Page, path: string, value?: string) => page.locator(`[name="${path}"]${value === undefined ? '' : `[value="${value}"]`}`);
const tick = (page: Page, path: string, value: string) => control(page, path, value).check();
async function type(page: Page, path: string, text: string) {
  await control(page, path).fill(text);
  await control(page, path).press('Tab');
}
/** A long list (appearance minimal): Enketo's dropdown picker, opened and its entry clicked by its label. */
async function pick(page: Page, path: string, label: string) {
  const question = page.locator('.question', { has: control(page, path) });
  await question.locator('.dropdown-toggle').click();
  await question
    .locator('.dropdown-menu li')
    .filter({ has: page.getByText(label, { exact: true }) })
    .click();
  await question.locator('.dropdown-toggle', { hasText: label }).waitFor();
}

let bundleDir = '';
let core = '';

before(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'abri-enketo-'));
  await build({
    stdin: { contents: "import { Form } from 'enketo-core'; window.EnketoForm = Form;", resolveDir: dirname(fileURLToPath(import.meta.url)), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(bundleDir, 'enketo-core.js'),
    logLevel: 'error',
  });
  core = readFileSync(join(bundleDir, 'enketo-core.js'), 'utf8');
});
after(() => rmSync(bundleDir, { recursive: true, force: true }));

/**
 * The XForms already transformed and checked in this run, by form, language and SHA-256 of the bytes: a plain form
 * is the same on both databases (only an encrypted one carries its office's key), so it is transformed once.
 */
const checked = new Set<string>();

const ASSETS: Record<string, () => string | Buffer> = {
  '/enketo-transformer.js': () => readFileSync(TRANSFORMER),
  '/enketo-core.js': () => core,
};

for (const dialect of DIALECTS)
  describe(`Enketo transforms, fills and submits Abri's generated forms (${dialect})`, () => {
    let s: OdkServer;
    before(async () => {
      s = await startOdkServer(dialect);
    });
    after(() => stopOdkServer(s));

    async function open(token: string) {
      const { page, errors } = await harnessPage(s, PAGE, (p) => (ASSETS[p] ? { contentType: 'text/javascript', body: ASSETS[p]() } : undefined));
      await page.goto(`${HARNESS}/`);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      return { page, errors, token };
    }

    it('transforms every form of the form list, in every language, plain and encrypted, without error', async () => {
      const languageMap = Object.fromEntries(LOCALES.map((l) => [`${languageOwnName(l)} (${l})`, l]));
      const languages = LOCALES.map((l) => `${l}:${direction(l)}`);
      for (const token of [s.plain, s.encrypted]) {
        const { page, errors } = await open(token);
        const results = await call(page, 'transformAll', token, LOCALES, [...checked]);
        assert.deepEqual(results.map((r) => `${r.id} ${r.lang}`).sort(), FORM_DEFINITIONS.flatMap((d) => LOCALES.map((l) => `${d.id} ${l}`)).sort());
        for (const r of results) {
          const def = FORM_DEFINITIONS.find((d) => d.id === r.id);
          assert.ok(def, `${r.id} is one of Abri's forms`);
          if (r.checked) continue;
          const label = `${r.id} (${r.lang}, ${token === s.plain ? 'plain' : 'encrypted'})`;
          assert.equal(r.modelError, null, label);
          assert.equal(r.root, `data#${r.id}@${r.version}`, label);
          assert.equal(r.title, r.listed, label);
          assert.equal(r.defaultLang, r.lang, label);
          assert.deepEqual(r.languages, languages, label);
          assert.deepEqual(r.languageMap, languageMap, label);
          const expected = [...fieldsOf(def).map((f) => f.path), '/data/started', '/data/meta/instanceID'];
          assert.deepEqual([...(r.names as string[])].sort(), expected.sort(), label);
          checked.add(r.key);
        }
        assert.deepEqual(errors, []);
        await page.context().close();
      }
    });

    it('fills the field report in Spanish, submits it plain, and it enters triage for the office', async () => {
      const { page, errors } = await open(s.plain);
      assert.deepEqual(await call(page, 'open', s.plain, 'abri-report', 'es'), []);
      await tick(page, '/data/who/reporterRole', 'professional');
      await tick(page, '/data/what/exploitation', 'ForcedLabour');
      await tick(page, '/data/what/control', 'WithholdsDocuments');
      await tick(page, '/data/urgency/dangerNow', 'yes');
      await tick(page, '/data/urgency/recent24h', 'no');
      await tick(page, '/data/urgency/children', 'no');
      await tick(page, '/data/urgency/peopleCount', '6-20');
      await pick(page, '/data/where/country', countryName('TN', 'es'));
      await type(page, '/data/where/place', 'Sfax');
      await type(page, '/data/details/description', 'Workers locked in a farm shed at night, passports taken.');
      await tick(page, '/data/consent/contactOk', 'no');
      await tick(page, '/data/consent/shareAssistance', 'yes');
      await tick(page, '/data/consent/sharePolice', 'no');
      const sent = await call(page, 'finish', s.plain, 'plain');
      assert.equal(sent.status, 201, sent.body);
      assert.match(sent.body, /submit_success/);
      const reports = await triagedReports(s);
      assert.equal(reports.length, 1);
      const [{ row, view }] = reports as [(typeof reports)[number]];
      assert.equal(row.channel, 'field');
      assert.equal(row.office_id, s.officeId);
      assert.equal(row.state, 'new');
      assert.deepEqual(
        [row.reporter_role, row.danger_now, row.recent_24h, row.children, row.people_count, row.country],
        ['professional', 'yes', 'no', 'no', '6-20', 'TN'],
      );
      assert.deepEqual(JSON.parse(row.exploitation_codes), ['ForcedLabour']);
      assert.deepEqual(JSON.parse(row.control_codes), ['WithholdsDocuments']);
      assert.equal(view.content.description, 'Workers locked in a farm shed at night, passports taken.');
      assert.equal(view.content.place, 'Sfax');
      assert.deepEqual(errors, []);
      await page.context().close();
    });

    it('fills the screening interview in French, submits it encrypted, and it becomes a draft case with its screening', async () => {
      const { page, errors } = await open(s.encrypted);
      assert.deepEqual(await call(page, 'open', s.encrypted, 'abri-screening', 'fr'), []);
      // The interview is hidden until the person consents to it.
      assert.equal(await control(page, '/data/screening/exploitation', 'labour').isVisible(), false);
      for (const p of ['screening', 'assistance', 'sharing', 'contact']) await tick(page, `/data/consent/${p}`, 'yes');
      await type(page, '/data/person/first_name', 'Amina');
      await type(page, '/data/person/last_name', 'Diallo');
      await type(page, '/data/person/estimated_age', '24');
      await tick(page, '/data/person/may_be_child', 'no');
      await tick(page, '/data/person/gender', 'Feminine');
      await pick(page, '/data/person/citizenship', countryName('ML', 'fr'));
      await type(page, '/data/person/languages', 'Bambara, French');
      await type(page, '/data/person/phone', '+223 70 00 00 00');
      await tick(page, '/data/screening/exploitation', 'labour');
      await tick(page, '/data/screening/acts', 'recruitment');
      await tick(page, '/data/screening/acts', 'transportation');
      await tick(page, '/data/screening/means', 'deception');
      await tick(page, '/data/screening/purposes', 'forced_labour');
      // The adult labour list is the one that applies: its first indicator, not the child list's.
      assert.equal(await control(page, '/data/screening/ind_childrenLabour_0').first().isVisible(), false);
      await tick(page, '/data/screening/ind_adultsLabour_0', 'deceptive-recruitment:deceived-job-nature');
      await type(page, '/data/screening/notes', 'Met at the bus station.');
      const sent = await call(page, 'finish', s.encrypted, 'encrypted');
      assert.equal(sent.status, 201, sent.body);
      const { submission, record, person, screenings } = await draftCaseOf(s, sent.instanceId as string);
      assert.equal(submission.encrypted, 1);
      assert.equal(record.office_id, s.officeId);
      assert.equal(record.stage, 'intake');
      assert.equal(record.owner_id, null);
      assert.equal(record.prs_gender, 'Feminine');
      assert.deepEqual(JSON.parse(record.prs_citizenship as string), ['ML']);
      assert.deepEqual(person.identity, { firstName: 'Amina', lastName: 'Diallo', estimatedAge: 24, languages: ['Bambara', 'French'] });
      assert.deepEqual(person.contact, { phones: ['+223 70 00 00 00'] });
      assert.equal(screenings.length, 1);
      const [screening] = screenings as [(typeof screenings)[number]];
      assert.equal(screening.list_id, 'adultsLabour');
      assert.deepEqual(screening.indicatorList, ['deceptive-recruitment:deceived-job-nature']);
      assert.deepEqual(screening.elementsObj.acts, ['recruitment', 'transportation']);
      assert.deepEqual(screening.elementsObj.purposes, ['forced_labour']);
      assert.equal(screening.notes, 'Met at the bus station.');
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  });
