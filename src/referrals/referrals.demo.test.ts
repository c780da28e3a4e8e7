import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../demo/seed-demo.js';
import { partnerReferralList } from './partner-portal.service.js';
import { createTestEnv, DIALECTS, type TestEnv } from '../../test/helper.js';
import { authUser } from './world.fixture.js';

for (const dialect of DIALECTS) {
  describe(`plans and referrals demo data (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('seeds a plan and a pending referral once, visible to the demo partner', async () => {
      const first = await seedDemo(env.ctx);
      assert.match(first, /plans and referrals: plan and a pending referral/);
      const second = await seedDemo(env.ctx);
      assert.match(second, /plans and referrals: already there/);
      const partner = await env.ctx.db.selectFrom('users').select('id').where('email', '=', 'partner@demo.abri').executeTakeFirstOrThrow();
      const list = await partnerReferralList(env.ctx, await authUser(env, partner.id));
      assert.equal(list.length, 1);
      assert.equal(list[0]?.service, 'safe_accommodation');
    });
  });
}
