import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/support/index.js';
import { correctService } from '../plans/corrections.service.js';
import { loadPlan } from '../plans/plan-view.service.js';
import * as portal from './partner-portal.service.js';
import * as staff from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, REFERRAL_INPUT, type World } from './world.fixture.js';

for (const dialect of DIALECTS) {
  describe(`a partner corrects or withdraws the services it recorded (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    let referralId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
      await giveSharingConsent(env, w, w.shelter);
      referralId = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, w.caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      await portal.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId, transition: 'accept', input: { version: 1 } });
    });
    after(async () => env.close());

    it('the recording partner corrects (a future date refused) and withdraws; another partner cannot; the case worker may too', async () => {
      const id = await portal.partnerRecordService(env.ctx, {
        actor: w.auth.partnerA,
        referralId,
        input: {
          service: 'safe_accommodation',
          deliveredOn: '2026-11-20',
          notes: 'Room 4',
        },
      });
      const s = w.sessions.partnerA;
      const base = `/partner/referrals/${referralId}/services/${id}`;
      const post = (who: typeof s, url: string, data: Record<string, string>) =>
        env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, target: id, ...data }) });
      const future = await post(s, `${base}/correct`, { service: 'safe_accommodation', deliveredOn: '2099-03-01', reason: 'Wrong date', version: '1' });
      assert.equal(future.statusCode, 400);
      const ok = await post(s, `${base}/correct`, {
        service: 'safe_accommodation',
        deliveredOn: '2026-11-18',
        notes: 'Room 4',
        reason: 'Wrong date',
        version: '1',
      });
      assert.equal(ok.statusCode, 303);
      const other = await post(w.sessions.partnerB, `${base}/withdraw`, { reason: 'not mine', version: '2' });
      assert.equal(other.statusCode, 404);
      const page = await env.app.inject({ method: 'GET', url: `/partner/referrals/${referralId}`, headers: { cookie: s.cookie } });
      assert.match(page.body, /Corrected:[^<]*<span dir="auto">Wrong date/);
      // The case's editor may correct a partner's service too.
      const record = await caseRow(env, w.caseId);
      await correctService(env.ctx, {
        who: { kind: 'staff', user: w.auth.worker, record },
        serviceId: id,
        input: {
          service: 'safe_accommodation',
          deliveredOn: '2026-11-18',
          notes: 'Room 5',
          reason: 'Room number',
          version: 2,
        },
      });
      const gone = await post(s, `${base}/withdraw`, { reason: 'Never took place', version: '3' });
      assert.equal(gone.statusCode, 303);
      assert.ok(!(await loadPlan(env.ctx, record)).services.some((x) => x.id === id));
      const after = await env.app.inject({ method: 'GET', url: `/partner/referrals/${referralId}`, headers: { cookie: s.cookie } });
      assert.match(after.body, /<s>Room 5<\/s>/);
      assert.match(after.body, /Never took place/);
    });
  });
}
