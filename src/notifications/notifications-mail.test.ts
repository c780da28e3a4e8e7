import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, type Signed, sessionFor, type TestEnv } from '../../test/helper.js';
import { inTransaction } from '../platform/db/database.js';
import { buildWorld, type World } from '../referrals/world.fixture.js';
import { submitOk, validReport } from '../../test/support/reports.js';
import { loadConfig } from '../config.js';
import { routeInbox } from '../reports/inbox.service.js';
import { dumpAll } from '../../test/support/reports.js';
import { deliverOutbox, MAX_PERMANENT_ATTEMPTS, purgeNotifications, queueDigests, retryDelayMs } from './delivery.service.js';
import { notify } from './notify.service.js';
import { freePort, TestMailServer } from './smtp.test-support.js';

/*
 * Notification mail against a real SMTP server started here: mails arrive in the recipient's language, carry no
 * personal data, survive an outage (sent once each after the server is back), and a rolled-back change sends none.
 */

const REPORT = validReport({
  names: 'Karim Haddad\nLeila Bouzid',
  phones: '+216 20 123 456',
  place: 'Sfax',
  workplace: 'Ferme des Oliviers',
  description: 'Des ouvriers travaillent sans salaire a la ferme Zitouna et le patron Mourad garde leurs passeports.',
});
const HOUR = 3_600_000;
const SECRETS = ['Karim', 'Haddad', 'Leila', 'Bouzid', '20 123 456', '20123456', 'Sfax', 'Oliviers', 'Zitouna', 'Mourad', 'passeports', 'salaire'];

for (const dialect of DIALECTS) {
  describe(`notification mail through a real SMTP server (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    let smtp: TestMailServer;

    before(async () => {
      smtp = new TestMailServer(await freePort());
      await smtp.start();
      env = await createTestEnv(dialect, { smtpUrl: smtp.url, publicUrl: 'https://abri.example.org' });
      w = await buildWorld(env);
      await env.ctx.db.updateTable('users').set({ locale: 'ar' }).where('id', '=', w.users.triage.id).execute();
      await env.ctx.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', w.users.supervisor.id).execute();
    });
    after(async () => {
      await smtp.stop();
      await env.close();
    });
    beforeEach(async () => {
      // Each test starts with an empty outbox and inbox.
      await deliverOutbox(env.ctx);
      smtp.received.length = 0;
    });

    it('mails the office triage staff a content-free message in their language after a web report, and lists it in the app', async () => {
      const { id } = await submitOk(env, REPORT);
      const report = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(smtp.received.length, 0, 'nothing is sent before the delivery job runs');
      const r = await deliverOutbox(env.ctx);
      assert.equal(r.sent, 2);
      const toTriage = smtp.to(w.users.triage.email);
      const toSupervisor = smtp.to(w.users.supervisor.email);
      assert.equal(toTriage.length, 1);
      assert.equal(toSupervisor.length, 1);
      assert.equal(smtp.to(w.users.worker.email).length, 0, 'a case worker does not triage');
      assert.equal(toTriage[0]?.subject, 'شيء ما ينتظرك في Abri');
      assert.equal(toTriage[0]?.language, 'ar');
      assert.equal(toSupervisor[0]?.subject, 'Quelque chose vous attend dans Abri');
      assert.match(toSupervisor[0]?.text ?? '', /https:\/\/abri\.example\.org\/staff\/notifications/);
      const forbidden = [...SECRETS, report.reference, report.id, 'TN-', w.users.worker.email, 'Office TN', 'Tunis', 'urgent', 'Urgent'];
      for (const m of smtp.received) {
        for (const part of [m.raw, m.subject, m.text, m.html]) {
          for (const s of forbidden) assert.ok(!part.toLowerCase().includes(s.toLowerCase()), `a mail contains "${s}"`);
        }
      }
      // In the app: the operator's list and unread count in the navigation.
      const page = await env.app.inject({ method: 'GET', url: '/staff/notifications', headers: { cookie: w.sessions.triage.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /nav-badge/);
      const link = /href="\/staff\/notifications\/([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(link, 'the notification is listed');
      for (const s of SECRETS) assert.ok(!page.body.includes(s), `the list shows "${s}"`);
      const open = await env.app.inject({ method: 'GET', url: `/staff/notifications/${link}`, headers: { cookie: w.sessions.triage.cookie } });
      assert.equal(open.statusCode, 303);
      assert.equal(open.headers.location, `/staff/reports/${id}`);
      const read = await env.ctx.db.selectFrom('notifications').select('read_at').where('id', '=', link).executeTakeFirstOrThrow();
      assert.ok(read.read_at, 'opening marks it read');
      // Nobody opens another person's notification.
      const other = await env.app.inject({ method: 'GET', url: `/staff/notifications/${link}`, headers: { cookie: w.sessions.supervisor.cookie } });
      assert.equal(other.statusCode, 404);
      // The notification tables hold ids and codes: no address, no content.
      const dump = (await dumpAll(env))
        .split('\n')
        .filter((l) => /^(notifications|notification_outbox|notification_preferences|office_clocks|report_escalations|referral_reminders|due_notices):/.test(l))
        .join('\n');
      assert.match(dump, /^notifications: \[\{/m);
      for (const s of [...SECRETS, w.users.triage.email, w.users.supervisor.email, '@']) assert.ok(!dump.includes(s), `a notification table holds "${s}"`);
      const home = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: w.sessions.admin.cookie } });
      assert.doesNotMatch(home.body, /Notification mail is off/);
      // No address or content in the log lines of the delivery either.
      const logged = JSON.stringify(env.logs);
      for (const s of [...SECRETS, w.users.triage.email, w.users.supervisor.email]) assert.ok(!logged.includes(s), `the log holds "${s}"`);
    });

    it('keeps mail through an outage and sends each exactly once when the server is back', async () => {
      await smtp.stop();
      await submitOk(env, REPORT);
      await submitOk(env, validReport({ description: 'Second report about the same farm and its workers.' }));
      const start = new Date();
      const down = await deliverOutbox(env.ctx, { now: start });
      assert.equal(down.sent, 0);
      assert.ok(down.retried >= 1, 'a failed send is kept for later');
      const pending = await env.ctx.db.selectFrom('notification_outbox').selectAll().where('status', '=', 'pending').execute();
      assert.equal(pending.length, 2, 'one mail per person: the second report rides with the first mail');
      const tried = pending.find((p) => p.attempts === 1);
      assert.ok(tried);
      assert.match(tried.last_error ?? '', /^[A-Z0-9_]+$/, 'only an error code is kept');
      assert.equal(Date.parse(tried.next_attempt_at), start.getTime() + retryDelayMs(1));
      // Still down a minute later: the backoff doubles.
      const again = await deliverOutbox(env.ctx, { now: new Date(start.getTime() + retryDelayMs(1)) });
      assert.equal(again.sent, 0);
      await smtp.start();
      const early = await deliverOutbox(env.ctx, { now: new Date(start.getTime() + retryDelayMs(1) + 1000) });
      const late = await deliverOutbox(env.ctx, { now: new Date(start.getTime() + 3_600_000) });
      assert.equal(early.sent + late.sent, 2);
      const more = await deliverOutbox(env.ctx, { now: new Date(start.getTime() + 7_200_000) });
      assert.equal(more.sent, 0, 'nothing is sent twice');
      assert.equal(smtp.to(w.users.triage.email).length, 1);
      assert.equal(smtp.to(w.users.supervisor.email).length, 1);
      assert.equal(smtp.received.length, 2);
    });

    it('gives up on a mailbox the server refuses for good after a few tries, without holding up the others', async () => {
      smtp.refused.add(w.users.worker2.email);
      await inTransaction(env.ctx.db, async (tx) => {
        await notify(env.ctx, tx, { event: 'case_assigned', userId: w.users.worker2.id, officeId: w.officeId, caseId: w.caseId });
        await notify(env.ctx, tx, { event: 'case_assigned', userId: w.users.worker.id, officeId: w.officeId, caseId: w.caseId });
      });
      const t0 = Date.now();
      const first = await deliverOutbox(env.ctx, { now: new Date(t0) });
      assert.equal(first.sent, 1, 'the other mail goes');
      assert.equal(first.retried, 1);
      await deliverOutbox(env.ctx, { now: new Date(t0 + HOUR) });
      const last = await deliverOutbox(env.ctx, { now: new Date(t0 + 3 * HOUR) });
      assert.equal(last.failed, 1);
      const row = await env.ctx.db.selectFrom('notification_outbox').selectAll().where('user_id', '=', w.users.worker2.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'failed');
      assert.equal(row.last_error, '550');
      assert.equal(row.attempts, MAX_PERMANENT_ATTEMPTS);
      const status = await env.app.inject({ method: 'GET', url: '/staff/clocks', headers: { cookie: w.sessions.admin.cookie } });
      assert.match(status.body, /Mail outbox: 0 waiting or retrying, 1 given up, \d+ sent/);
      assert.doesNotMatch(
        (await env.app.inject({ method: 'GET', url: '/staff/clocks', headers: { cookie: w.sessions.supervisor.cookie } })).body,
        /Mail outbox/,
      );
      assert.equal(
        (await deliverOutbox(env.ctx, { now: new Date(t0 + 10 * HOUR) })).sent + (await deliverOutbox(env.ctx, { now: new Date(t0 + 10 * HOUR) })).failed,
        0,
      );
      assert.ok(!JSON.stringify(env.logs).includes(w.users.worker2.email), 'the refused address is not logged');
      assert.equal(
        (await env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', w.users.worker2.id).where('event', '=', 'case_assigned').execute())
          .length,
        1,
        'still listed in the app',
      );
      smtp.refused.clear();
      await env.ctx.db.deleteFrom('notifications').where('event', '=', 'case_assigned').execute();
    });

    it('sends nothing for a change that is rolled back', async () => {
      const before = await env.ctx.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await assert.rejects(
        inTransaction(env.ctx.db, async (tx) => {
          const told = await notify(env.ctx, tx, { event: 'case_assigned', userId: w.users.worker2.id, officeId: w.officeId, caseId: w.caseId });
          assert.equal(told, 1);
          throw new Error('the change fails after notifying');
        }),
        /fails after notifying/,
      );
      const afterCount = await env.ctx.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
      assert.equal((await env.ctx.db.selectFrom('notification_outbox').selectAll().where('status', '=', 'pending').execute()).length, 0);
      assert.equal((await deliverOutbox(env.ctx)).sent, 0);
      assert.equal(smtp.received.length, 0);
      // A refused assignment (a stale version) tells nobody either.
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/cases/${w.caseId}/assign`,
        headers: { ...FORM, cookie: w.sessions.supervisor.cookie },
        payload: form({ _csrf: w.sessions.supervisor.csrf, ownerId: w.users.worker2.id, version: '999' }),
      });
      assert.ok(res.statusCode === 409 || res.statusCode === 404, `stale assignment: ${res.statusCode}`);
      assert.equal((await env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', w.users.worker2.id).execute()).length, 0);
    });

    it('respects each person’s events and delivery: muted, in-app only, daily digest in their time zone', async () => {
      const post = (who: 'triage' | 'supervisor', data: Record<string, string | string[]>) =>
        env.app.inject({
          method: 'POST',
          url: '/staff/notifications/preferences',
          headers: { ...FORM, cookie: w.sessions[who].cookie },
          payload: form({ _csrf: w.sessions[who].csrf, ...data }),
        });
      const bad = await post('triage', { events: 'report_new', delivery: 'sometimes' });
      assert.equal(bad.statusCode, 400);
      // The operator mutes new reports; the supervisor wants a daily digest.
      const events = ['reporter_message', 'report_escalated', 'case_assigned'];
      assert.equal((await post('triage', { events, delivery: 'immediate' })).statusCode, 303);
      assert.equal((await post('supervisor', { events: ['report_new', ...events], delivery: 'digest' })).statusCode, 303);
      const page = await env.app.inject({ method: 'GET', url: '/staff/notifications/preferences', headers: { cookie: w.sessions.triage.cookie } });
      assert.match(page.body, /value="reporter_message" checked/);
      assert.doesNotMatch(page.body, /value="report_new" checked/);
      await env.ctx.db.updateTable('users').set({ time_zone: 'Africa/Tunis' }).where('id', '=', w.users.supervisor.id).execute();
      const count = async (userId: string) => (await env.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', userId).execute()).length;
      const triageBefore = await count(w.users.triage.id);
      await submitOk(env, REPORT);
      assert.equal(await count(w.users.triage.id), triageBefore, 'a muted event is not notified');
      assert.equal((await deliverOutbox(env.ctx)).sent, 0, 'the digest person gets no immediate mail');
      // 06:30 UTC is 07:30 in Tunis: too early; 07:30 UTC is 08:30 there: the digest goes.
      const day = new Date();
      const at = (h: number, m: number) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m));
      assert.equal(await queueDigests(env.ctx, at(6, 30)), 0);
      assert.equal(await queueDigests(env.ctx, at(7, 30)), 1);
      assert.equal(await queueDigests(env.ctx, at(9, 0)), 0, 'one digest a day');
      assert.equal((await deliverOutbox(env.ctx, { now: at(23, 59) })).sent, 1);
      const digest = smtp.to(w.users.supervisor.email);
      assert.equal(digest.length, 1);
      assert.match(digest[0]?.subject ?? '', /Abri/);
      for (const s of SECRETS) assert.ok(!digest[0]?.raw.includes(s));
      // Leaving the digest: what waited for it is not mailed later.
      await submitOk(env, REPORT);
      assert.equal((await post('supervisor', { events: ['report_new'], delivery: 'none' })).statusCode, 303);
      assert.equal(await queueDigests(env.ctx, new Date(at(7, 30).getTime() + 86_400_000)), 0);
      // In-app only: still listed, never mailed.
      await post('triage', { events: ['report_new'], delivery: 'none' });
      await submitOk(env, REPORT);
      assert.equal(await count(w.users.triage.id), triageBefore + 1);
      assert.equal((await deliverOutbox(env.ctx)).sent, 0);
      assert.equal(smtp.to(w.users.triage.email).length, 0);
    });
  });
}

describe('mail settings', () => {
  it('checks SMTP_URL and MAIL_FROM and derives the sender from PUBLIC_URL', () => {
    assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example.org' }), /SMTP_URL must start with smtp:\/\/ or smtps:\/\//);
    assert.throws(() => loadConfig({ MAIL_FROM: 'Abri\r\nBcc: x@example.org' }), /MAIL_FROM/);
    const c = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', PUBLIC_URL: 'https://abri.example.org' });
    assert.equal(c.smtpUrl, 'smtps://u:p@mail.example.org:465');
    assert.equal(c.mailFrom, 'Abri <abri@abri.example.org>');
    assert.equal(loadConfig({}).smtpUrl, undefined);
  });
});

describe('without SMTP_URL', () => {
  let env: TestEnv;
  // Only the people this suite needs (a whole world costs seconds of password hashing).
  const w = { users: {} as Record<'triage' | 'admin' | 'worker', { id: string }>, sessions: {} as Record<'triage' | 'admin' | 'worker', Signed> };
  before(async () => {
    env = await createTestEnv('sqlite');
    const officeId = await createOffice(env.ctx, 'TN', 'TN');
    for (const [who, role] of [
      ['triage', 'triage_operator'],
      ['admin', 'administrator'],
      ['worker', 'case_worker'],
    ] as const) {
      w.users[who] = await createUser(env.ctx, { roles: [role], officeId: role === 'administrator' ? null : officeId });
      w.sessions[who] = await sessionFor(env.ctx, w.users[who].id);
    }
  });
  after(async () => env.close());

  it('queues no mail, keeps the in-app notifications and says so', async () => {
    await submitOk(env, REPORT);
    assert.equal((await env.ctx.db.selectFrom('notification_outbox').selectAll().execute()).length, 0);
    assert.equal((await env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', w.users.triage.id).execute()).length, 1);
    assert.deepEqual(await deliverOutbox(env.ctx), { sent: 0, retried: 0, failed: 0 });
    const page = await env.app.inject({ method: 'GET', url: '/staff/notifications', headers: { cookie: w.sessions.triage.cookie } });
    assert.match(page.body, /SMTP_URL is not set/);
    assert.match(page.body, /1 unread notification/);
    const admin = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: w.sessions.admin.cookie } });
    assert.match(admin.body, /Notification mail is off: SMTP_URL is not set/);
    const worker = await env.app.inject({ method: 'GET', url: '/staff', headers: { cookie: w.sessions.worker.cookie } });
    assert.doesNotMatch(worker.body, /Notification mail is off/);
    // A report waiting in the national inbox is announced to the office it is routed to once that office exists.
    const waiting = await submitOk(env, validReport({ country: 'SN' }));
    const snOffice = await createOffice(env.ctx, 'SN', 'SN');
    const snTriage = await createUser(env.ctx, { roles: ['triage_operator'], officeId: snOffice });
    assert.equal((await routeInbox(env.ctx)).routed, 1);
    const routed = await env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', snTriage.id).execute();
    assert.deepEqual(
      routed.map((n) => [n.event, n.link]),
      [['report_new', `/staff/reports/${waiting.id}`]],
    );
    // Read notifications are forgotten after 90 days, unread ones after a year.
    await env.ctx.db.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('user_id', '=', w.users.triage.id).execute();
    assert.equal(await purgeNotifications(env.ctx, new Date(Date.now() + 30 * 86_400_000)), 0);
    assert.ok((await purgeNotifications(env.ctx, new Date(Date.now() + 91 * 86_400_000))) >= 1);
    assert.equal((await env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', w.users.triage.id).execute()).length, 0);
  });
});
