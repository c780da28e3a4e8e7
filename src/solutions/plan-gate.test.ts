import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../test/helper.js';
import { openCase } from '../cases/cases.service.js';
import { appointGuardian, endGuardian, recordFamilyAssessment, reviewDetermination, submitDetermination } from '../cases/children.js';
import { type TwoOffices, twoOffices } from './solutions.test-support.js';

/*
 * A durable-solution step is an action of the assistance plan: its status is changed only on the solution tab,
 * where the gates are checked (issue 15). The plan tab and the plan API refuse to mark it done or cancelled, on a
 * child's case whose safeguards lapsed as on any other; a plan action of the plan's own is changed there as before.
 */

const REFUSED = /This step belongs to the durable solution: mark it done on the Durable solution tab/;

for (const dialect of DIALECTS) {
  describe(`durable-solution steps on the plan tab (${dialect})`, () => {
    let w: TwoOffices;
    before(async () => {
      w = await twoOffices(dialect);
    });
    after(async () => w.env.close());

    const row = (id: string) => w.env.ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const action = (id: string) => w.env.ctx.db.selectFrom('plan_actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const events = async (caseId: string) => (await w.env.ctx.db.selectFrom('audit_events').select('id').where('subject_id', '=', caseId).execute()).length;

    /** A child's case with a guardian, an approved determination, a family assessment and consent, a return decided, one step. */
    async function childWithStep(): Promise<{ caseId: string; stepId: string }> {
      const { env } = w;
      const worker = await w.authUser('destWorker');
      const c = await openCase(env.ctx, {
        actor: worker,
        input: {
          officeId: w.dest,
          source: 'self',
          ownerId: w.ids.destWorker,
          identity: { firstName: 'Awa' },
          mayBeChild: true,
        },
      });
      await appointGuardian(env.ctx, {
        actor: worker,
        record: await row(c.id),
        input: { kind: 'social_welfare', appointedOn: '2026-11-01', details: { name: 'Mariam' } },
      });
      const bid = await submitDetermination(env.ctx, {
        actor: worker,
        record: await row(c.id),
        input: {
          question: 'durable_solution',
          decision: 'return',
          panel: ['social worker', 'guardian'],
          rationale: 'Panel of two',
          decidedOn: '2026-11-10',
        },
      });
      await reviewDetermination(env.ctx, { actor: await w.authUser('destSup'), record: await row(c.id), determinationId: bid, approve: true, version: 1 });
      await recordFamilyAssessment(env.ctx, {
        actor: worker,
        record: await row(c.id),
        input: { assessedOn: '2026-11-12', familyAgrees: 'yes', familyAble: 'yes', outcome: 'positive' },
      });
      const base = `/api/v1/cases/${c.id}/solution`;
      await w.ok('destWorker', `${base}/consent`, { purpose: 'return', given: 'yes' });
      await w.ok('destWorker', `${base}/decision`, {
        options: ['return', 'local_integration'],
        wishes: 'Go home',
        decision: 'return',
        targetOfficeId: w.origin,
      });
      const step = await w.ok('destWorker', `${base}/actions`, { track: 'return', step: 'travel_document' });
      return { caseId: c.id, stepId: step.id };
    }

    async function endTheGuardian(caseId: string): Promise<void> {
      const g = await w.env.ctx.db.selectFrom('case_guardians').select(['id', 'version']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
      await endGuardian(w.env.ctx, { actor: await w.authUser('destWorker'), record: await row(caseId), guardianId: g.id, version: g.version });
    }

    it('refuses to mark a solution step done or cancelled from the plan, HTML and API, and changes nothing', async () => {
      const { caseId, stepId } = await childWithStep();
      await endTheGuardian(caseId);
      const before = await action(stepId);
      const eventsBefore = await events(caseId);
      for (const status of ['done', 'cancelled']) {
        const html = await w.post('destWorker', `/staff/cases/${caseId}/plan/actions/${stepId}`, { status, version: String(before.version) });
        assert.equal(html.statusCode, 422, html.body);
        assert.match(html.body, REFUSED);
        const api = await w.api('destWorker', `/api/v1/cases/${caseId}/plan/actions/${stepId}`, { status, version: before.version });
        assert.equal(api.statusCode, 422, api.body);
        assert.equal(api.json().error?.code, 'ACTION_OF_SOLUTION');
        // A supervisor of the office is held the same way.
        const sup = await w.api('destSup', `/api/v1/cases/${caseId}/plan/actions/${stepId}`, { status, version: before.version });
        assert.equal(sup.statusCode, 422, sup.body);
      }
      const afterRow = await action(stepId);
      assert.deepEqual(
        { status: afterRow.status, version: afterRow.version, completed: afterRow.completed_at },
        { status: 'open', version: before.version, completed: null },
      );
      assert.equal(await events(caseId), eventsBefore, 'no audit event for a refused change');
      // The solution tab is held by the gate itself, and says why.
      const tab = await w.post('destWorker', `/staff/cases/${caseId}/solution/actions/${stepId}`, { status: 'done', version: String(before.version) });
      assert.equal(tab.statusCode, 422);
      assert.match(tab.body, /needs a guardian before any durable solution/);
      const viaApi = await w.api('destWorker', `/api/v1/cases/${caseId}/solution/actions/${stepId}`, { status: 'done', version: before.version });
      assert.equal(viaApi.statusCode, 422, viaApi.body);
      assert.equal(viaApi.json().error?.code, 'CHILD_GUARDIAN_REQUIRED');
      assert.equal((await action(stepId)).status, 'open');
    });

    it('shows a solution step on the plan with a link to the solution tab instead of Done and Cancel; its due date may be corrected there', async () => {
      const { caseId, stepId } = await childWithStep();
      const page = await w.get('destWorker', `/staff/cases/${caseId}/plan`);
      assert.equal(page.statusCode, 200);
      const stepRow = page.body.split('<tr').find((r) => r.includes(stepId));
      assert.ok(stepRow, 'the step is listed on the plan');
      assert.match(stepRow, new RegExp(`href="/staff/cases/${caseId}/solution#sol-actions"`));
      assert.doesNotMatch(stepRow, /name="status"/);
      // A correction of the due date changes no outcome: allowed on the plan, audited by field name.
      const v = (await action(stepId)).version;
      const fixed = await w.api('destWorker', `/api/v1/cases/${caseId}/plan/actions/${stepId}`, { dueDate: '2026-12-20', version: v });
      assert.equal(fixed.statusCode, 200, fixed.body);
      const after = await action(stepId);
      assert.deepEqual({ due: after.due_date, status: after.status }, { due: '2026-12-20', status: 'open' });
    });

    it('marks the step done on the solution tab once the gates pass again', async () => {
      const { caseId, stepId } = await childWithStep();
      await endTheGuardian(caseId);
      await appointGuardian(w.env.ctx, {
        actor: await w.authUser('destWorker'),
        record: await row(caseId),
        input: {
          kind: 'social_welfare',
          appointedOn: '2026-11-20',
          details: { name: 'Khadija' },
        },
      });
      const v = (await action(stepId)).version;
      const r = await w.post('destWorker', `/staff/cases/${caseId}/solution/actions/${stepId}`, { status: 'done', version: String(v) });
      assert.equal(r.statusCode, 303, r.body);
      const done = await action(stepId);
      assert.equal(done.status, 'done');
      assert.ok(done.completed_at);
      // The solution API marks a step the same way.
      const second = await w.ok('destWorker', `/api/v1/cases/${caseId}/solution/actions`, { track: 'return', step: 'escort' });
      const viaApi = await w.api('destWorker', `/api/v1/cases/${caseId}/solution/actions/${second.id}`, { status: 'cancelled', version: 1 });
      assert.equal(viaApi.statusCode, 200, viaApi.body);
      assert.equal((await action(second.id)).status, 'cancelled');
      // Reopening it from the plan is a status change too: refused.
      const reopen = await w.api('destWorker', `/api/v1/cases/${caseId}/plan/actions/${stepId}`, { status: 'open', version: done.version });
      assert.equal(reopen.statusCode, 422);
      assert.equal((await action(stepId)).status, 'done');
    });

    it("still lets the plan's own actions be marked done from the plan, HTML and API", async () => {
      const { caseId } = await childWithStep();
      const add = async () => {
        const r = await w.api('destWorker', `/api/v1/cases/${caseId}/plan/actions`, { type: 'medical', description: 'Dentist' });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id as string;
      };
      const viaForm = await add();
      const html = await w.post('destWorker', `/staff/cases/${caseId}/plan/actions/${viaForm}`, { status: 'done', version: '1' });
      assert.equal(html.statusCode, 303, html.body);
      assert.equal((await action(viaForm)).status, 'done');
      const viaApi = await add();
      const api = await w.api('destWorker', `/api/v1/cases/${caseId}/plan/actions/${viaApi}`, { status: 'cancelled', version: 1 });
      assert.equal(api.statusCode, 200, api.body);
      assert.equal((await action(viaApi)).status, 'cancelled');
    });
  });
}
