import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { addPlanAction } from '../plans/plans.service.js';
import { createReferral } from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, openAnotherCase, REFERRAL_INPUT, type World } from './world.fixture.js';

/** The forms of referrals and plans go through formAction: a refusal shows the page again, with its message and what was typed. */
for (const dialect of DIALECTS) {
  describe(`referral and plan forms keep the page on a refusal (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    const post = (url: string, body: Record<string, string | string[]>, who: keyof World['sessions'] = 'worker') => {
      const s = w.sessions[who];
      return env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...body }) });
    };

    it('keeps the referral form and the typed reason when a case worker tries to override a missing consent', async () => {
      const caseId = await openAnotherCase(env, w);
      const res = await post(`/staff/cases/${caseId}/referrals`, {
        organisationId: w.clinic,
        service: 'medical',
        reason: 'Other',
        fields: ['ageBand'],
        details: 'Typed before the refusal',
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /id="refer-form"/);
      assert.match(res.body, /Typed before the refusal/);
      const override = await post(`/staff/cases/${caseId}/referrals`, {
        organisationId: w.clinic,
        service: 'medical',
        reason: 'Other',
        fields: ['ageBand'],
        overrideReason: 'I decide this on my own',
      });
      assert.equal(override.statusCode, 403);
      assert.match(override.body, /id="refer-form"/);
      assert.match(override.body, /Only a supervisor can go ahead/);
      assert.equal((await env.ctx.db.selectFrom('referrals').select('id').where('case_id', '=', caseId).execute()).length, 0);
    });

    it('shows a partner why a service cannot be recorded yet on the referral page itself, and records nothing', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      const res = await post(`/partner/referrals/${id}/services`, { service: 'safe_accommodation', deliveredOn: '2026-11-20' }, 'partnerA');
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /action="\/partner\/referrals\/[^"]+\/accept"/);
      assert.match(res.body, /class="flash flash-error"/);
      assert.equal((await env.ctx.db.selectFrom('plan_services').select('id').where('referral_id', '=', id).execute()).length, 0);
      const declined = await post(`/partner/referrals/${id}/decline`, { version: '1', reason: 'not-a-reason' }, 'partnerA');
      assert.equal(declined.statusCode, 400);
      assert.match(declined.body, /Some answers need to be corrected/);
      assert.equal((await env.ctx.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'pending');
    });

    it('shows the plan again with the message when a stale change of an action is refused', async () => {
      const record = await caseRow(env, w.caseId);
      const actionId = await addPlanAction(env.ctx, { actor: w.auth.worker, record, input: { type: 'medical', description: 'Health check' } });
      const res = await post(`/staff/cases/${w.caseId}/plan/actions/${actionId}`, { status: 'done', version: '7' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /id="action-form"/);
      assert.match(res.body, /Someone else saved this record/);
      const stored = await env.ctx.db.selectFrom('plan_actions').select('status').where('id', '=', actionId).executeTakeFirstOrThrow();
      assert.equal(stored.status, 'open');
    });
  });
}
