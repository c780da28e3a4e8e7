import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { buildWorld, caseRow, type World } from '../referrals/world.fixture.js';
import { caseHistory } from '../cases/history.service.js';
import { correctService, withdrawService } from './corrections.service.js';
import { loadPlan } from './plan-view.service.js';
import { recordStaffService } from './plans.service.js';

for (const dialect of DIALECTS) {
  describe(`correcting and withdrawing a service (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    const newService = async () => {
      const record = await caseRow(env, w.caseId);
      const id = await recordStaffService(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          service: 'psychosocial',
          deliveredOn: '2026-11-20',
          notes: 'Session at Hotel Lac',
        },
      });
      return { record, id };
    };

    it('corrects with a reason, keeps the earlier values sealed, and the history names the fields only', async () => {
      const { record, id } = await newService();
      await correctService(env.ctx, {
        who: { kind: 'staff', user: w.auth.worker, record },
        serviceId: id,
        input: {
          service: 'medical',
          deliveredOn: '2026-11-19',
          notes: 'Session at Clinic Nour',
          reason: 'Typed on the wrong day by Mme Ben Ali',
          version: 1,
        },
      });
      const plan = await loadPlan(env.ctx, record);
      const s = plan.services.find((x) => x.id === id);
      assert.equal(s?.service, 'medical');
      assert.equal(s?.deliveredOn, '2026-11-19');
      assert.equal(s?.notes, 'Session at Clinic Nour');
      assert.equal(s?.correctionReason, 'Typed on the wrong day by Mme Ben Ali');
      const stored =
        JSON.stringify(await env.ctx.db.selectFrom('record_corrections').selectAll().execute()) +
        JSON.stringify(await env.ctx.db.selectFrom('audit_events').select('data').execute());
      for (const secret of ['Hotel Lac', 'Clinic Nour', 'Ben Ali', '2026-11-20']) assert.ok(!stored.includes(secret), `${secret} in clear`);
      const h = await caseHistory(env.ctx, w.caseId);
      const e = h.events.find((x) => x.type === 'plan.service_corrected' && x.data.serviceId === id);
      assert.deepEqual(e?.data.fields, ['service', 'deliveredOn', 'notes']);
      assert.equal(e?.data.reason, 'Typed on the wrong day by Mme Ben Ali');
      // The earlier values are kept, sealed: opened with the office's key they are the original.
      const row = await env.ctx.db.selectFrom('record_corrections').selectAll().where('subject_id', '=', id).executeTakeFirstOrThrow();
      const before = await env.ctx.keys.decrypt<Record<string, unknown>>(row.previous_enc as string, `record_corrections.previous:${row.id}`);
      assert.deepEqual(before, { service: 'psychosocial', deliveredOn: '2026-11-20', notes: 'Session at Hotel Lac' });
    });

    it('refuses a future date, no reason, a stale version, and anyone who may not edit the case', async () => {
      const { record, id } = await newService();
      const base = { service: 'psychosocial' as const, deliveredOn: '2026-11-20', reason: 'x', version: 1 };
      await assert.rejects(
        correctService(env.ctx, { who: { kind: 'staff', user: w.auth.worker, record }, serviceId: id, input: { ...base, deliveredOn: '2099-01-01' } }),
        {
          code: 'VALIDATION',
        },
      );
      await assert.rejects(
        correctService(env.ctx, { who: { kind: 'staff', user: w.auth.worker, record }, serviceId: id, input: { ...base, notes: 'n', reason: '   ' } }),
        {
          code: 'VALIDATION',
        },
      );
      await assert.rejects(correctService(env.ctx, { who: { kind: 'staff', user: w.auth.analyst, record }, serviceId: id, input: { ...base, notes: 'n' } }), {
        code: 'FORBIDDEN',
      });
      await assert.rejects(
        correctService(env.ctx, { who: { kind: 'staff', user: w.auth.worker, record }, serviceId: id, input: { ...base, notes: 'n', version: 7 } }),
        {
          code: 'STALE_VERSION',
        },
      );
      await assert.rejects(
        correctService(env.ctx, {
          who: { kind: 'partner', userId: w.users.partnerA.id, record, referralId: 'r', organisationId: w.shelter },
          serviceId: id,
          input: {
            ...base,
            notes: 'n',
          },
        }),
        { code: 'NOT_FOUND' },
      );
    });

    it('withdraws: the row stays, leaves the plan list and the totals, shows struck through with its reason', async () => {
      const { record, id } = await newService();
      const s = w.sessions.worker;
      await env.ctx.db.deleteFrom('dashboard_dirty').execute();
      const url = `/staff/cases/${w.caseId}/plan/services/${id}/withdraw`;
      const empty = await env.app.inject({
        method: 'POST',
        url,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, version: '1', target: id }),
      });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Give the reason/);
      const ok = await env.app.inject({
        method: 'POST',
        url,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, version: '1', target: id, reason: 'Recorded on the wrong case' }),
      });
      assert.equal(ok.statusCode, 303);
      assert.ok(await env.ctx.db.selectFrom('plan_services').select('id').where('id', '=', id).executeTakeFirst(), 'the row stays');
      // The dashboards recount the service's month: a withdrawn service counts nowhere.
      assert.ok(
        (await env.ctx.db.selectFrom('dashboard_dirty').selectAll().execute()).some((d) => d.month === '2026-11'),
        'month marked for recount',
      );
      assert.ok(!(await loadPlan(env.ctx, record)).services.some((x) => x.id === id), 'not in the plan as others read it');
      const page = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/plan`, headers: { cookie: s.cookie } });
      assert.match(page.body, /Withdrawn on [^<]*<span dir="auto">Recorded on the wrong case<\/span>/);
      assert.match(page.body, /<s>Session at Hotel Lac<\/s>/);
      await assert.rejects(
        withdrawService(env.ctx, { who: { kind: 'staff', user: w.auth.worker, record }, serviceId: id, input: { reason: 'again', version: 2 } }),
        {
          code: 'WITHDRAWN',
        },
      );
      const h = await caseHistory(env.ctx, w.caseId);
      assert.ok(h.events.some((x) => x.type === 'plan.service_withdrawn' && x.data.reason === 'Recorded on the wrong case'));
    });

    it('answers any correction body with a field error or a success, never a 5xx', async () => {
      const { id } = await newService();
      const s = w.sessions.worker;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            service: fc.string({ maxLength: 20 }),
            deliveredOn: fc.string({ maxLength: 12 }),
            notes: fc.string({ maxLength: 30 }),
            reason: fc.string({ maxLength: 30 }),
            version: fc.string({ maxLength: 4 }),
          }),
          async (body) => {
            const res = await env.app.inject({
              method: 'POST',
              url: `/staff/cases/${w.caseId}/plan/services/${id}/correct`,
              headers: { ...FORM, cookie: s.cookie },
              payload: form({ _csrf: s.csrf, target: id, ...body }),
            });
            assert.ok([303, 400, 409, 422].includes(res.statusCode), `status ${res.statusCode}`);
          },
        ),
        { numRuns: 15 },
      );
    });
  });
}
