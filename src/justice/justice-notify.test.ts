import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, type TestEnv } from '../../test/support/index.js';
import { savePreferences } from '../notifications/notifications.service.js';
import { NOTIFICATION_EVENTS } from '../notifications/notify.service.js';
import { buildWorld, caseRow, openAnotherCase, type World } from '../referrals/world.fixture.js';
import { addDays, addStatus, raiseStatusWarnings } from './justice.service.js';

/*
 * The hourly justice pass (with an injected day) tells the case's owner and the office's supervisors, once per
 * warning, with nothing of the status in the notification; muting and a case without an owner are respected.
 */

const START = '2030-01-01';

for (const dialect of DIALECTS) {
  describe(`justice warnings notify (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    const told = async (userId: string, event: string) =>
      (await env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('event', '=', event).execute()).length;
    const everyone = (): Array<keyof World['users']> => [
      'worker',
      'worker2',
      'supervisor',
      'foreignSupervisor',
      'foreignWorker',
      'analyst',
      'triage',
      'admin',
      'editor',
      'partnerA',
    ];
    const tally = async (event: string) => Object.fromEntries(await Promise.all(everyone().map(async (u) => [u, await told(w.users[u].id, event)] as const)));
    const only = (counts: Record<string, number>) => Object.fromEntries(everyone().map((u) => [u, counts[u] ?? 0]));

    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    it('tells the owner and the supervisors once before the end and once after it, content-free; a muted event is not told', async () => {
      await addStatus(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, w.caseId),
        input: {
          kind: 'reflection_period',
          status: 'granted',
          startOn: START,
          reference: 'RP-2030-55120',
          grantedBy: 'Prefecture of Sfax',
        },
      });
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(START, 22))).warned, 0);
      assert.deepEqual(await tally('justice_status_ending'), only({}), 'nobody before the warning time');
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(START, 23))).warned, 1);
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(START, 24))).warned, 0);
      assert.deepEqual(await tally('justice_status_ending'), only({ worker: 1, supervisor: 1 }), 'the owner and the office supervisor, once');

      const rows = await env.ctx.db.selectFrom('notifications').selectAll().where('event', 'in', ['justice_status_ending', 'justice_status_ended']).execute();
      for (const r of rows) {
        assert.equal(r.link, `/staff/cases/${w.caseId}/legal-status`);
        assert.equal(r.office_id, w.officeId);
      }
      const raw = JSON.stringify(rows);
      for (const secret of ['RP-2030-55120', 'Prefecture of Sfax', 'reflection_period', addDays(START, 30)])
        assert.ok(!raw.includes(secret), `${secret} in a notification`);

      const list = await env.app.inject({ method: 'GET', url: '/staff/notifications', headers: { cookie: w.sessions.worker.cookie } });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /A reflection period or residence permit ends soon/);
      assert.ok(NOTIFICATION_EVENTS.includes('justice_status_ended'));
      const prefs = await env.app.inject({ method: 'GET', url: '/staff/notifications/preferences', headers: { cookie: w.sessions.supervisor.cookie } });
      assert.match(prefs.body, /value="justice_status_ended" checked/);

      // The supervisor mutes the "ended" notice; the owner still gets it, once.
      await savePreferences(env.ctx, w.auth.supervisor, { events: NOTIFICATION_EVENTS.filter((e) => e !== 'justice_status_ended'), delivery: 'immediate' });
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(START, 30))).ended, 0, 'not on its last day');
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(START, 31))).ended, 1);
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(START, 32))).ended, 0);
      assert.deepEqual(await tally('justice_status_ended'), only({ worker: 1 }));
      await savePreferences(env.ctx, w.auth.supervisor, { events: [...NOTIFICATION_EVENTS], delivery: 'immediate' });
    });

    it('a case without an owner tells its office’s supervisors; a new owner is told of the next one', async () => {
      const caseId = await openAnotherCase(env, w);
      await env.ctx.db.updateTable('cases').set({ owner_id: null }).where('id', '=', caseId).execute();
      const start = '2031-05-01';
      await addStatus(env.ctx, {
        actor: w.auth.supervisor,
        record: await caseRow(env, caseId),
        input: { kind: 'reflection_period', status: 'granted', startOn: start },
      });
      const before = await tally('justice_status_ending');
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 23))).warned, 1);
      const after1 = await tally('justice_status_ending');
      assert.deepEqual(Object.fromEntries(everyone().map((u) => [u, (after1[u] ?? 0) - (before[u] ?? 0)])), only({ supervisor: 1 }));
      await env.ctx.db.updateTable('cases').set({ owner_id: w.users.worker2.id }).where('id', '=', caseId).execute();
      assert.equal((await raiseStatusWarnings(env.ctx, addDays(start, 31))).ended, 1);
      assert.equal(await told(w.users.worker2.id, 'justice_status_ended'), 1);
      assert.equal(await told(w.users.worker2.id, 'justice_status_ending'), 0);
    });
  });
}
