import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, type TestEnv } from '../../test/helper.js';
import type { DemoWorld } from '../platform/features/demo-world.js';
import { seedDemoSolutions } from './solutions.demo.js';

for (const dialect of DIALECTS) {
  describe(`durable solutions demo data (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('seeds once a return waiting for the origin office, shared with it for the joint assessment only', async () => {
      // The demo world as seedDemo builds it, reduced to what this seeder uses.
      const destinationOfficeId = await createOffice(env.ctx, 'TN', 'TN');
      const originOfficeId = await createOffice(env.ctx, 'CI', 'CI');
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId: destinationOfficeId, email: 'caseworker@demo.abri' });
      const world: DemoWorld = {
        destinationOfficeId,
        originOfficeId,
        partnerIds: { shelter: '', clinic: '', legal: '', originNgo: '' },
        users: { 'caseworker@demo.abri': worker.id },
      };
      assert.match(await seedDemoSolutions(env.ctx, world), /^TN-\d{4}-\d{5} \(voluntary return/);
      assert.equal(await seedDemoSolutions(env.ctx, world), 'already there');
      const sol = await env.ctx.db.selectFrom('case_solutions').selectAll().executeTakeFirstOrThrow();
      assert.equal(sol.decision, 'return');
      assert.equal(sol.return_status, 'pending_assessment');
      const shares = await env.ctx.db.selectFrom('case_shares').select(['office_id', 'scope']).where('case_id', '=', sol.case_id).execute();
      assert.deepEqual(shares, [{ office_id: originOfficeId, scope: 'risk' }]);
    });
  });
}
