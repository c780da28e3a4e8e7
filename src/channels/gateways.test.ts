import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import { findByCode, thread } from '../reports/reports.service.js';
import { purgeClosedReports } from '../reports/retention.service.js';
import { deliverDue } from './delivery.service.js';
import {
  AT,
  africasTalkingWebhook,
  type FakeGateway,
  channelsConfig,
  fakeAfricasTalking,
  fakeTwilio,
  fakeVonage,
  TWILIO,
  twilioText,
  twilioWebhook,
  VONAGE,
  vonageJwt,
  vonageText,
  vonageWebhook,
} from '../../test/support/channels.js';
import { twilioSignature } from './twilio.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../test/fixtures/channels/${name}`, import.meta.url), 'utf8'));
const OUR_NUMBER = '+21670000111';
const codeIn = (text: string) => /(\d{4} \d{4} \d{4} \d{4})/.exec(text)?.[1]?.replace(/ /g, '');

test('Twilio signature: the documented example vector', () => {
  const v = fixture('twilio-signature-vector.json');
  assert.equal(twilioSignature(v.authToken, v.url, Object.entries(v.params)), v.signature);
  assert.notEqual(twilioSignature(v.authToken, `${v.url}&x=1`, Object.entries(v.params)), v.signature);
});

for (const dialect of DIALECTS) {
  describe(`channels: SMS and WhatsApp through the gateways (${dialect})`, () => {
    let env: TestEnv;
    let twilio: FakeGateway;
    let vonage: FakeGateway;
    let at: FakeGateway;
    let office: string;
    const counts = async () => ({
      reports: (await env.ctx.db.selectFrom('reports').select('id').execute()).length,
      conversations: (await env.ctx.db.selectFrom('channel_conversations').select('id').execute()).length,
    });
    /** What a staff member was told in Abri (in-app notifications), by event. */
    const toldOf = async (userId: string, event: string) =>
      env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('event', '=', event).execute();
    before(async () => {
      twilio = await fakeTwilio(TWILIO.accountSid, TWILIO.authToken);
      vonage = await fakeVonage(VONAGE.apiKey, VONAGE.apiSecret);
      at = await fakeAfricasTalking(AT.username, AT.apiKey);
      env = await createTestEnv(dialect, { channels: channelsConfig(twilio, vonage, at) });
      office = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => {
      await env.close();
      await twilio.close();
      await vonage.close();
      await at.close();
    });

    test('refuses what is not signed by the gateway: 403, nothing created, logged without content', async () => {
      const sms = fixture('twilio-inbound-sms.json').params as Record<string, string>;
      const secret = 'Secret text +16505551199';
      const params = { ...sms, Body: secret };
      assert.equal((await twilioWebhook(env, params, { signature: 'bm90IGEgc2lnbmF0dXJl' })).res.statusCode, 403);
      assert.equal((await twilioWebhook(env, params, { token: 'another-accounts-token' })).res.statusCode, 403);
      const unsigned = await env.app.inject({
        method: 'POST',
        url: '/channels/twilio/messages',
        headers: FORM,
        payload: new URLSearchParams(params).toString(),
      });
      assert.equal(unsigned.statusCode, 403);
      // Signed, then altered on the way: the signature no longer matches.
      const sig = twilioSignature(TWILIO.authToken, `${env.config.publicUrl}/channels/twilio/messages`, Object.entries(params));
      const altered = await env.app.inject({
        method: 'POST',
        url: '/channels/twilio/messages',
        headers: { ...FORM, 'x-twilio-signature': sig },
        payload: new URLSearchParams({ ...params, Body: 'other' }).toString(),
      });
      assert.equal(altered.statusCode, 403);

      const wa = fixture('vonage-inbound-whatsapp.json').body as Record<string, unknown>;
      const raw = JSON.stringify({ ...wa, text: secret });
      assert.equal(
        (await vonageWebhook(env, raw, { authorization: `Bearer ${await vonageJwt(raw, { secret: 'not-the-secret-at-all-0123456789' })}` })).statusCode,
        403,
      );
      assert.equal(
        (await vonageWebhook(env, raw, { authorization: `Bearer ${await vonageJwt(raw, { payloadHash: 'ab'.repeat(32) })}` })).statusCode,
        403,
        'tampered body',
      );
      assert.equal(
        (await vonageWebhook(env, raw, { authorization: `Bearer ${await vonageJwt(raw, { iat: Math.floor(Date.now() / 1000) - 3600 })}` })).statusCode,
        403,
        'replayed an hour later',
      );
      assert.equal((await vonageWebhook(env, raw, { authorization: 'Basic Zm9vOmJhcg==' })).statusCode, 403);
      assert.equal(
        (await env.app.inject({ method: 'POST', url: '/channels/vonage/inbound', headers: { 'content-type': 'application/json' }, payload: raw })).statusCode,
        403,
      );
      assert.equal(
        (await env.app.inject({ method: 'POST', url: '/channels/vonage/status', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode,
        403,
      );

      assert.deepEqual(await counts(), { reports: 0, conversations: 0 });
      const refused = env.logs.filter((l) => l.msg === 'webhook refused');
      assert.ok(refused.length >= 8);
      const all = JSON.stringify(env.logs);
      assert.ok(!all.includes('Secret text') && !all.includes('6505551199') && !all.includes('447700900001'), 'no content or number in the logs');
    });

    test('an SMS conversation in Arabic (Twilio): language detected, safety first, receipt code, staff reply and reporter reply in one thread', async () => {
      const sender = '+21655123456';
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const say = async (text: string) => {
        const { res, messages } = await twilioWebhook(env, twilioText(sender, OUR_NUMBER, text));
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /text\/xml/);
        return messages.join('\n');
      };
      assert.match(await say('مرحبا، أريد الإبلاغ عن عمال محتجزين في مزرعة قرب المدينة'), /هل أنت أو شخص آخر في خطر الآن/);
      assert.match(await say('٢'), /هل يتعلق الأمر بطفل/, 'Arabic-Indic digits are read');
      assert.match(await say('7'), /من فضلك أجب بأحد الأرقام المقترحة/, 'a wrong choice asks again');
      assert.match(await say('1'), /ماذا يحدث/);
      assert.match(await say('يعملون بدون أجر منذ ثلاثة أشهر ويأخذ صاحب العمل جوازات سفرهم'), /أين يحدث ذلك/);
      assert.match(await say('صفاقس'), /هل يمكننا الرد عليك على هذا الرقم/);
      const receipt = await say('1');
      assert.match(receipt, /رمز الإيصال/);
      const code = codeIn(receipt);
      assert.ok(code);
      const report = await findByCode(env.ctx, 'test', code);
      assert.ok(report, 'the receipt code finds the report');
      assert.equal(report.channel, 'sms');
      assert.equal(report.office_id, office);
      assert.equal(report.children, 'yes');
      assert.equal(report.danger_now, 'no');
      assert.equal(report.form_locale, 'ar');
      assert.equal((await counts()).conversations, 0, 'the conversation is gone once it is a report');
      assert.deepEqual(
        (await toldOf(operator.id, 'report_new')).map((n) => n.link),
        [`/staff/reports/${report.id}`],
        'the office triage is told of the new SMS report once',
      );
      assert.equal((await toldOf(operator.id, 'reporter_message')).length, 0, 'the conversation itself is not a message on a report');

      const s = await sessionFor(env.ctx, operator.id);
      const queue = await env.app.inject({ method: 'GET', url: '/staff/reports?channel=sms', headers: { cookie: s.cookie } });
      assert.ok(queue.body.includes(report.reference));
      const sent = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/messages`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, body: 'هل أنت بأمان الآن؟ هل يمكننا الاتصال بك غدا؟' }),
      });
      assert.equal(sent.statusCode, 303);
      const delivered = twilio.sent.find((m) => m.to === sender);
      assert.ok(delivered, 'the staff message reached the gateway');
      assert.equal(delivered.from, OUR_NUMBER);
      assert.equal(delivered.channel, 'sms');
      assert.match(delivered.text, /هل أنت بأمان الآن/);

      assert.match(await say('نعم أنا بخير، اتصلوا بعد الساعة الخامسة'), /تمت إضافة رسالتك/);
      const messages = await thread(env.ctx, (await findByCode(env.ctx, 'test', code)) ?? report);
      assert.deepEqual(
        messages.map((m) => m.author),
        ['staff', 'reporter'],
      );
      assert.match(messages[1]?.body ?? '', /اتصلوا بعد الساعة الخامسة/);
      // The SMS answer tells triage as a web follow-up message does: once, in Abri, with neither number nor words.
      const told = await toldOf(operator.id, 'reporter_message');
      assert.deepEqual(
        told.map((n) => [n.link, n.office_id]),
        [[`/staff/reports/${report.id}`, office]],
      );
      const raw = JSON.stringify(told);
      for (const secret of ['21655123456', '55123456', 'اتصلوا', 'الخامسة']) assert.ok(!raw.includes(secret), `${secret} in a notification`);
      const inbox = await env.app.inject({ method: 'GET', url: '/staff/notifications', headers: { cookie: s.cookie } });
      assert.equal(inbox.statusCode, 200);
      assert.match(inbox.body, /A reporter wrote on a report/);
      assert.ok(!inbox.body.includes('21655123456') && !inbox.body.includes('اتصلوا'), 'the notifications page shows neither');

      // STOP: no more messages to this number; staff messages are no longer sent.
      assert.match(await say('توقف'), /انتهت المحادثة/);
      const row = await env.ctx.db.selectFrom('reports').select(['reply_to_enc', 'reply_to_hash']).where('id', '=', report.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { reply_to_enc: null, reply_to_hash: null });
      const before = twilio.sent.length;
      await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/messages`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, body: 'Another question after stop' }),
      });
      assert.equal(twilio.sent.length, before, 'nothing is sent after STOP');
    });

    test('a WhatsApp conversation in French (Vonage): language chosen with a number, answers through the Messages API, delivery retried after an outage', async () => {
      const sender = '+33612345678';
      const say = async (text: string) => {
        const n = vonage.sent.length;
        const res = await vonageWebhook(env, vonageText(sender, OUR_NUMBER, text, 'whatsapp'));
        assert.equal(res.statusCode, 200);
        return vonage.sent
          .slice(n)
          .filter((m) => m.to === sender)
          .map((m) => m.text)
          .join('\n');
      };
      assert.match(await say('Bonjour'), /1 Français · 2 English/, 'too short to tell the language: the menu');
      assert.match(await say('1'), /êtes-vous en danger maintenant/);
      assert.ok(vonage.sent.every((m) => m.channel === 'whatsapp' && m.from === OUR_NUMBER));
      assert.match(await say('oui'), /Un enfant/);
      assert.match(await say('3'), /Que se passe-t-il/);
      assert.match(await say('court'), /Écrivez un peu plus/);
      assert.match(await say('Ma voisine travaille chez une famille à Tunis, ils ont pris son passeport et elle ne sort jamais.'), /Où cela se passe-t-il/);
      assert.match(await say('0'), /Pouvons-nous vous répondre à ce numéro/);
      const receipt = await say('1');
      const code = codeIn(receipt);
      assert.ok(code, receipt);
      const report = await findByCode(env.ctx, 'test', code);
      assert.ok(report);
      assert.equal(report.channel, 'whatsapp');
      assert.equal(report.priority, 'urgent', 'danger now: the same scoring as a web report');
      assert.equal(report.form_locale, 'fr');

      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const s = await sessionFor(env.ctx, operator.id);
      vonage.down = true;
      const sent = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/messages`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, body: 'Êtes-vous en sécurité pour parler demain matin ?' }),
      });
      assert.equal(sent.statusCode, 303, 'an outage does not refuse the staff message');
      const queued = await env.ctx.db.selectFrom('channel_outbox').selectAll().where('report_id', '=', report.id).executeTakeFirstOrThrow();
      assert.equal(queued.status, 'pending');
      assert.equal(queued.attempts, 1);
      vonage.down = false;
      assert.deepEqual(await deliverDue(env.ctx), { sent: 0, waiting: 0 }, 'not before its retry time');
      assert.deepEqual(await deliverDue(env.ctx, Date.now() + 3 * 60_000), { sent: 1, waiting: 0 });
      const delivered = vonage.sent.find((m) => m.text.includes('demain matin'));
      assert.ok(delivered);
      assert.equal(delivered.to, sender);
      assert.equal(delivered.channel, 'whatsapp');
      assert.equal((await env.ctx.db.selectFrom('channel_outbox').select('status').where('id', '=', queued.id).executeTakeFirstOrThrow()).status, 'sent');
      assert.equal((await toldOf(operator.id, 'reporter_message')).length, 0);
      assert.match(await say('Oui, demain à 9 heures, sur ce numéro.'), /votre message a été ajouté/);
      assert.deepEqual(
        (await toldOf(operator.id, 'reporter_message')).map((n) => n.link),
        [`/staff/reports/${report.id}`],
        'a WhatsApp answer tells triage once',
      );

      // Retention as for a web report: closed without a case, purged with its sealed number and its outbox rows.
      const version = (await env.ctx.db.selectFrom('reports').select('version').where('id', '=', report.id).executeTakeFirstOrThrow()).version;
      const closed = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report.id}/state`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, state: 'closed', closureReason: 'no_action', version: String(version) }),
      });
      assert.equal(closed.statusCode, 303);
      await purgeClosedReports(env.ctx, Date.now() + (env.config.reportRetentionDays + 1) * 86_400_000);
      assert.equal(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', report.id).executeTakeFirst(), undefined);
      assert.equal((await env.ctx.db.selectFrom('channel_outbox').select('id').where('report_id', '=', report.id).execute()).length, 0);
      const fresh = await say('Bonjour, je voudrais signaler une autre situation grave.');
      assert.match(fresh, /êtes-vous en danger/, 'after the purge, the number is unknown again: a new conversation');
    });

    test("Africa's Talking (secret token in the callback URL): a wrong token is refused; an SMS conversation in English; staff reply sent", async () => {
      const sender = '+254711000222';
      const shortcode = '40123';
      const start = await counts();
      assert.equal(
        (await africasTalkingWebhook(env, sender, shortcode, 'I want to report forced work in a quarry near Nakuru', 'x'.repeat(38))).statusCode,
        403,
      );
      assert.equal(
        (await africasTalkingWebhook(env, sender, shortcode, 'I want to report forced work in a quarry near Nakuru', '')).statusCode,
        403,
        'no token',
      );
      assert.deepEqual(await counts(), start);
      const say = async (text: string) => {
        const n = at.sent.length;
        assert.equal((await africasTalkingWebhook(env, sender, shortcode, text)).statusCode, 200);
        return at.sent
          .slice(n)
          .map((m) => m.text)
          .join('\n');
      };
      assert.match(await say('I want to report forced work in a quarry near Nakuru, the workers are not paid'), /in danger now/);
      assert.equal(at.sent.at(-1)?.from, shortcode);
      await say('2');
      await say('2');
      assert.match(await say('They break stones all day, the owner keeps their identity cards and they sleep on site.'), /Where is it happening/);
      await say('Nakuru');
      const code = codeIn(await say('1'));
      assert.ok(code);
      const report = await findByCode(env.ctx, 'test', code);
      assert.equal(report?.channel, 'sms');
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const s = await sessionFor(env.ctx, operator.id);
      await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${report?.id}/messages`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, body: 'Can we call you tomorrow morning?' }),
      });
      const delivered = at.sent.find((m) => m.text.includes('tomorrow morning'));
      assert.equal(delivered?.to, sender);
      assert.equal(delivered?.from, shortcode);
    });

    test('STOP in the middle of a conversation deletes what was not submitted', async () => {
      const sender = '+34611222333';
      const start = await counts();
      const first = await twilioWebhook(env, twilioText(sender, OUR_NUMBER, 'Hola, quiero denunciar una situación de explotación laboral', true));
      assert.match(first.messages.join(), /peligro/);
      assert.equal((await counts()).conversations, start.conversations + 1);
      const stop = await twilioWebhook(env, twilioText(sender, OUR_NUMBER, 'ALTO', true));
      assert.match(stop.messages.join(), /Conversación terminada/);
      assert.deepEqual(await counts(), start);
    });

    test('privacy: no sender number in any log line or unsealed column', async () => {
      const numbers = ['21655123456', '33612345678', '34611222333', '254711000222'];
      const logs = JSON.stringify(env.logs);
      for (const n of numbers) assert.ok(!logs.includes(n), `number ${n} in the logs`);
      for (const table of [
        'reports',
        'report_messages',
        'report_lookups',
        'channel_conversations',
        'channel_outbox',
        'audit_events',
        'access_log',
        'notifications',
        'notification_outbox',
      ] as const) {
        const rows = JSON.stringify(await env.ctx.db.selectFrom(table).selectAll().execute());
        for (const n of numbers) assert.ok(!rows.includes(n) && !rows.includes(n.slice(-8)), `number ${n} in ${table}`);
      }
    });
  });
}
