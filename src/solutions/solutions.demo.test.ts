import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, type TestEnv } from '../../test/helper.js';
import { seedDemo } from '../demo/seed-demo.js';

for (const dialect of DIALECTS) {
  describe(`durable solutions demo data (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('seeds once a return waiting for the origin office, shared with it for the joint assessment only', async () => {
      assert.match(await seedDemo(env.ctx), /durable solutions: TN-\d{4}-\d{5} \(voluntary return/);
      assert.match(await seedDemo(env.ctx), /durable solutions: already there/);
      const sol = await env.ctx.db.selectFrom('case_solutions').selectAll().executeTakeFirstOrThrow();
      assert.equal(sol.decision, 'return');
      assert.equal(sol.return_status, 'pending_assessment');
      const shares = await env.ctx.db.selectFrom('case_shares').select(['office_id', 'scope']).where('case_id', '=', sol.case_id).execute();
      assert.deepEqual(shares, [{ office_id: sol.target_office_id, scope: 'risk' }]);
    });
  });
}
