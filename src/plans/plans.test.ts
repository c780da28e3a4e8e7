import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../platform/db/database.js';
import { FEATURES } from '../features.js';
import { featureJobs } from '../platform/features/feature.js';
import { runJobOnce } from '../platform/jobs/scheduler.js';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { buildWorld, caseRow, openAnotherCase, type World } from '../referrals/world.fixture.js';
import './plans.jobs.js';
import * as views from './plan-view.service.js';
import * as changes from './plans.service.js';

const service = { ...changes, ...views };

for (const dialect of DIALECTS) {
  describe(`assistance plan (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    it('keeps objectives, actions and services encrypted at rest and shows them decrypted', async () => {
      const record = await caseRow(env, w.caseId);
      const objectiveId = await service.addObjective(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          splType: 'SocialCare',
          objective: 'Find a safe place to live in Sfax',
          plannedEndDate: '2027-01-31',
        },
      });
      const actionId = await service.addPlanAction(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          objectiveId,
          type: 'safe_accommodation',
          description: 'Ask the shelter for a bed',
          ownerId: w.users.worker.id,
          dueDate: '2026-12-15',
        },
      });
      await service.recordStaffService(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          service: 'psychosocial',
          deliveredOn: '2026-11-20',
          notes: 'First counselling session',
          actionId,
        },
      });
      const raw =
        JSON.stringify(await env.ctx.db.selectFrom('plan_actions').selectAll().execute()) +
        JSON.stringify(await env.ctx.db.selectFrom('plan_objectives').selectAll().execute()) +
        JSON.stringify(await env.ctx.db.selectFrom('plan_services').selectAll().execute());
      for (const secret of ['Sfax', 'shelter for a bed', 'counselling']) assert.ok(!raw.includes(secret), `${secret} stored in clear`);
      const plan = await service.loadPlan(env.ctx, record);
      assert.equal(plan.objectives[0]?.objective, 'Find a safe place to live in Sfax');
      assert.equal(plan.actions[0]?.description, 'Ask the shelter for a bed');
      assert.equal(plan.actions[0]?.ownerName, 'Test case_worker');
      assert.equal(plan.services[0]?.notes, 'First counselling session');
    });

    it('accepts only staff of the case office as owners, and only objectives of the same case', async () => {
      const record = await caseRow(env, w.caseId);
      await assert.rejects(
        service.addPlanAction(env.ctx, { actor: w.auth.worker, record, input: { type: 'legal', description: 'x', ownerId: w.users.foreignWorker.id } }),
        {
          code: 'VALIDATION',
        },
      );
      await assert.rejects(
        service.addPlanAction(env.ctx, { actor: w.auth.worker, record, input: { type: 'legal', description: 'x', ownerId: w.users.partnerA.id } }),
        {
          code: 'VALIDATION',
        },
      );
      const other = await caseRow(env, await openAnotherCase(env, w));
      const foreignObjective = await service.addObjective(env.ctx, {
        actor: w.auth.worker,
        record: other,
        input: { splType: 'Legal', objective: 'Residence permit' },
      });
      await assert.rejects(
        service.addPlanAction(env.ctx, { actor: w.auth.worker, record, input: { type: 'legal', description: 'x', objectiveId: foreignObjective } }),
        {
          code: 'VALIDATION',
        },
      );
    });

    it('refuses plan changes to users who may not edit the case', async () => {
      const record = await caseRow(env, w.caseId);
      for (const who of ['worker2', 'foreignSupervisor', 'analyst', 'partnerA'] as const) {
        await assert.rejects(
          service.addPlanAction(env.ctx, { actor: w.auth[who], record, input: { type: 'legal', description: 'x' } }),
          { code: 'FORBIDDEN' },
          who,
        );
      }
      await service.addPlanAction(env.ctx, { actor: w.auth.supervisor, record, input: { type: 'legal', description: 'Lawyer appointment' } });
    });

    it('lets the durable-solutions feature add its actions inside its own transaction', async () => {
      const record = await caseRow(env, w.caseId);
      const id = await inTransaction(env.ctx.db, (tx) =>
        service.addPlanAction(env.ctx, {
          actor: w.auth.supervisor,
          record,
          input: { type: 'durable_solution', description: 'Prepare voluntary return' },
          opts: { source: 'solutions', tx },
        }),
      );
      const row = await env.ctx.db.selectFrom('plan_actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.source, 'solutions');
      assert.equal(row.action_type, 'durable_solution');
      // Its status is the durable solution's to change (where the gates are checked); a correction is the plan's too.
      await assert.rejects(service.updatePlanAction(env.ctx, { actor: w.auth.supervisor, record, actionId: id, input: { status: 'done', version: 1 } }), {
        code: 'ACTION_OF_SOLUTION',
      });
      await service.updatePlanAction(env.ctx, { actor: w.auth.supervisor, record, actionId: id, input: { dueDate: '2026-12-24', version: 1 } });
      await service.updatePlanAction(env.ctx, {
        actor: w.auth.supervisor,
        record,
        actionId: id,
        input: { status: 'done', version: 2 },
        opts: { source: 'solutions' },
      });
      const done = await env.ctx.db.selectFrom('plan_actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([done.status, done.due_date], ['done', '2026-12-24']);
    });

    it('refuses a stale edit: of two concurrent changes with the same version, one wins', async () => {
      const record = await caseRow(env, w.caseId);
      const id = await service.addPlanAction(env.ctx, {
        actor: w.auth.worker,
        record,
        input: { type: 'medical', description: 'Dentist', dueDate: '2026-12-01' },
      });
      const results = await Promise.allSettled([
        service.updatePlanAction(env.ctx, { actor: w.auth.worker, record, actionId: id, input: { status: 'done', version: 1 } }),
        service.updatePlanAction(env.ctx, { actor: w.auth.supervisor, record, actionId: id, input: { dueDate: '2026-12-10', version: 1 } }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.equal((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code, 'STALE_VERSION');
      const s = w.sessions.worker;
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${w.caseId}/plan/actions/${id}`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, status: 'cancelled', version: '1' }),
      });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /Someone else saved this record/);
    });

    it('lists overdue actions within the case scope and raises each reminder once', async () => {
      const caseId = await openAnotherCase(env, w);
      const record = await caseRow(env, caseId);
      const id = await service.addPlanAction(env.ctx, {
        actor: w.auth.worker,
        record,
        input: {
          type: 'family_tracing',
          description: 'Call the Red Cross',
          ownerId: w.users.worker.id,
          dueDate: '2026-01-02',
        },
      });
      await service.addPlanAction(env.ctx, { actor: w.auth.worker, record, input: { type: 'education', description: 'Enrol', dueDate: '2099-01-01' } });
      const ids = async (who: keyof World['auth'], mine = false) => (await service.overdueActions(env.ctx, w.auth[who], { mine })).map((r) => r.id);
      assert.ok((await ids('worker')).includes(id));
      assert.ok((await ids('worker', true)).includes(id));
      assert.ok((await ids('supervisor')).includes(id));
      assert.ok(!(await ids('supervisor', true)).includes(id));
      for (const who of ['worker2', 'foreignSupervisor', 'analyst', 'partnerA'] as const) assert.ok(!(await ids(who)).includes(id), who);
      const job = featureJobs(FEATURES).find((j) => j.name === 'plan-reminders');
      assert.ok(job, 'the reminders job is registered');
      const first = await runJobOnce(env.ctx, job);
      assert.match(first ?? '', /overdue actions reminded: [1-9]/);
      assert.ok(
        await env.ctx.db
          .selectFrom('plan_actions')
          .select('reminded_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
          .then((r) => r.reminded_at),
      );
      assert.equal(await service.raiseOverdueReminders(env.ctx), 0, 'a reminder is raised once');
      const events = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'plan.action_overdue').execute();
      assert.equal(events.filter((e) => JSON.parse(e.data).actionId === id).length, 1);
      // A new due date clears the reminder, so the next deadline gets one too.
      await service.updatePlanAction(env.ctx, { actor: w.auth.worker, record, actionId: id, input: { dueDate: '2026-02-01', version: 1 } });
      assert.equal(await service.raiseOverdueReminders(env.ctx), 1);
      const page = await env.app.inject({ method: 'GET', url: '/staff/plans/overdue', headers: { cookie: w.sessions.worker.cookie } });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(record.case_number));
      const api = await env.app.inject({ method: 'GET', url: '/api/v1/plans/overdue?mine=1', headers: { cookie: w.sessions.worker.cookie } });
      assert.ok(api.json().actions.some((a: { id: string }) => a.id === id));
    });

    it('builds the plan through the pages without JavaScript: errors re-render the form, a valid post redirects', async () => {
      const s = w.sessions.worker;
      const url = `/staff/cases/${w.caseId}/plan`;
      const bad = await env.app.inject({
        method: 'POST',
        url: `${url}/actions`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, type: 'teleportation', dueDate: '31/12/2026' }),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /class="error-summary"/);
      assert.match(bad.body, /Enter a date like 2026-03-31/);
      const good = await env.app.inject({
        method: 'POST',
        url: `${url}/actions`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, type: 'vocational_training', description: 'Sewing course', dueDate: '2027-02-01', ownerId: w.users.worker.id }),
      });
      assert.equal(good.statusCode, 303);
      const page = await env.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Sewing course/);
      assert.ok(!page.body.includes('⟦'), 'no missing translation');
      const api = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${w.caseId}/plan`, headers: { cookie: s.cookie } });
      assert.ok(api.json().plan.actions.some((a: { description: string }) => a.description === 'Sewing course'));
      assert.ok(
        api
          .json()
          .htcds.some(
            (p: Record<string, string>) =>
              p.spl_Type === 'SocialCare' &&
              p.spl_Objectives === 'Find a safe place to live in Sfax' &&
              p.spl_ActionPlan?.includes('Ask the shelter for a bed'),
          ),
      );
    });

    it('renders the plan and referral pages in every language without a missing key', async () => {
      for (const locale of ['fr', 'es', 'ar', 'en']) {
        await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', w.users.worker.id).execute();
        for (const path of ['plan', 'referrals']) {
          const r = await env.app.inject({ method: 'GET', url: `/staff/cases/${w.caseId}/${path}`, headers: { cookie: w.sessions.worker.cookie } });
          assert.equal(r.statusCode, 200);
          assert.ok(!r.body.includes('⟦'), `${locale} ${path}: ${/⟦[^⟧]+⟧/.exec(r.body)?.[0]}`);
        }
      }
    });
  });
}
