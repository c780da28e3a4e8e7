import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestEnv, DIALECTS, FORM, form, type Signed, type TestEnv } from '../../test/support/index.js';
import { withdrawConsent } from '../cases/consent.js';
import { inTransaction } from '../platform/db/database.js';
import { remindPendingReferrals } from '../notifications/clocks.service.js';
import { resealCaseRows } from '../solutions/handover-reseal.js';
import { messageKeyLabel } from './thread.service.js';
import * as portal from './partner-portal.service.js';
import * as staff from './referrals.service.js';
import { buildWorld, caseRow, giveSharingConsent, openAnotherCase, REFERRAL_INPUT, type World } from './world.fixture.js';

const SECRET = 'Bus at 14:00 from the north gate';
const dayPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

for (const dialect of DIALECTS) {
  describe(`a referral between people: contacts, a deadline and a message thread (${dialect})`, () => {
    let env: TestEnv;
    let w: World;
    let referralId: string;
    const get = (who: Signed, url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
    const post = (who: Signed, url: string, data: Record<string, string>) =>
      env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: form({ _csrf: who.csrf, ...data }) });
    const api = (who: Signed, method: 'GET' | 'POST', url: string, body?: unknown) =>
      env.app.inject({
        method,
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { payload: JSON.stringify(body) } : {}),
      });
    const nameOf = async (id: string) =>
      (await env.ctx.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;
    const told = async (userId: string, event: string) =>
      env.ctx.db.selectFrom('notifications').select(['link']).where('user_id', '=', userId).where('event', '=', event).execute();

    before(async () => {
      env = await createTestEnv(dialect);
      w = await buildWorld(env);
      await giveSharingConsent(env, w, w.shelter);
      for (const [who, name] of [
        ['worker', 'Salma Ben Ali'],
        ['worker2', 'Leila Haddad'],
        ['partnerA', 'Karim Shelter'],
      ] as const)
        await env.ctx.db.updateTable('users').set({ display_name: name }).where('id', '=', w.users[who].id).execute();
      // The office's referral time limit: 5 days, the default deadline of a new referral.
      await env.ctx.db
        .insertInto('office_clocks')
        .values({
          office_id: w.officeId,
          untriaged_hours: 48,
          urgent_hours: 4,
          referral_days: 5,
          updated_by: w.users.admin.id,
          updated_at: new Date().toISOString(),
        })
        .execute();
      referralId = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, w.caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
    });
    after(async () => env.close());

    it('names the case worker on the office side, sets the office’s deadline and shows it as a countdown on both sides', async () => {
      const row = await env.ctx.db.selectFrom('referrals').selectAll().where('id', '=', referralId).executeTakeFirstOrThrow();
      assert.equal(row.respond_by, dayPlus(5));
      const page = await get(w.sessions.worker, `/staff/cases/${w.caseId}/referrals/${referralId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Contact at the office/);
      assert.ok(page.body.includes(await nameOf(w.users.worker.id)), 'the one who referred is the contact');
      assert.match(page.body, /5 days left/);
      const partner = await get(w.sessions.partnerA, `/partner/referrals/${referralId}`);
      assert.ok(partner.body.includes(await nameOf(w.users.worker.id)));
      assert.match(partner.body, /Nobody yet/);
      // Whoever accepts is the partner's contact.
      await portal.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId, transition: 'accept', input: { version: 1 } });
      const accepted = await get(w.sessions.worker, `/staff/cases/${w.caseId}/referrals`);
      assert.ok(accepted.body.includes(await nameOf(w.users.partnerA.id)));
      assert.ok(accepted.body.includes(`/staff/cases/${w.caseId}/referrals/${referralId}#thread`));
    });

    it('takes another staff member of the office as contact and a chosen deadline; refuses someone from elsewhere or a past date', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const base = {
        organisationId: w.shelter,
        service: 'safe_accommodation',
        reason: 'AdditionalServicesRequired',
        fields: 'firstName',
      };
      const bad = await post(w.sessions.worker, `/staff/cases/${caseId}/referrals`, { ...base, contactId: w.users.foreignWorker.id, respondBy: dayPlus(-1) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Enter a date between today and six months from now|Choose a person from the list/);
      const ok = await post(w.sessions.worker, `/staff/cases/${caseId}/referrals`, { ...base, contactId: w.users.worker2.id, respondBy: dayPlus(10) });
      assert.equal(ok.statusCode, 303);
      const row = await env.ctx.db.selectFrom('referrals').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(row.staff_contact_id, w.users.worker2.id);
      assert.equal(row.respond_by, dayPlus(10));
      const partner = await get(w.sessions.partnerA, `/partner/referrals/${row.id}`);
      assert.ok(partner.body.includes(await nameOf(w.users.worker2.id)));
    });

    it('shows a referral past its deadline on the case worker’s home and reminds through the referral clock', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: {
          ...REFERRAL_INPUT,
          organisationId: w.shelter,
          respondBy: dayPlus(0),
        },
      });
      await env.ctx.db
        .updateTable('referrals')
        .set({ respond_by: dayPlus(-2) })
        .where('id', '=', id)
        .execute();
      const home = await get(w.sessions.worker, '/staff');
      assert.match(home.body, /1 referral is past its deadline/);
      assert.match(home.body, /past its deadline \(/);
      // Made today, so the office's limit alone would not remind yet: the deadline does.
      assert.equal(await remindPendingReferrals(env.ctx), 1);
      assert.equal((await told(w.users.partnerA.id, 'referral_pending')).length, 1);
      const page = await get(w.sessions.worker, `/staff/cases/${caseId}/referrals/${id}`);
      assert.match(page.body, /overdue by 2 days/);
    });

    it('carries messages both ways, sealed and audited without their text, each side told without the content', async () => {
      const sent = await post(w.sessions.worker, `/staff/cases/${w.caseId}/referrals/${referralId}/messages`, { body: SECRET });
      assert.equal(sent.statusCode, 303);
      assert.equal(sent.headers.location, `/staff/cases/${w.caseId}/referrals/${referralId}#thread`);
      const stored = await env.ctx.db.selectFrom('referral_messages').selectAll().where('referral_id', '=', referralId).execute();
      assert.equal(stored.length, 1);
      assert.ok(!stored[0]?.body_enc.includes('north gate'), 'sealed at rest');
      const events = await env.ctx.db.selectFrom('audit_events').selectAll().where('type', '=', 'referral.message_sent').execute();
      assert.equal(events.length, 1);
      assert.ok(!JSON.stringify(events).includes('north gate'), 'the audit names the referral only');
      const notices = await told(w.users.partnerA.id, 'referral_message');
      assert.deepEqual(
        notices.map((n) => n.link),
        [`/partner/referrals/${referralId}#thread`],
      );
      assert.equal((await told(w.users.partnerB.id, 'referral_message')).length, 0);
      const rows = await env.ctx.db.selectFrom('notifications').selectAll().where('event', '=', 'referral_message').execute();
      assert.ok(!JSON.stringify(rows).includes('north gate'), 'the notification is content-free');

      const portalPage = await get(w.sessions.partnerA, `/partner/referrals/${referralId}`);
      assert.ok(portalPage.body.includes(SECRET));
      const reply = await post(w.sessions.partnerA, `/partner/referrals/${referralId}/messages`, { body: 'Yes, we will meet her' });
      assert.equal(reply.statusCode, 303);
      assert.deepEqual(
        (await told(w.users.worker.id, 'referral_message')).map((n) => n.link),
        [`/staff/cases/${w.caseId}/referrals/${referralId}#thread`],
      );
      const thread = await api(w.sessions.worker, 'GET', `/api/v1/cases/${w.caseId}/referrals/${referralId}/messages`);
      assert.equal(thread.statusCode, 200);
      const body = thread.json() as { messages: Array<{ side: string; body: string }>; people: { staffContact: { name: string } } };
      assert.deepEqual(
        body.messages.map((m) => [m.side, m.body]),
        [
          ['office', SECRET],
          ['partner', 'Yes, we will meet her'],
        ],
      );
      const viaApi = await api(w.sessions.partnerA, 'POST', `/api/v1/referrals/${referralId}/messages`, { body: 'Room ready' });
      assert.equal(viaApi.statusCode, 201);
      const partnerList = await api(w.sessions.partnerA, 'GET', `/api/v1/referrals/${referralId}/messages`);
      assert.equal((partnerList.json() as { messages: unknown[] }).messages.length, 3);
    });

    it('re-seals a referral’s messages under the receiving office’s key on a hand-over, and moves them', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      const sent = await post(w.sessions.worker, `/staff/cases/${caseId}/referrals/${id}/messages`, { body: 'Moved with the case' });
      assert.equal(sent.statusCode, 303);
      const before = await env.ctx.db.selectFrom('referral_messages').selectAll().where('referral_id', '=', id).executeTakeFirstOrThrow();
      await inTransaction(env.ctx.db, (tx) => resealCaseRows(env.ctx, tx, { caseId, toOfficeId: w.otherOfficeId }));
      const moved = await env.ctx.db.selectFrom('referral_messages').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      assert.equal(moved.office_id, w.otherOfficeId);
      assert.notEqual(moved.body_enc, before.body_enc);
      assert.equal(await env.ctx.keys.decrypt<string>(moved.body_enc, messageKeyLabel(moved.id)), 'Moved with the case');
    });

    it('tells the office’s supervisors of a partner’s message when its contact and the case’s owner no longer work there', async () => {
      const caseId = await openAnotherCase(env, w);
      await giveSharingConsent(env, w, w.shelter, caseId);
      const id = await staff.createReferral(env.ctx, {
        actor: w.auth.worker,
        record: await caseRow(env, caseId),
        input: { ...REFERRAL_INPUT, organisationId: w.shelter },
      });
      await env.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', w.users.worker.id).execute();
      try {
        await portal.partnerTransition(env.ctx, { actor: w.auth.partnerA, referralId: id, transition: 'accept', input: { version: 1 } });
        const before = (await told(w.users.supervisor.id, 'referral_message')).length;
        assert.equal((await post(w.sessions.partnerA, `/partner/referrals/${id}/messages`, { body: 'Anyone there?' })).statusCode, 303);
        const links = (await told(w.users.supervisor.id, 'referral_message')).map((n) => n.link);
        assert.equal(links.length, before + 1);
        assert.ok(links.includes(`/staff/cases/${caseId}/referrals/${id}#thread`));
      } finally {
        await env.ctx.db.updateTable('users').set({ active: 1 }).where('id', '=', w.users.worker.id).execute();
      }
    });

    it('refuses an empty message with a field error and keeps the page', async () => {
      const res = await post(w.sessions.partnerA, `/partner/referrals/${referralId}/messages`, { body: '   ' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Write a message of up to 2,000 characters/);
      const apiRes = await api(w.sessions.worker, 'POST', `/api/v1/cases/${w.caseId}/referrals/${referralId}/messages`, { body: '' });
      assert.ok(apiRes.statusCode === 400 || apiRes.statusCode === 422, String(apiRes.statusCode));
    });

    it('gives another organisation’s partner nothing of the thread, by page or API, and no one once consent is withdrawn', async () => {
      const b = w.sessions.partnerB;
      for (const res of [
        await get(b, `/partner/referrals/${referralId}`),
        await post(b, `/partner/referrals/${referralId}/messages`, { body: 'hello' }),
        await post(b, `/partner/referrals/${referralId}/contact`, { contactId: w.users.partnerB.id }),
        await api(b, 'GET', `/api/v1/referrals/${referralId}/messages`),
        await api(b, 'POST', `/api/v1/referrals/${referralId}/messages`, { body: 'hello' }),
      ]) {
        assert.equal(res.statusCode, 404);
        assert.ok(!res.body.includes('north gate'));
      }
      assert.equal((await env.ctx.db.selectFrom('referral_messages').select('id').where('author_id', '=', w.users.partnerB.id).execute()).length, 0);
      // The partner may not name another organisation's user as its contact.
      const other = await post(w.sessions.partnerA, `/partner/referrals/${referralId}/contact`, { contactId: w.users.partnerB.id });
      assert.equal(other.statusCode, 400);
      // Staff of another office do not reach it either.
      assert.equal((await get(w.sessions.foreignWorker, `/staff/cases/${w.caseId}/referrals/${referralId}`)).statusCode, 404);
      const consent = await env.ctx.db
        .selectFrom('consents')
        .select('id')
        .where('case_id', '=', w.caseId)
        .where('organisation_id', '=', w.shelter)
        .executeTakeFirstOrThrow();
      const record = await caseRow(env, w.caseId);
      await inTransaction(env.ctx.db, (tx) => withdrawConsent(tx, { actorId: w.users.worker.id, record, consentId: consent.id }));
      assert.equal((await api(w.sessions.partnerA, 'GET', `/api/v1/referrals/${referralId}/messages`)).statusCode, 404);
    });
  });
}
