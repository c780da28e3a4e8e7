import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOffice, createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { replaceMemberships } from '../platform/auth/auth.repository.js';
import { seedDemo } from '../demo/seed-demo.js';
import { caseRow, newCase, staff } from '../../test/support/cases.js';

for (const dialect of DIALECTS) {
  describe(`case list, opening and overview pages (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    let otherOfficeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
      otherOfficeId = await createOffice(env.ctx, 'CI', 'CI');
    });
    after(async () => env.close());

    it('shows a case worker their caseload and the overview of their case, with no missing translation', async () => {
      const w = await staff(env, 'case_worker', officeId);
      const c = await newCase(env, w.id, { officeId, identity: { firstName: 'Ama', lastName: 'Mensah' } });
      for (const locale of ['en', 'fr', 'es', 'ar']) {
        await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', w.id).execute();
        for (const url of ['/staff/cases', `/staff/cases/${c.id}`, `/staff/cases/${c.id}/edit`, '/staff/cases/new', `/staff/cases/${c.id}/reminders/new`]) {
          const res = await env.app.inject({ method: 'GET', url, headers: { cookie: w.cookie } });
          assert.equal(res.statusCode, 200, `${url} ${locale}`);
          assert.deepEqual(res.body.match(/⟦[^⟧]+⟧/g) ?? [], [], `missing translation on ${url} (${locale})`);
        }
      }
      const list = await env.app.inject({ method: 'GET', url: '/staff/cases', headers: { cookie: w.cookie } });
      assert.ok(list.body.includes(c.caseNumber));
      const view = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}`, headers: { cookie: w.cookie } });
      assert.ok(view.body.includes('Mensah'));
      const access = await env.ctx.db.selectFrom('access_log').select('actor_id').where('subject_id', '=', c.id).execute();
      assert.ok(
        access.some((a) => a.actor_id === w.id),
        'the read is in the access log',
      );
    });

    it("hides another office's case and a colleague's unassigned case from a case worker; partners and analysts are refused", async () => {
      const w = await staff(env, 'case_worker', officeId);
      const colleague = await staff(env, 'case_worker', officeId);
      const foreign = await staff(env, 'supervisor', otherOfficeId);
      const c = await newCase(env, colleague.id, { officeId, identity: { firstName: 'Hidden', lastName: 'Person' } });
      const unassigned = await newCase(env, colleague.id, { officeId, ownerId: null });
      for (const who of [w, foreign]) {
        for (const id of [c.id, unassigned.id]) {
          const res = await env.app.inject({ method: 'GET', url: `/staff/cases/${id}`, headers: { cookie: who.cookie } });
          assert.equal(res.statusCode, 404);
          assert.ok(!res.body.includes('Hidden'));
        }
      }
      const list = await env.app.inject({ method: 'GET', url: '/staff/cases', headers: { cookie: w.cookie } });
      assert.ok(!list.body.includes(c.caseNumber));
      const analyst = await staff(env, 'analyst', officeId);
      const partner = await staff(env, 'partner', null);
      for (const who of [analyst, partner]) {
        for (const url of ['/staff/cases', `/staff/cases/${c.id}`]) {
          const res = await env.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
          assert.equal(res.statusCode, 403, `${url}`);
        }
      }
    });

    it('runs the duplicate check before opening, then opens the case with its number', async () => {
      const w = await staff(env, 'case_worker', officeId);
      const check = await env.app.inject({
        method: 'POST',
        url: '/staff/cases/new',
        headers: { cookie: w.cookie, ...FORM },
        payload: form({ _csrf: w.csrf, source: 'self', firstName: 'Kofi', lastName: 'Boateng', mayBeChild: 'no', phone: '+216 55 123 456' }),
      });
      assert.equal(check.statusCode, 200);
      assert.ok(check.body.includes('name="confirmed"'));
      const open = await env.app.inject({
        method: 'POST',
        url: '/staff/cases/new',
        headers: { cookie: w.cookie, ...FORM },
        payload: form({
          _csrf: w.csrf,
          source: 'self',
          firstName: 'Kofi',
          lastName: 'Boateng',
          mayBeChild: 'unknown',
          phone: '+216 55 123 456',
          confirmed: '1',
        }),
      });
      assert.equal(open.statusCode, 303);
      const id = String(open.headers.location).split('/').pop() as string;
      const row = await caseRow(env, id);
      assert.equal(row.is_child, 1, 'in doubt, the person is presumed a child');
      assert.equal(row.age_status, 'presumed_minor');
      assert.equal(row.owner_id, w.id);
    });

    it('asks someone working cases in two offices where to open the case', async () => {
      const w = await staff(env, 'case_worker', officeId);
      await replaceMemberships(env.ctx.db, w.id, [
        { role: 'case_worker', officeId, organisationId: null },
        { role: 'case_worker', officeId: otherOfficeId, organisationId: null },
      ]);
      const page = await env.app.inject({ method: 'GET', url: '/staff/cases/new', headers: { cookie: w.cookie } });
      assert.ok(page.body.includes('name="officeId"'));
      const missing = await env.app.inject({ method: 'POST', url: '/staff/cases/new', headers: { cookie: w.cookie, ...FORM }, payload: form({ _csrf: w.csrf, source: 'self', confirmed: '1' }) });
      assert.equal(missing.statusCode, 400);
      const ok = await env.app.inject({ method: 'POST', url: '/staff/cases/new', headers: { cookie: w.cookie, ...FORM }, payload: form({ _csrf: w.csrf, source: 'self', confirmed: '1', officeId: otherOfficeId }) });
      assert.equal(ok.statusCode, 303);
      const row = await caseRow(env, String(ok.headers.location).split('/').pop() as string);
      assert.equal(row.office_id, otherOfficeId);
    });

    it('lets a supervisor assign a case to a case worker of the office, and refuses a case worker', async () => {
      const sup = await staff(env, 'supervisor', officeId);
      const w = await staff(env, 'case_worker', officeId);
      const c = await newCase(env, sup.id, { officeId, ownerId: null });
      const byWorker = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${c.id}/assign`,
        headers: { cookie: w.cookie, ...FORM },
        payload: form({ _csrf: w.csrf, ownerId: w.id, version: '1' }),
      });
      assert.equal(byWorker.statusCode, 404);
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${c.id}/assign`,
        headers: { cookie: sup.cookie, ...FORM },
        payload: form({ _csrf: sup.csrf, ownerId: w.id, version: '1' }),
      });
      assert.equal(res.statusCode, 303);
      assert.equal((await caseRow(env, c.id)).owner_id, w.id);
      const view = await env.app.inject({ method: 'GET', url: `/staff/cases/${c.id}`, headers: { cookie: w.cookie } });
      assert.equal(view.statusCode, 200);
    });
  });

  describe(`demo cases (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('seeds demo cases (an adult, and a child with a guardian) once', async () => {
      const out = await seedDemo(env.ctx);
      assert.match(out, /cases: TN-\d{4}-\d{5} \(adult\), TN-\d{4}-\d{5} \(child with a guardian\)/);
      assert.match(await seedDemo(env.ctx), /cases: already there/);
      const child = await env.ctx.db.selectFrom('cases').innerJoin('case_guardians', 'case_guardians.case_id', 'cases.id').select('cases.id').where('cases.is_child', '=', 1).executeTakeFirst();
      assert.ok(child);
    });
  });
}
