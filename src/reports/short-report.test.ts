/**
 * The public report for a frightened person on a phone: only what happened is needed, the essentials come first with
 * a send button, the rest is folded; errors say what to do by the kind of control; a refused receipt code is kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { parseForm } from '../platform/http/forms.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { hashReceiptCode } from './receipt.js';
import { CODE_RE, submit } from '../../test/support/reports.js';

describe('field errors say what to do, by the kind of control', () => {
  const schema = Type.Object({
    pick: Type.Union([Type.Literal('a'), Type.Literal('b')]),
    many: Type.Array(Type.Literal('x')),
    text: Type.String({ minLength: 3, maxLength: 2000 }),
  });
  test('a missing choice asks to choose, a missing text to type, a long text names its limit', async () => {
    const env = await createTestEnv('sqlite');
    try {
      const missing = parseForm(schema, {});
      assert.equal(missing.ok, false);
      if (missing.ok) return;
      const t = env.ctx.i18n.translator('en');
      assert.equal(t(missing.errors.pick as string), 'Choose an answer');
      assert.equal(t(missing.errors.text as string), 'Enter an answer');
      const long = parseForm(schema, { pick: 'a', many: 'x', text: 'y'.repeat(2001) });
      assert.equal(long.ok, false);
      if (long.ok) return;
      assert.equal(t(long.errors.text as string), 'Enter at most 2,000 characters');
      assert.equal(env.ctx.i18n.translator('fr')(long.errors.text as string), 'Saisissez au plus 2\u202f000 caractères');
      const short = parseForm(schema, { pick: 'a', text: 'y' });
      assert.equal(!short.ok && t(short.errors.text as string), 'Enter at least 3 characters');
      for (const l of LOCALES)
        for (const key of ['errors.chooseOne', 'errors.chooseSome', 'errors.tooLongMax|max=5', 'errors.tooShortMin|min=5'])
          assert.doesNotMatch(env.ctx.i18n.translator(l)(key), /⟦|\{/, `${l} ${key}`);
    } finally {
      await env.close();
    }
  });
});

for (const dialect of DIALECTS)
  describe(`a short report (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
      await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env?.close());

    test('at most two required questions, what happened first, a send button before the folded rest; a short country list', async () => {
      for (const locale of LOCALES) {
        const res = await env.app.inject({ url: `/${locale}/report` });
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /⟦/);
        const required = res.body.match(/aria-required="true"/g) ?? [];
        assert.ok(required.length >= 1 && required.length <= 2, `${locale}: ${required.length} required questions`);
        const description = res.body.indexOf('name="description"');
        const firstButton = res.body.indexOf('type="submit"');
        // The page's own folded part (the header's language chooser is a details element too).
        const firstDetails = res.body.indexOf('<details', res.body.indexOf('<main'));
        assert.ok(description > 0 && description < firstButton && firstButton < firstDetails, `${locale}: essentials, send, then the folded rest`);
        assert.ok(!/<details[^>]*open/.test(res.body), 'nothing unfolded on a fresh form');
        // The police question's notice is right below it.
        const police = res.body.indexOf('name="sharePolice"');
        const notice = res.body.indexOf('mandated-notice', police);
        assert.ok(police > 0 && notice > police && notice - police < 1500, `${locale}: notice under the police question`);
        const options = (res.body.match(/<select[^>]*name="country"[\s\S]*?<\/select>/)?.[0].match(/<option/g) ?? []).length;
        assert.ok(options >= 7 && options < 40, `${locale}: ${options} countries offered`);
        assert.match(res.body, new RegExp(`href="/${locale}/stay-safe"`));
      }
    });

    test('only "what happened" filled: a receipt, the report stored with no answer taken for consent', async () => {
      const page = await env.app.inject({ url: '/fr/report' });
      const token = /name="submission" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const sent = await submit(env, { submission: token, description: 'On garde mon passeport.' }, [], 'fr');
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
      const receipt = await env.app.inject({ url: String(sent.headers.location) });
      const code = CODE_RE.exec(receipt.body)?.[1]?.replace(/ /g, '');
      assert.ok(code, 'a receipt code');
      const row = await env.ctx.db
        .selectFrom('reports')
        .selectAll()
        .where('receipt_hash', '=', await hashReceiptCode(env.ctx, code))
        .executeTakeFirstOrThrow();
      assert.equal(row.reporter_role, 'unknown');
      assert.equal(row.danger_now, 'unknown');
      assert.deepEqual(JSON.parse(row.consents), { contact: 'no', assistance: 'no', police: 'no' });
      assert.deepEqual(JSON.parse(row.control_codes), []);
    });

    test('without what happened: one clear error, what was typed kept, the folded part with an answer open', async () => {
      const res = await submit(env, { workplace: 'Ferme des Oliviers', description: '' }, [], 'en');
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /What is happening\?: Enter an answer/);
      assert.match(res.body, /value="Ferme des Oliviers"/);
      assert.match(res.body, /<details[^>]*id="s-where"[^>]*open/);
      const long = await submit(env, { description: 'x'.repeat(10_001) }, [], 'en');
      assert.match(long.body, /Enter at most 10,000 characters/);
    });

    test('a receipt code: empty asks for it; wrong keeps what was typed and says what to check', async () => {
      const empty = await env.app.inject({ method: 'POST', url: '/en/report/follow-up', headers: FORM, payload: form({ code: '' }) });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Enter the 16-digit receipt code/);
      const short = await env.app.inject({ method: 'POST', url: '/fr/report/follow-up', headers: FORM, payload: form({ code: '1234 5678 9012' }) });
      assert.match(short.body, /16 chiffres/);
      assert.match(short.body, /value="1234 5678 9012"/);
      const wrong = await env.app.inject({ method: 'POST', url: '/ar/report/follow-up', headers: FORM, payload: form({ code: '1111 2222 3333 4444' }) });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /value="1111 2222 3333 4444"/);
      assert.match(wrong.body, /لم نجد بلاغًا بهذا الرمز/);
    });

    test('the stay-safe page and the help page of a fresh directory, with numbers and their sources', async () => {
      for (const locale of LOCALES) {
        const safe = await env.app.inject({ url: `/${locale}/stay-safe` });
        assert.equal(safe.statusCode, 200);
        assert.doesNotMatch(safe.body, /⟦/);
        const help = await env.app.inject({ url: `/${locale}/help` });
        assert.equal(help.statusCode, 200);
        assert.doesNotMatch(help.body, /⟦/);
        // The office's country (TN) from the starter list, and the international fallback, each with a source.
        assert.match(help.body, /href="tel:197"/);
        assert.match(help.body, /href="tel:112"/);
        assert.match(help.body, /interieur\.gov\.tn/);
        const fr = await env.app.inject({ url: `/${locale}/help?country=FR` });
        assert.match(fr.body, /href="tel:112"/);
        assert.match(fr.body, /href="tel:119"/);
      }
    });
  });
