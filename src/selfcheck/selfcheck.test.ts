import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/support/index.js';
import { LOCALES } from '../platform/i18n/i18n.js';
import { LEVEL_ORDER } from './selfcheck.schema.js';
import { assess, SELF_CHECK } from './selfcheck.service.js';

describe('job-offer self-check scoring', () => {
  it('says "no warning signs" only once enough questions have a real answer', () => {
    const six = assess({ who: 'employer', fee: 'no', debt: 'no', documents: 'no', contract: 'yes', details: 'yes' });
    assert.equal(six.level, 'unclear');
    assert.deepEqual(six.signs, []);
    assert.equal(six.answered, 6);
    const eight = assess({ who: 'employer', fee: 'no', debt: 'no', documents: 'no', contract: 'yes', details: 'yes', pay: 'no', travel: 'no' });
    assert.equal(eight.level, 'low');
  });
  it('treats "I don\'t know" everywhere as things to find out, never as signs', () => {
    const all = Object.fromEntries(SELF_CHECK.questions.flatMap((q) => (q.options.some((o) => o.value === 'unknown') ? [[q.id, 'unknown']] : [])));
    const r = assess(all);
    assert.equal(r.level, 'unclear');
    assert.deepEqual(r.signs, []);
    assert.equal(r.toFindOut.length, Object.keys(all).length);
    assert.equal(r.known, 0);
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
  // Every combination of answers: each question unanswered or given one of its options.
  const answers = fc.record(Object.fromEntries(SELF_CHECK.questions.map((q) => [q.id, fc.constantFrom(undefined, ...q.options.map((o) => o.value))])));
  const rank = (l: string) => LEVEL_ORDER.indexOf(l as (typeof LEVEL_ORDER)[number]);
  it('property: the heading and the count agree, and "no warning signs" needs enough real answers', () => {
    fc.assert(
      fc.property(answers, (a) => {
        const r = assess(a);
        const given = Object.values(a).filter((v) => v !== undefined).length;
        assert.equal(r.answered, given);
        assert.equal(r.known + r.toFindOut.length, r.answered);
        if (r.level === 'low') assert.ok(r.signs.length === 0 && r.known >= SELF_CHECK.enoughKnown);
        if (r.signs.length === 0) assert.ok(r.level === 'low' || r.level === 'unclear', r.level);
        if (r.level === 'some') assert.equal(r.signs.length, 1);
        if (r.level === 'serious') assert.ok(r.signs.length >= 2);
        if (r.level === 'high') assert.ok(r.signs.length >= 1);
        if (r.signs.length > 0) assert.ok(rank(r.level) >= rank('some'));
      }),
      { numRuns: 3000 },
    );
  });
  it('property: "I don\'t know" adds no sign and changes no level beyond what leaving the question out does', () => {
    fc.assert(
      fc.property(answers, (a) => {
        const withoutUnknown = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== 'unknown'));
        const r = assess(a);
        const s = assess(withoutUnknown);
        assert.deepEqual(r.signs, s.signs);
        assert.equal(r.level, s.level);
        assert.equal(r.score, s.score);
      }),
      { numRuns: 2000 },
    );
  });
  it('property: answering one more question with a warning sign never lowers the level', () => {
    fc.assert(
      fc.property(answers, fc.nat(), (a, pick) => {
        const q = SELF_CHECK.questions[pick % SELF_CHECK.questions.length];
        const signOption = q?.options.find((o) => o.sign);
        if (!q || !signOption) return;
        const current = q.options.find((o) => o.value === a[q.id]);
        if (current?.sign) return;
        assert.ok(rank(assess({ ...a, [q.id]: signOption.value }).level) >= rank(assess(a).level));
      }),
      { numRuns: 2000 },
    );
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
      assert.match(empty.body, /Responda al menos a una pregunta/);
      const bad = await env.app.inject({ method: 'POST', url: '/fr/self-check', headers: FORM, payload: form({ fee: 'perhaps' }) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /error-summary/);
    });

    it('property: the page never shows "no warning signs" next to a count of signs, in any language', async () => {
      const answers = fc.record(Object.fromEntries(SELF_CHECK.questions.map((q) => [q.id, fc.constantFrom(undefined, ...q.options.map((o) => o.value))])));
      await fc.assert(
        fc.asyncProperty(answers, fc.constantFrom(...LOCALES), async (a, l) => {
          const body = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<string, string>;
          const r = await env.app.inject({ method: 'POST', url: `/${l}/self-check`, headers: FORM, payload: form(body) });
          const t = env.ctx.i18n.translator(l);
          const expected = assess(body);
          if (expected.answered === 0) return assert.equal(r.statusCode, 400);
          assert.equal(r.statusCode, 200);
          assert.ok(r.body.includes(`result-${expected.level}`));
          const noSigns = r.body.includes(t('selfcheck.levels.low.title'));
          const countShown = /class="signs"/.test(r.body);
          assert.ok(!(noSigns && countShown), 'no "no warning signs" above a list of signs');
          assert.equal(countShown, expected.signs.length > 0);
        }),
        { numRuns: 40 },
      );
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
