import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, sessionFor, type TestEnv } from '../../test/support/index.js';
import { reporterAdd } from './reports.service.js';
import { submitOk, validReport } from '../../test/support/reports.js';

/**
 * Issue 21, point 1: "my work" for a triage operator: reports waiting in their offices, untriaged past the office's
 * clock, reporters' replies nobody has read, and the national inbox for its operators; a count on every card, each
 * card a link to the queue it counted.
 */
for (const dialect of DIALECTS) {
  describe(`my work for triage operators (${dialect})`, () => {
    let env: TestEnv;
    let officeId: string;
    before(async () => {
      env = await createTestEnv(dialect);
      officeId = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    const count = (body: string, wait: string) => {
      const card = body.slice(body.indexOf(`id="triage-${wait}"`));
      return Number(/class="work-count">([0-9]+)</.exec(card)?.[1]);
    };
    const refsIn = (body: string) => [...body.matchAll(/href="\/staff\/reports\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

    test('the home shows counted cards that lead to the same reports; the inbox card only for its operators', async () => {
      const plain = await submitOk(env, validReport());
      const late = await submitOk(env, validReport());
      const replied = await submitOk(env, validReport());
      const inInbox = await submitOk(env, validReport({ country: 'ML' }));
      // The clock marked one past its limit; the reporter answered on another, which nobody opened since.
      await env.ctx.db
        .insertInto('report_escalations')
        .values({ report_id: late.id, office_id: officeId, limit_hours: 48, escalated_at: new Date().toISOString() })
        .execute();
      await env.ctx.db.updateTable('reports').set({ state: 'in_triage' }).where('id', '=', replied.id).execute();
      const row = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', replied.id).executeTakeFirstOrThrow();
      await reporterAdd(env.ctx, { report: row, message: 'Je suis toujours là-bas.', files: [] });
      const inbox = await env.ctx.db.selectFrom('reports').select('office_id').where('id', '=', inInbox.id).executeTakeFirstOrThrow();
      assert.equal(inbox.office_id, null, 'a report from a country without an office waits in the national inbox');

      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      const s = await sessionFor(env.ctx, operator.id);
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: s.cookie } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Reports to triage/);
      assert.equal(count(home.body, 'new'), 2, 'new reports of the office (not the one in triage)');
      assert.equal(count(home.body, 'late'), 1);
      assert.equal(count(home.body, 'replies'), 1);
      assert.ok(!home.body.includes('id="triage-inbox"'), 'no inbox card for someone who does not triage the inbox');
      for (const wait of ['new', 'late', 'replies']) assert.ok(home.body.includes(`href="/staff/reports?wait=${wait}"`), wait);
      assert.ok(!/Karim|Haddad|Oliviers|toujours/.test(home.body), 'counts only: no content on the home');

      const list = async (wait: string) =>
        refsIn((await env.app.inject({ method: 'GET', url: `/staff/reports?wait=${wait}`, headers: { cookie: s.cookie } })).body);
      assert.deepEqual((await list('new')).sort(), [plain.id, late.id].sort());
      assert.deepEqual(await list('late'), [late.id]);
      assert.deepEqual(await list('replies'), [replied.id]);
      assert.deepEqual(await list('inbox'), [], 'the inbox stays closed to them');

      // An inbox operator gets the inbox card, with the report waiting for an office.
      await env.ctx.db.insertInto('report_inbox_operators').values({ user_id: operator.id, granted_by: null, created_at: new Date().toISOString() }).execute();
      const again = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: s.cookie } });
      assert.equal(count(again.body, 'inbox'), 1);
      assert.deepEqual(await list('inbox'), [inInbox.id]);
      // Opening the replied report reads the reply: the card counts it no more.
      await env.app.inject({ method: 'GET', url: `/staff/reports/${replied.id}`, headers: { cookie: s.cookie } });
      assert.equal(count((await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: s.cookie } })).body, 'replies'), 0);
    });

    test('a case worker, who does not triage, has no triage cards; an unknown filter shows the whole queue', async () => {
      const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId });
      const w = await sessionFor(env.ctx, worker.id);
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: w.cookie } });
      assert.ok(!home.body.includes('Reports to triage'));
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      const s = await sessionFor(env.ctx, operator.id);
      const res = await env.app.inject({ method: 'GET', url: '/staff/reports?wait=everything', headers: { cookie: s.cookie } });
      assert.equal(res.statusCode, 200);
      assert.ok(refsIn(res.body).length >= 3);
    });
  });
}
