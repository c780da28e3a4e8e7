import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, FORM, form, type TestEnv } from '../../test/helper.js';
import { assignCase } from '../cases/record.service.js';
import { FEATURES } from '../features.js';
import { featureJobs } from '../platform/features/feature.js';
import { addReminder } from '../cases/reminders.service.js';
import { addObjective, addPlanAction, raiseOverdueReminders } from '../plans/plans.service.js';
import { createReferral } from '../referrals/referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, openAnotherCase, REFERRAL_INPUT, type World } from '../referrals/world.fixture.js';
import { submitOk, validReport } from '../../test/support/reports.js';
import { multipart } from '../../test/support/http.js';
import { escalateUntriaged, notifyDue, remindPendingReferrals } from './clocks.service.js';

/*
 * The clocks (with an injected `now`), the settings page, and each event reaching the right people and no one else.
 */

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`clocks and events (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    const told = async (userId: string, event: string) =>
      (await env.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('event', '=', event).execute()).length;
    const post = (who: keyof World['sessions'], url: string, data: Record<string, string>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: w.sessions[who].cookie }, payload: form({ _csrf: w.sessions[who].csrf, ...data }) });
    const get = (who: keyof World['sessions'], url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: w.sessions[who].cookie } });

    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
    });
    after(async () => env.close());

    it('escalates an untriaged report to the supervisors once it passes its limit (4 h urgent, 48 h otherwise), once, with a mark in triage', async () => {
      assert.ok(featureJobs(FEATURES).some((j) => j.name === 'notifications.clocks'));
      const normal = await submitOk(env, validReport());
      const urgent = await submitOk(env, validReport({ dangerNow: 'yes' }));
      const triaged = await submitOk(env, validReport());
      await env.ctx.db.updateTable('reports').set({ state: 'in_triage' }).where('id', '=', triaged.id).execute();
      const t0 = Date.now();
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 3 * HOUR)), 0);
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 5 * HOUR)), 1, 'the urgent one after 4 h');
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 47 * HOUR)), 0);
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 49 * HOUR)), 1, 'the other after 48 h');
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 100 * HOUR)), 0, 'each once; a report in triage never');
      assert.equal(await told(w.users.supervisor.id, 'report_escalated'), 2);
      assert.equal(await told(w.users.triage.id, 'report_escalated'), 0);
      assert.equal(await told(w.users.foreignSupervisor.id, 'report_escalated'), 0);
      const urgentNote = await env.ctx.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', w.users.supervisor.id)
        .where('event', '=', 'report_escalated')
        .where('link', '=', `/staff/reports/${urgent.id}`)
        .executeTakeFirstOrThrow();
      assert.equal(urgentNote.urgent, 1);
      const queue = await get('triage', '/staff/reports');
      assert.equal(queue.statusCode, 200);
      assert.equal((queue.body.match(/class="badge badge-urgent escalated"/g) ?? []).length, 2);
      const row = (id: string) =>
        queue.body.slice(queue.body.indexOf(`/staff/reports/${id}`), queue.body.indexOf('</tr>', queue.body.indexOf(`/staff/reports/${id}`)));
      assert.match(row(normal.id), /escalated/);
      assert.doesNotMatch(row(triaged.id), /escalated/);
    });

    it('lets a supervisor set their office’s limits, refuses bad values and other offices, and the clock follows them', async () => {
      assert.equal((await get('worker', '/staff/clocks')).statusCode, 403);
      const page = await get('supervisor', '/staff/clocks');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Office TN/);
      assert.doesNotMatch(page.body, /Office TNX/, 'only their own office');
      assert.match(page.body, /Africa\/Tunis/);
      assert.match((await get('admin', '/staff/clocks')).body, /Office TNX/);
      const url = `/staff/clocks/${w.officeId}`;
      const bad = await post('supervisor', url, { untriagedHours: '3', urgentHours: '5', referralDays: '7' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /cannot be longer/);
      assert.equal((await post('supervisor', url, { untriagedHours: 'many', urgentHours: '2', referralDays: '7' })).statusCode, 400);
      assert.equal((await post('foreignSupervisor', url, { untriagedHours: '10', urgentHours: '2', referralDays: '3' })).statusCode, 403);
      assert.equal((await post('supervisor', url, { untriagedHours: '10', urgentHours: '2', referralDays: '3' })).statusCode, 303);
      assert.equal((await post('supervisor', url, { untriagedHours: '12', urgentHours: '2', referralDays: '3' })).statusCode, 409, 'a stale form is refused');
      assert.equal((await post('supervisor', url, { untriagedHours: '12', urgentHours: '2', referralDays: '3', version: '1' })).statusCode, 303);
      const audit = await env.ctx.db.selectFrom('audit_events').select('data').where('type', '=', 'notifications.clocks_changed').execute();
      assert.equal(audit.length, 2);
      const r = await submitOk(env, validReport());
      const t0 = Date.now();
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 11 * HOUR)), 0);
      assert.equal(await escalateUntriaged(env.ctx, new Date(t0 + 13 * HOUR)), 1);
      assert.ok(
        await env.ctx.db.selectFrom('report_escalations').select('limit_hours').where('report_id', '=', r.id).where('limit_hours', '=', 12).executeTakeFirst(),
      );
    });

    it('tells the partner of a referral, then reminds the partner and the case worker when it is pending past the limit, in the office’s time zone', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const referralId = await createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      assert.equal(await told(w.users.partnerA.id, 'referral_received'), 1);
      assert.equal(await told(w.users.partnerB.id, 'referral_received'), 0);
      assert.equal(await told(w.users.worker.id, 'referral_received'), 0, 'the one who referred is not told');
      // The office's limit is 3 days now (previous test). 1 March, local date; the clock reads each office's calendar.
      // No deadline of its own (a referral made before deadlines): the office's limit counts from the referral's date.
      await env.ctx.db.updateTable('referrals').set({ referral_date: '2026-03-01', respond_by: null }).where('id', '=', referralId).execute();
      await env.ctx.db.updateTable('offices').set({ time_zone: 'Pacific/Kiritimati' }).where('id', '=', w.officeId).execute();
      // 3 March 12:00 UTC is 4 March 02:00 in Kiritimati (UTC+14): three local days have passed there, not in UTC.
      assert.equal(await remindPendingReferrals(env.ctx, new Date('2026-03-03T09:00:00Z')), 0);
      await env.ctx.db.updateTable('offices').set({ time_zone: 'UTC' }).where('id', '=', w.officeId).execute();
      assert.equal(await remindPendingReferrals(env.ctx, new Date('2026-03-03T12:00:00Z')), 0);
      await env.ctx.db.updateTable('offices').set({ time_zone: 'Pacific/Kiritimati' }).where('id', '=', w.officeId).execute();
      assert.equal(await remindPendingReferrals(env.ctx, new Date('2026-03-03T12:00:00Z')), 1);
      assert.equal(await remindPendingReferrals(env.ctx, new Date('2026-04-01T12:00:00Z')), 0, 'once');
      await env.ctx.db.updateTable('offices').set({ time_zone: 'Africa/Tunis' }).where('id', '=', w.officeId).execute();
      assert.equal(await told(w.users.partnerA.id, 'referral_pending'), 1);
      assert.equal(await told(w.users.worker.id, 'referral_pending'), 1);
      assert.equal(await told(w.users.partnerB.id, 'referral_pending'), 0);
      const links = await env.ctx.db.selectFrom('notifications').select(['user_id', 'link']).where('event', '=', 'referral_pending').execute();
      assert.deepEqual(links.map((l) => l.link).sort(), [`/partner/referrals/${referralId}`, `/staff/cases/${caseId}/referrals`].sort());
    });

    it('tells a case worker of a case assigned to them and of their overdue plan action, and not the supervisor who assigned', async () => {
      const caseId = await openAnotherCase(env, w);
      const record = await caseRow(env, caseId);
      await assignCase(env.ctx, { actor: w.auth.supervisor, record, ownerId: w.users.worker2.id, version: record.version });
      assert.equal(await told(w.users.worker2.id, 'case_assigned'), 1);
      assert.equal(await told(w.users.supervisor.id, 'case_assigned'), 0);
      await addPlanAction(env.ctx, {
        actor: w.auth.worker2,
        record: await caseRow(env, caseId),
        input: {
          type: 'family_tracing',
          description: 'Call the Red Cross',
          ownerId: w.users.worker2.id,
          dueDate: '2026-01-02',
        },
      });
      assert.equal(await told(w.users.worker2.id, 'plan_overdue'), 0);
      await raiseOverdueReminders(env.ctx);
      assert.equal(await told(w.users.worker2.id, 'plan_overdue'), 1);
      assert.equal(await told(w.users.worker.id, 'plan_overdue'), 0);
      const page = await get('worker2', '/staff/notifications');
      assert.match(page.body, /href="\/staff\/plans\/overdue\?mine=1"/, 'the due lists are one click away');
      assert.equal((await get('worker2', '/staff/plans/overdue?mine=1')).statusCode, 200);
      assert.doesNotMatch((await get('partnerA', '/staff/notifications')).body, /plans\/overdue/);
      // Every page of the feature in all four languages: no missing message, Arabic right to left.
      for (const locale of ['fr', 'en', 'es', 'ar']) {
        await env.ctx.db.updateTable('users').set({ locale }).where('id', '=', w.users.supervisor.id).execute();
        for (const url of ['/staff/notifications', '/staff/notifications/preferences', '/staff/clocks', '/staff/reports']) {
          const res = await get('supervisor', url);
          assert.equal(res.statusCode, 200, `${locale} ${url}`);
          assert.doesNotMatch(res.body, /⟦/, `${locale} ${url}`);
          if (locale === 'ar') assert.match(res.body, /dir="rtl"/);
        }
      }
      await env.ctx.db.updateTable('users').set({ locale: 'en' }).where('id', '=', w.users.supervisor.id).execute();
    });

    it('notifies a follow-up and a plan objective past their date in the office’s calendar, once per date', async () => {
      const caseId = await openAnotherCase(env, w);
      await addReminder(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: {
          dueOn: '2026-05-10',
          kind: 'follow_up',
          required: false,
          text: 'Call Ama at the shelter',
        },
      });
      await addObjective(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: {
          splType: 'SocialCare',
          objective: 'Safe housing',
          plannedEndDate: '2026-05-10',
        },
      });
      const followUps = () => told(w.users.worker.id, 'follow_up_due');
      const plans = () => told(w.users.worker.id, 'plan_overdue');
      const [f0, p0] = [await followUps(), await plans()];
      // 10 May 23:30 UTC is 11 May 00:30 in Tunis (UTC+1): past due there.
      assert.equal(await notifyDue(env.ctx, new Date('2026-05-10T22:30:00Z')), 0);
      assert.equal(await notifyDue(env.ctx, new Date('2026-05-10T23:30:00Z')), 2);
      assert.equal(await notifyDue(env.ctx, new Date('2026-06-01T12:00:00Z')), 0, 'once per date');
      assert.equal(await followUps(), f0 + 1);
      assert.equal(await plans(), p0 + 1);
      const texts = JSON.stringify(await env.ctx.db.selectFrom('notifications').selectAll().execute());
      assert.ok(!texts.includes('Ama') && !texts.includes('Safe housing'), 'no content in a notification');
    });

    it('tells the receiving office’s supervisors of a hand-over, and triage of a reporter’s reply', async () => {
      // A return to the other office, made ready as durable solutions require, then offered to it.
      const caseId = await openAnotherCase(env, w);
      const api = async (who: keyof World['sessions'], url: string, body: unknown) => {
        const res = await env.app.inject({
          method: 'POST',
          url,
          headers: { cookie: w.sessions[who].cookie, 'x-csrf-token': w.sessions[who].csrf, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      };
      const risks = [{ factor: 'stigma', likelihood: 1, impact: 2, mitigation: 'Community mediation' }];
      await api('worker', `/api/v1/cases/${caseId}/solution/consent`, { purpose: 'return', given: 'yes' });
      await api('worker', `/api/v1/cases/${caseId}/solution/decision`, {
        options: ['return', 'local_integration'],
        wishes: 'Home',
        decision: 'return',
        targetOfficeId: w.otherOfficeId,
      });
      await api('worker', `/api/v1/cases/${caseId}/solution/consent`, { purpose: 'transfer', given: 'yes' });
      await api('worker', `/api/v1/cases/${caseId}/solution/risk-assessment`, { risks });
      await api('foreignWorker', `/api/v1/cases/${caseId}/solution/risk-assessment`, { risks, version: 1 });
      await api('worker', `/api/v1/cases/${caseId}/solution/handover`, { toOfficeId: w.otherOfficeId, keep: ['outcome'] });
      assert.equal(await told(w.users.foreignSupervisor.id, 'handover_offered'), 1);
      assert.equal(await told(w.users.supervisor.id, 'handover_offered'), 0);
      assert.equal(await told(w.users.foreignWorker.id, 'handover_offered'), 0);
      const { code } = await submitOk(env, validReport());
      const before = await told(w.users.triage.id, 'reporter_message');
      const reply = multipart({ code, message: 'They moved to the farm by the river.' });
      const res = await env.app.inject({ method: 'POST', url: '/en/report/follow-up/reply', payload: reply.payload, headers: reply.headers });
      assert.equal(res.statusCode, 200);
      assert.equal(await told(w.users.triage.id, 'reporter_message'), before + 1);
      const note = await env.ctx.db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', w.users.triage.id)
        .where('event', '=', 'reporter_message')
        .executeTakeFirstOrThrow();
      assert.equal(note.mail_state, 'none', 'no SMTP_URL here: in-app only');
      // The unread count shows in the navigation, and marking all read clears it.
      assert.match((await get('triage', '/staff')).body, /class="nav-badge"/);
      assert.equal((await post('triage', '/staff/notifications/read-all', {})).statusCode, 303);
      assert.doesNotMatch((await get('triage', '/staff')).body, /class="nav-badge"/);
    });
  });
}
