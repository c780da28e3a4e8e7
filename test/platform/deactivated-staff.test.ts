import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isCaseWorkerOf } from '../../src/solutions/solutions.repository.js';
import { caseRow, newCase, staff } from '../support/cases.js';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../support/index.js';

/*
 * A deactivated account can no longer sign in, so it is never offered, nor accepted, as the owner of a case or of a
 * hand-over: the case would sit with nobody able to open it (a child's case included).
 */
for (const dialect of DIALECTS) {
  describe(`deactivated staff are not given work (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx);
    });
    after(async () => env.close());

    it('leaves a deactivated case worker out of the assignment list and refuses them as an owner; reactivated, they are offered again', async () => {
      const admin = await staff(env, 'administrator', null);
      const sup = await staff(env, 'supervisor', officeId);
      const gone = await staff(env, 'case_worker', officeId);
      const c = await newCase(env, sup.id, { officeId, ownerId: null });
      const before = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}`, headers: { cookie: sup.cookie } });
      assert.equal(before.statusCode, 200);
      assert.ok(before.body.includes(`value="${gone.id}"`), 'an active case worker is offered');
      assert.equal(await isCaseWorkerOf(env.ctx.db, gone.id, officeId), true);

      const off = await env.app.inject({
        method: 'POST',
        url: `/staff/admin/users/${gone.id}/deactivate`,
        headers: { cookie: admin.cookie, ...FORM },
        payload: form({ _csrf: admin.csrf }),
      });
      assert.equal(off.statusCode, 303, off.body);
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}`, headers: { cookie: sup.cookie } });
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(`value="${gone.id}"`), 'a deactivated case worker is not offered');
      const refused = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${c.id}/assign`,
        headers: { cookie: sup.cookie, ...FORM },
        payload: form({ _csrf: sup.csrf, ownerId: gone.id, version: '1' }),
      });
      assert.ok(refused.statusCode >= 400 && refused.statusCode < 500, `refused with a client error, got ${refused.statusCode}`);
      assert.equal((await caseRow(env, c.id)).owner_id, null, 'the case keeps no owner');
      assert.equal(await isCaseWorkerOf(env.ctx.db, gone.id, officeId), false, 'a hand-over cannot be accepted for them');

      const on = await env.app.inject({
        method: 'POST',
        url: `/staff/admin/users/${gone.id}/reactivate`,
        headers: { cookie: admin.cookie, ...FORM },
        payload: form({ _csrf: admin.csrf }),
      });
      assert.equal(on.statusCode, 303, on.body);
      const assigned = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${c.id}/assign`,
        headers: { cookie: sup.cookie, ...FORM },
        payload: form({ _csrf: sup.csrf, ownerId: gone.id, version: '1' }),
      });
      assert.equal(assigned.statusCode, 303);
      assert.equal((await caseRow(env, c.id)).owner_id, gone.id);
    });
  });
}
