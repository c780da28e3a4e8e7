import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiToken } from '../platform/auth/api-tokens.js';
import type { AuthState } from '../platform/auth/auth-user.js';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import { submitOk, validReport } from '../../test/support/reports.js';

/**
 * Issue 21, point 4: the triage operator who opens a case picks its case worker, or the office's rule does (an
 * office setting beside its time limits), in the transaction of the opening; the office's supervisors and the
 * case worker are told, with ids only.
 */
for (const dialect of DIALECTS) {
  describe(`opening a case from triage: who takes it, who is told (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    const version = async (id: string) => (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const ownerOf = async (reportId: string) => {
      const r = await env.ctx.db.selectFrom('reports').select('case_id').where('id', '=', reportId).executeTakeFirstOrThrow();
      return (await env.ctx.db
        .selectFrom('cases')
        .select(['id', 'owner_id'])
        .where('id', '=', r.case_id as string)
        .executeTakeFirstOrThrow()) as { id: string; owner_id: string | null };
    };
    const noticesOf = (userId: string) => env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).execute();

    /** An office of its own (reports are routed by country), its supervisor, a triage operator and case workers. */
    async function office(code: string, workers: number) {
      const officeId = await createOffice(env.ctx, code, code);
      const supervisor = await createUser(env.ctx, { roles: ['supervisor'], officeId });
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId });
      const caseWorkers = [];
      for (let i = 0; i < workers; i++) caseWorkers.push((await createUser(env.ctx, { roles: ['case_worker'], officeId })).id);
      return { officeId, supervisor, operator, caseWorkers };
    }
    async function setRule(o: { officeId: string; supervisor: { id: string } }, rule: string) {
      const s = await sessionFor(env.ctx, o.supervisor.id);
      const page = await env.app.inject({ method: 'GET', url: '/staff/clocks', headers: { cookie: s.cookie } });
      assert.match(page.body, /name="caseAssignment"/, 'the rule is on the office settings page');
      const row = await env.ctx.db.selectFrom('office_clocks').select('version').where('office_id', '=', o.officeId).executeTakeFirst();
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/clocks/${o.officeId}`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({
          _csrf: s.csrf,
          untriagedHours: '48',
          urgentHours: '4',
          referralDays: '7',
          caseAssignment: rule,
          ...(row ? { version: String(row.version) } : {}),
        }),
      });
      assert.equal(res.statusCode, 303, res.body);
    }
    async function openAs(userId: string, reportId: string, extra: Record<string, string> = {}) {
      const s = await sessionFor(env.ctx, userId);
      return env.app.inject({
        method: 'POST',
        url: `/staff/reports/${reportId}/case`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, version: String(await version(reportId)), ...extra }),
      });
    }

    test('with nobody chosen, the "fewest open cases" rule gives the case to the least loaded case worker; supervisors and the worker are told, with ids only', async () => {
      const o = await office('MA', 2);
      await setRule(o, 'fewest_open');
      const [busy, free] = o.caseWorkers as [string, string];
      // The first worker already holds an open case.
      const earlier = await submitOk(env, validReport({ country: 'MA' }));
      assert.equal((await openAs(o.operator.id, earlier.id, { ownerId: busy })).statusCode, 303);
      const report = await submitOk(env, validReport({ country: 'MA' }));
      const s = await sessionFor(env.ctx, o.operator.id);
      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.match(page.body, /Office rule: fewest open cases/, 'the empty choice says what the rule will do');
      assert.equal((await openAs(o.operator.id, report.id)).statusCode, 303);
      const kase = await ownerOf(report.id);
      assert.equal(kase.owner_id, free);

      const toSupervisor = (await noticesOf(o.supervisor.id)).filter((n) => n.event === 'case_opened' && n.link === `/staff/cases/${kase.id}`);
      assert.equal(toSupervisor.length, 1, 'the supervisor is told of the new case, with a link to it');
      const toWorker = (await noticesOf(free)).filter((n) => n.event === 'case_assigned' && n.link === `/staff/cases/${kase.id}`);
      assert.equal(toWorker.length, 1, 'the case worker is told');
      assert.equal((await noticesOf(o.operator.id)).filter((n) => n.event === 'case_opened').length, 0, 'not the operator who did it');
      for (const n of [...toSupervisor, ...toWorker]) {
        const text = JSON.stringify(n);
        // The phone number as written or as digits; "216" alone also occurs in random ids and times.
        assert.ok(!/Karim|Haddad|\+216|20 123 456|20123456|Oliviers|passeport/i.test(text), 'no personal data in a notification');
      }
      // The supervisor's list reads in words and leads to the case.
      const sup = await sessionFor(env.ctx, o.supervisor.id);
      const list = await env.app.inject({ method: 'GET', url: '/staff/notifications', headers: { cookie: sup.cookie } });
      assert.match(list.body, /A new case was opened in your office/);
    });

    test('the round-robin rule gives the cases of one report about several people to the case workers in turn; "leave unassigned" leaves it', async () => {
      const o = await office('SN', 3);
      await setRule(o, 'round_robin');
      const report = await submitOk(env, validReport({ country: 'SN' }));
      assert.equal((await openAs(o.operator.id, report.id, { people: '3' })).statusCode, 303);
      const owners = await env.ctx.db
        .selectFrom('case_reports')
        .innerJoin('cases', 'cases.id', 'case_reports.case_id')
        .select('cases.owner_id')
        .where('case_reports.report_id', '=', report.id)
        .execute();
      assert.deepEqual(owners.map((r) => r.owner_id).sort(), [...o.caseWorkers].sort(), 'one case each, in turn');
      // The next one goes to whoever was given a case least recently: one of them again, never nobody.
      const next = await submitOk(env, validReport({ country: 'SN' }));
      assert.equal((await openAs(o.operator.id, next.id)).statusCode, 303);
      assert.ok(o.caseWorkers.includes((await ownerOf(next.id)).owner_id as string));

      // A chosen case worker always wins over the rule.
      const chosen = await submitOk(env, validReport({ country: 'SN' }));
      assert.equal((await openAs(o.operator.id, chosen.id, { ownerId: o.caseWorkers[2] as string })).statusCode, 303);
      assert.equal((await ownerOf(chosen.id)).owner_id, o.caseWorkers[2]);

      await setRule(o, 'none');
      const none = await submitOk(env, validReport({ country: 'SN' }));
      assert.equal((await openAs(o.operator.id, none.id)).statusCode, 303);
      const left = await ownerOf(none.id);
      assert.equal(left.owner_id, null, 'left for a supervisor to assign');
      assert.equal((await noticesOf(o.supervisor.id)).filter((n) => n.link === `/staff/cases/${left.id}`).length, 1, 'the supervisor is still told');
    });

    test('the API opens a case from a report through the same rule and tells the same people', async () => {
      const o = await office('GH', 1);
      await setRule(o, 'fewest_open');
      const report = await submitOk(env, validReport({ country: 'GH' }));
      // A second supervisor opens it through the API: the first is told, the opener is not.
      const other = await createUser(env.ctx, { roles: ['supervisor'], officeId: o.officeId });
      const bearer = await createApiToken(env.ctx, { auth: { user: { id: other.id } } as AuthState, name: 'test', days: 30 });
      const res = await env.app.inject({
        method: 'POST',
        url: `/api/v1/reports/${report.id}/case`,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ version: await version(report.id) }),
      });
      assert.equal(res.statusCode, 201, res.body);
      const kase = await ownerOf(report.id);
      assert.equal(kase.owner_id, o.caseWorkers[0]);
      assert.equal((await noticesOf(o.supervisor.id)).filter((n) => n.event === 'case_opened' && n.link === `/staff/cases/${kase.id}`).length, 1);
      assert.equal((await noticesOf(other.id)).filter((n) => n.event === 'case_opened').length, 0);
      assert.equal((await noticesOf(o.caseWorkers[0] as string)).filter((n) => n.event === 'case_assigned').length, 1);
    });

    test('an unknown rule is refused with a field message and nothing is saved', async () => {
      const o = await office('CI', 0);
      const s = await sessionFor(env.ctx, o.supervisor.id);
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/clocks/${o.officeId}`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, untriagedHours: '48', urgentHours: '4', referralDays: '7', caseAssignment: 'everyone' }),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(await env.ctx.db.selectFrom('office_clocks').select('office_id').where('office_id', '=', o.officeId).executeTakeFirst(), undefined);
      // With no case worker in the office, a rule that assigns leaves the case for a supervisor.
      await setRule(o, 'round_robin');
      const report = await submitOk(env, validReport({ country: 'CI' }));
      assert.equal((await openAs(o.operator.id, report.id)).statusCode, 303);
      assert.equal((await ownerOf(report.id)).owner_id, null);
    });
  });
}
