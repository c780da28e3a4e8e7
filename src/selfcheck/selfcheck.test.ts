import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/support/index.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { assess, SELF_CHECK } from './selfcheck.service.js';

describe('job-offer self-check scoring', () => {
  it('finds no sign in a clean offer', () => {
    const r = assess({ who: 'employer', fee: 'no', debt: 'no', documents: 'no', contract: 'yes', details: 'yes' });
    assert.equal(r.level, 'low');
    assert.deepEqual(r.signs, []);
    assert.equal(r.answered, 6);
  });
  it('lists the signs in question order and grades the combination', () => {
    const r = assess({ who: 'socialMedia', fee: 'yes', contract: 'no' });
    assert.deepEqual(r.signs, ['socialMedia', 'fee', 'noContract']);
    assert.equal(r.level, 'serious');
  });
  it('treats a confiscated passport or secrecy as high risk on its own', () => {
    assert.equal(assess({ documents: 'yes' }).level, 'high');
    assert.equal(assess({ secrecy: 'yes' }).level, 'high');
  });
  it('ignores values that are not in the data', () => {
    assert.equal(assess({ fee: 'maybe', nonsense: 'yes' }).answered, 0);
  });
  it('keeps every question, option and sign translated in the four languages', async () => {
    const env = await createTestEnv('sqlite');
    try {
      for (const l of LOCALES) {
        const t = env.ctx.i18n.translator(l);
        for (const q of SELF_CHECK.questions) {
          assert.ok(t.has(`selfcheck.questions.${q.id}.label`), `${l} ${q.id}`);
          for (const o of q.options) {
            assert.ok(t.has(`selfcheck.questions.${q.id}.options.${o.value}`), `${l} ${q.id}.${o.value}`);
            if (o.sign) assert.ok(t.has(`selfcheck.signs.${o.sign}.title`) && t.has(`selfcheck.signs.${o.sign}.explain`), `${l} ${o.sign}`);
          }
        }
        for (const level of SELF_CHECK.levels) assert.ok(t.has(`selfcheck.levels.${level.level}.title`), `${l} ${level.level}`);
      }
    } finally {
      await env.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`self-check pages (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env?.close());

    it('shows the questions in every language and answers without storing anything', async () => {
      for (const l of LOCALES) {
        const r = await env.app.inject({ url: `/${l}/self-check` });
        assert.equal(r.statusCode, 200);
        assert.ok(!r.body.includes('⟦'), l);
      }
      const countEvents = async () => Number((await env.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await countEvents();
      const r = await env.app.inject({ method: 'POST', url: '/ar/self-check', headers: FORM, payload: form({ who: 'stranger', fee: 'yes', documents: 'yes' }) });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /dir="rtl"/);
      assert.match(r.body, /result-high/);
      assert.match(r.body, /href="\/ar\/help"/);
      assert.match(r.body, /href="\/ar\/report"/);
      assert.ok(!r.body.includes('⟦'));
      assert.equal(await countEvents(), before, 'nothing written');
      assert.equal(r.headers['set-cookie'], undefined);
    });

    it('asks for at least one answer and refuses values that are not offered, with a localised message', async () => {
      const empty = await env.app.inject({ method: 'POST', url: '/es/self-check', headers: FORM, payload: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Responde al menos a una pregunta/);
      const bad = await env.app.inject({ method: 'POST', url: '/fr/self-check', headers: FORM, payload: form({ fee: 'perhaps' }) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /error-summary/);
    });

    it('never fails and never renders script, whatever is posted', async () => {
      const keys = [...SELF_CHECK.questions.map((q) => q.id), 'x', '__proto__', 'constructor'];
      const value = fc.oneof(fc.constantFrom('yes', 'no', 'unknown', 'stranger'), fc.string({ maxLength: 200 }), fc.constant('<script>alert(1)</script>'), fc.string({ unit: 'binary', maxLength: 50 }));
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), fc.oneof(value, fc.array(value, { maxLength: 3 }))), async (body) => {
          const r = await env.app.inject({ method: 'POST', url: '/en/self-check', headers: FORM, payload: form(body as Record<string, string | string[]>) });
          assert.ok(r.statusCode === 200 || r.statusCode === 400, `status ${r.statusCode}`);
          assert.ok(!r.body.includes('<script>alert'));
        }),
        { numRuns: 60 },
      );
      const huge = await env.app.inject({ method: 'POST', url: '/en/self-check', headers: FORM, payload: `fee=${'y'.repeat(1_200_000)}` });
      assert.equal(huge.statusCode, 413);
    });
  });
}
