import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, type TestEnv } from '../../test/support/index.js';
import * as portal from './partner-portal.service.js';
import * as staff from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, REFERRAL_INPUT, type World } from './world.fixture.js';

/** Issue 21, point 1: the partner portal's home counts the referrals waiting for the partner's answer, each card a link to its list. */
for (const dialect of DIALECTS) {
  describe(`the partner portal's home (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
      await giveSharingConsent(env, w, w.shelter);
    });
    after(async () => env.close());

    it('counts the referrals waiting for an answer and those accepted, and lists each count filtered', async () => {
      const record = async () => caseRow(env, w.caseId);
      const waiting = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await record(),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      const accepted = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await record(),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      await portal.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId: accepted, transition: 'accept', input: { version: 1 } });
      const s = w.sessions.partnerA;
      const get = async (url: string) => (await env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } })).body;
      const count = (body: string, id: string) => Number(/class="work-count">([0-9]+)</.exec(body.slice(body.indexOf(`id="${id}"`)))?.[1]);
      const ids = (body: string) => [...body.matchAll(/href="\/partner\/referrals\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
      const home = await get('/partner');
      assert.equal(count(home, 'partner-pending'), 1);
      assert.equal(count(home, 'partner-accepted'), 1);
      assert.ok(home.includes('href="/partner?status=pending"'));
      assert.deepEqual(ids(await get('/partner?status=pending')), [waiting]);
      assert.deepEqual(ids(await get('/partner?status=accepted')), [accepted]);
      assert.deepEqual(ids(await get('/partner?status=bogus')).sort(), [waiting, accepted].sort());
      // Another organisation's partner counts nothing of these.
      assert.equal(
        count(
          await (async () => (await env.app.inject({ method: 'GET', url: '/partner', headers: { cookie: w.sessions.partnerB.cookie } })).body)(),
          'partner-pending',
        ),
        0,
      );
    });
  });
}
