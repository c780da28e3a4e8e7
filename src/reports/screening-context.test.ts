import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contextKeyLabel, type TraffickingContext } from '../cases/index.js';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import { submitOk, validReport } from '../../test/support/reports.js';

/**
 * Issue 21, point 4: the screening's answers and the case's trafficking context are one set of facts, entered once.
 * The form starts from the context (as the report carried it); saving fills the context's lists that are empty and
 * never overwrites what was recorded; the history names the fields filled.
 */
for (const dialect of DIALECTS) {
  describe(`screening and trafficking context, entered once (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    const version = async (id: string) => (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const contextOf = async (caseId: string) => {
      const row = await env.ctx.db.selectFrom('cases').select('context_enc').where('id', '=', caseId).executeTakeFirstOrThrow();
      return row.context_enc ? await env.ctx.keys.decrypt<TraffickingContext>(row.context_enc, contextKeyLabel(caseId)) : {};
    };
    const checked = (body: string, value: string) => new RegExp(`value="${value}" checked`).test(body);

    async function caseFromReport(answers: Record<string, string | string[]>) {
      const report = await submitOk(env, validReport(answers));
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId });
      const s = await sessionFor(env.ctx, operator.id);
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/case`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, version: String(await version(report.id)), ownerId: worker.id }),
      });
      assert.equal(res.statusCode, 303, res.body);
      const r = await env.ctx.db.selectFrom('reports').select('case_id').where('id', '=', report.id).executeTakeFirstOrThrow();
      const w = await sessionFor(env.ctx, worker.id);
      // Consent to screening is recorded with the person, never taken from the report.
      const consent = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${r.case_id}/consent`,
        headers: { ...FORM, cookie: w.cookie },
        payload: form({ _csrf: w.csrf, purpose: 'screening', given: 'yes', language: 'fr', interpreter: 'no', explained: ['purpose', 'uses', 'withdrawal'] }),
      });
      assert.equal(consent.statusCode, 303, consent.body);
      return { caseId: r.case_id as string, w };
    }

    test('a case opened from a report whose answers say passports were taken starts its screening with those answers', async () => {
      const { caseId, w } = await caseFromReport({ control: ['WithholdsDocuments', 'DebtBondage'], exploitation: ['ForcedLabour'] });
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${caseId}/screening`, headers: { cookie: w.cookie } });
      assert.equal(page.statusCode, 200);
      assert.ok(checked(page.body, '[a-z-]+:document-confiscation'), 'passports taken: the confiscation of documents is ticked');
      assert.equal(page.body.match(/:document-confiscation" checked/g)?.length, 1, 'once, where the situation is now (at destination)');
      assert.ok(checked(page.body, 'coercion-at-destination:document-confiscation'));
      assert.ok(checked(page.body, '[a-z-]+:debt-bondage'), 'debt: debt bondage is ticked');
      assert.ok(checked(page.body, 'forced_labour'), 'forced labour is ticked');
      assert.ok(!checked(page.body, '[a-z-]+:excessive-hours'), 'nothing the report did not say');
      assert.match(page.body, /Prefilled from the case's trafficking context/);

      // Saving the screening keeps the context as recorded: its lists were not empty.
      const before = await contextOf(caseId);
      const saved = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${caseId}/screening`,
        headers: { ...FORM, cookie: w.cookie },
        payload: form({
          _csrf: w.csrf,
          exploitation: 'labour',
          acts: ['recruitment'],
          means: ['deception'],
          purposes: ['forced_labour', 'servitude'],
          indicators: ['coercion-at-destination:document-confiscation', 'exploitative-conditions:excessive-hours'],
        }),
      });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.deepEqual(await contextOf(caseId), before, 'what was recorded is never overwritten');
    });

    test('saving a screening with exploitation types fills the empty context, and the history says what was filled', async () => {
      const { caseId, w } = await caseFromReport({ control: [], exploitation: [] });
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${caseId}/screening`, headers: { cookie: w.cookie } });
      assert.ok(!checked(page.body, '[a-z-]+:document-confiscation'));
      assert.doesNotMatch(page.body, /Prefilled from the case's trafficking context/);
      const saved = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${caseId}/screening`,
        headers: { ...FORM, cookie: w.cookie },
        payload: form({
          _csrf: w.csrf,
          exploitation: 'labour',
          acts: ['recruitment'],
          means: ['deception'],
          purposes: ['forced_labour'],
          indicators: ['coercion-at-destination:document-confiscation'],
        }),
      });
      assert.equal(saved.statusCode, 303, saved.body);
      const context = await contextOf(caseId);
      assert.deepEqual(context.exploitationTypes, ['ForcedLabour']);
      assert.deepEqual(context.methodsOfControl, ['FalsePromises', 'WithholdsDocuments']);
      assert.equal(context.recruitmentMethod, 'ThroughOnlineSocialNetworks', 'the rest of the context is kept');
      const history = await env.app.inject({ method: 'GET', url: `/staff/cases/${caseId}/history`, headers: { cookie: w.cookie } });
      assert.match(history.body, /Changed: types of exploitation, means of control/);
      // The next screening starts from what the first one filled.
      const again = await env.app.inject({ method: 'GET', url: `/staff/cases/${caseId}/screening`, headers: { cookie: w.cookie } });
      assert.ok(checked(again.body, '[a-z-]+:document-confiscation'));
      assert.ok(checked(again.body, 'deception'));
    });
  });
}
