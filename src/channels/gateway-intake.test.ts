import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import type { ChannelsConfig } from '../config.js';
import { findByCode } from '../reports/reports.service.js';
import { dumpAll, jpegWithGps } from '../../test/support/reports.js';
import { fetchMedia } from './media.js';
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
  vonageText,
  vonageWebhook,
} from '../../test/support/channels.js';

/*
 * What gateways do beyond one text at a time: they retry a webhook (the same message id twice creates nothing),
 * they carry pictures and documents (fetched from the gateway's media server with its authentication, cleaned as
 * web attachments), and the report goes to the office of the number it was sent to, or of the sender's country.
 */

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../test/fixtures/channels/${name}`, import.meta.url), 'utf8'));
const codeIn = (text: string) => /(\d{4} \d{4} \d{4} \d{4})/.exec(text)?.[1]?.replace(/ /g, '');
const KE_NUMBER = '+254700000222';
const OTHER_NUMBER = '+447700900000';
const FIRST = 'I want to report workers who are locked inside a farm near the city every night';
const DESCRIPTION = 'They work without pay for three months and the boss keeps their passports in his office.';

for (const dialect of DIALECTS) {
  describe(`channels: retried webhooks, media and routing (${dialect})`, () => {
    let env: TestEnv;
    let twilio: FakeGateway;
    let vonage: FakeGateway;
    let at: FakeGateway;
    let fallback: string;
    let tunisia: string;
    let kenya: string;
    const count = async (table: 'reports' | 'channel_conversations' | 'report_messages' | 'report_files') =>
      (await env.ctx.db.selectFrom(table).select('id').execute()).length;

    /** A Twilio conversation in English to its receipt; `first` may carry media parameters. */
    const twilioReport = async (from: string, to: string, first: Record<string, string> = {}) => {
      const say = async (text: string, extra: Record<string, string> = {}) => {
        const { res, messages } = await twilioWebhook(env, { ...twilioText(from, to, text), ...extra });
        assert.equal(res.statusCode, 200);
        return messages.join('\n');
      };
      let answer = await say(FIRST, first);
      if (/2 English/.test(answer)) answer = await say('2');
      assert.match(answer, /in danger now/);
      await say('2');
      await say('2');
      await say(DESCRIPTION);
      await say('Nairobi');
      const receipt = await say('1');
      const code = codeIn(receipt);
      assert.ok(code, receipt);
      const report = await findByCode(env.ctx, 'test', code);
      assert.ok(report);
      return report;
    };

    before(async () => {
      twilio = await fakeTwilio(TWILIO.accountSid, TWILIO.authToken);
      vonage = await fakeVonage('abcd1234', 'test-vonage-api-secret');
      at = await fakeAfricasTalking(AT.username, AT.apiKey);
      const channels: ChannelsConfig = { ...channelsConfig(twilio, vonage, at), numberOffices: { [KE_NUMBER]: 'KEN' } };
      // The fake gateways listen on 127.0.0.1: the media guard is told to allow it (as WEBHOOK_ALLOW_PRIVATE does).
      env = await createTestEnv(dialect, { channels, webhookAllowPrivate: true, maxUploadMb: 1 });
      // The oldest office is where a report goes when nothing else decides: not Tunisia's, not Kenya's.
      fallback = await createOffice(env.ctx, 'HQ', 'FR');
      tunisia = await createOffice(env.ctx, 'TUN', 'TN');
      kenya = await createOffice(env.ctx, 'KEN', 'KE');
    });
    after(async () => {
      await env.close();
      await twilio.close();
      await vonage.close();
      await at.close();
    });

    test('a retried Twilio webhook (same MessageSid) answers 200 and creates nothing; another message id is handled', async () => {
      const sender = '+21655000111';
      const report = await twilioReport(sender, OTHER_NUMBER);
      const params = twilioText(sender, OTHER_NUMBER, 'They are twelve, two of them children.');
      const first = await twilioWebhook(env, params);
      assert.equal(first.res.statusCode, 200);
      assert.equal(first.messages.length, 1, 'the addition is acknowledged');
      const messages = await count('report_messages');
      const retried = await twilioWebhook(env, params);
      assert.equal(retried.res.statusCode, 200, 'the gateway is told it was received');
      assert.match(retried.res.body, /<Response><\/Response>/, 'and nothing is answered twice');
      assert.equal(await count('report_messages'), messages, 'no second copy on the report');
      assert.equal((await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow()).unread, 1);

      // The documented payload, twice: one conversation, one question asked.
      const doc = fixture('twilio-inbound-sms.json').params as Record<string, string>;
      const conversations = await count('channel_conversations');
      const a = await twilioWebhook(env, { ...doc, AccountSid: TWILIO.accountSid, Body: FIRST });
      const b = await twilioWebhook(env, { ...doc, AccountSid: TWILIO.accountSid, Body: FIRST });
      assert.deepEqual([a.res.statusCode, b.res.statusCode], [200, 200]);
      assert.equal(a.messages.length, 1);
      assert.equal(b.messages.length, 0);
      assert.equal(await count('channel_conversations'), conversations + 1);
      const stored = await env.ctx.db.selectFrom('channel_deliveries').selectAll().execute();
      assert.ok(!JSON.stringify(stored).includes(doc.MessageSid as string), 'the message id is kept only as a keyed hash');
    });

    test("a retried Vonage or Africa's Talking webhook (same message_uuid / id) creates nothing and sends nothing", async () => {
      const vdoc = fixture('vonage-inbound-sms.json').body as Record<string, unknown>;
      const body = { ...vdoc, text: FIRST };
      const conversations = await count('channel_conversations');
      const sent = vonage.sent.length;
      assert.equal((await vonageWebhook(env, body)).statusCode, 200);
      assert.equal((await vonageWebhook(env, body)).statusCode, 200);
      assert.equal(await count('channel_conversations'), conversations + 1);
      assert.equal(vonage.sent.length, sent + 1, 'one answer through the Messages API');

      const adoc = fixture('africastalking-inbound-sms.json').params as Record<string, string>;
      const payload = new URLSearchParams({ ...adoc, from: '+254711000333', text: FIRST }).toString();
      const post = () =>
        env.app.inject({
          method: 'POST',
          url: `/channels/africastalking/${AT.callbackToken}/inbound`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload,
        });
      const atSent = at.sent.length;
      assert.equal((await post()).statusCode, 200);
      assert.equal((await post()).statusCode, 200);
      assert.equal(await count('channel_conversations'), conversations + 2);
      assert.equal(at.sent.length, atSent + 1);
      // A different id from the same sender is the conversation's next message.
      assert.equal((await africasTalkingWebhook(env, '+254711000333', '40123', '2')).statusCode, 200);
      assert.equal(at.sent.length, atSent + 2);
    });

    test('Twilio MMS: the picture is fetched with the account credentials, its metadata removed, and attached to the report', async () => {
      const doc = fixture('twilio-inbound-mms.json').params as Record<string, string>;
      const path = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${doc.MessageSid}/Media/ME557ce644e5ab84fa21cc21112e22c485`;
      twilio.media.set(path, await jpegWithGps());
      const report = await twilioReport('+21655000222', OTHER_NUMBER, { NumMedia: '1', MediaContentType0: 'image/jpeg', MediaUrl0: `${twilio.url}${path}` });
      const files = await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', report.id).execute();
      assert.equal(files.length, 1);
      assert.equal(files[0]?.stripped, 1);
      assert.deepEqual(
        twilio.mediaRequests.filter((r) => r.path.endsWith('ME557ce644e5ab84fa21cc21112e22c485')).map((r) => [r.path.startsWith('/cdn/'), r.authorized]),
        [
          [false, true],
          [true, false],
        ],
        'credentials to the API, none to the short-lived URL it redirects to',
      );
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: report.office_id });
      const s = await sessionFor(env.ctx, operator.id);
      const photo = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}/files/${files[0]?.id}`, headers: { cookie: s.cookie } });
      assert.equal(photo.statusCode, 200);
      assert.ok(!photo.rawPayload.includes(Buffer.from('PhoneCo')), 'camera metadata removed');

      // Later media on the report: one from elsewhere (not Twilio's media URL), one too large; neither is kept.
      const big = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/MMbig/Media/MEbig`;
      twilio.media.set(big, Buffer.alloc(2 * 1024 * 1024, 1));
      const requests = twilio.mediaRequests.length;
      const { res } = await twilioWebhook(env, {
        ...twilioText('+21655000222', OTHER_NUMBER, 'Two more pictures'),
        NumMedia: '3',
        MediaUrl0: `${vonage.url}/v3/media/not-twilio`,
        MediaContentType0: 'image/jpeg',
        MediaUrl1: `${twilio.url}${big}`,
        MediaContentType1: 'image/jpeg',
        MediaUrl2: 'http://169.254.169.254/latest/meta-data/',
        MediaContentType2: 'image/jpeg',
      });
      assert.equal(res.statusCode, 200);
      assert.equal((await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', report.id).execute()).length, 1, 'nothing more attached');
      assert.equal(twilio.mediaRequests.length, requests + 2, 'only the Twilio URL was fetched (redirect, then the capped download)');
      assert.ok(!vonage.mediaRequests.some((r) => r.path === '/v3/media/not-twilio'), 'another host is never asked');
      const messages = await env.ctx.db.selectFrom('report_messages').selectAll().where('report_id', '=', report.id).execute();
      assert.equal(messages.length, 1, 'the text still joins the report');
    });

    test('Vonage WhatsApp picture and document messages (message_type image / file) are fetched from its media server and attached', async () => {
      const image = fixture('vonage-inbound-whatsapp-image.json').body as Record<string, unknown> & { image: { url: string } };
      const file = fixture('vonage-inbound-whatsapp-file.json').body as Record<string, unknown> & { file: { url: string } };
      const imagePath = new URL(image.image.url).pathname;
      const filePath = new URL(file.file.url).pathname;
      vonage.media.set(imagePath, await jpegWithGps());
      vonage.media.set(filePath, Buffer.from('not a document Abri can clean'));
      const sender = '+21655000333';
      const say = (text: string) => vonageWebhook(env, vonageText(sender, OTHER_NUMBER, text, 'whatsapp'));
      // The conversation starts with the picture, its caption as the first message.
      const first = {
        ...image,
        from: sender.slice(1),
        to: OTHER_NUMBER.slice(1),
        message_uuid: crypto.randomUUID(),
        image: { url: `${vonage.url}${imagePath}`, caption: FIRST },
      };
      assert.equal((await vonageWebhook(env, first)).statusCode, 200);
      for (const answer of ['2', '2', DESCRIPTION, 'Tunis']) assert.equal((await say(answer)).statusCode, 200);
      const n = vonage.sent.length;
      assert.equal((await say('1')).statusCode, 200);
      const code = codeIn(
        vonage.sent
          .slice(n)
          .map((m) => m.text)
          .join('\n'),
      );
      assert.ok(code);
      const report = await findByCode(env.ctx, 'test', code);
      assert.ok(report);
      assert.equal(report.channel, 'whatsapp');
      const files = await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', report.id).execute();
      assert.equal(files.length, 1, 'the picture sent first is on the report');
      // A document Abri cannot clean is left out; the caption still joins the thread.
      const doc = {
        ...file,
        from: sender.slice(1),
        to: OTHER_NUMBER.slice(1),
        message_uuid: crypto.randomUUID(),
        file: { ...file.file, url: `${vonage.url}${filePath}` },
      };
      assert.equal((await vonageWebhook(env, doc)).statusCode, 200);
      assert.equal((await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', report.id).execute()).length, 1);
      assert.equal((await env.ctx.db.selectFrom('report_messages').selectAll().where('report_id', '=', report.id).execute()).length, 1);
      assert.ok(vonage.mediaRequests.some((r) => r.path === filePath));
    });

    test('the media guard refuses private addresses unless allowed, and hosts that are not the gateway’s', async () => {
      const path = `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/MMx/Media/MEx`;
      twilio.media.set(path, await jpegWithGps());
      assert.ok(Buffer.isBuffer(await fetchMedia(env.ctx, 'twilio', { url: `${twilio.url}${path}` })));
      const guarded = { ...env.ctx, config: { ...env.ctx.config, webhookAllowPrivate: false } };
      assert.equal(await fetchMedia(guarded, 'twilio', { url: `${twilio.url}${path}` }), 'blocked_address');
      assert.equal(await fetchMedia(env.ctx, 'twilio', { url: `${twilio.url}/2010-04-01/Accounts/ACother/Messages/MMx/Media/MEx` }), 'not_a_media_host');
      assert.equal(await fetchMedia(env.ctx, 'vonage', { url: 'https://media.example.org/v3/media/x' }), 'not_a_media_host');
      assert.equal(await fetchMedia(env.ctx, 'africastalking', { url: `${twilio.url}${path}` }), 'not_configured');
    });

    test('Vonage "secure inbound media": the media is fetched with a JWT signed by the application key', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const dir = mkdtempSync(join(tmpdir(), 'abri-vonage-'));
      const keyFile = join(dir, 'private.key');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const path = '/v3/media/5d0f6c3a-secured';
      vonage.media.set(path, await jpegWithGps());
      vonage.secureMedia = { applicationId: 'aaaaaaaa-app0-4ccc-8ddd-0123456789ab', publicKey };
      try {
        const vonageConfig = env.ctx.config.channels.vonage;
        assert.ok(vonageConfig);
        const withKey = (applicationId: string, privateKeyFile: string) => ({
          ...env.ctx,
          config: { ...env.ctx.config, channels: { ...env.ctx.config.channels, vonage: { ...vonageConfig, applicationId, privateKeyFile } } },
        });
        assert.equal(await fetchMedia(env.ctx, 'vonage', { url: `${vonage.url}${path}` }), 'http_401', 'without the application key: refused');
        assert.ok(Buffer.isBuffer(await fetchMedia(withKey('aaaaaaaa-app0-4ccc-8ddd-0123456789ab', keyFile), 'vonage', { url: `${vonage.url}${path}` })));
        assert.equal(
          await fetchMedia(withKey('aaaaaaaa-app0-4ccc-8ddd-0123456789ab', join(dir, 'missing.key')), 'vonage', { url: `${vonage.url}${path}` }),
          'credentials_unreadable',
        );
      } finally {
        vonage.secureMedia = undefined;
      }
    });

    test('routing: the office of the number the message was sent to, else of the sender’s country calling code, else the default', async () => {
      // Sent to Kenya's number from a Tunisian phone: Kenya's office (the number decides).
      const toKenya = await twilioReport('+21655000444', KE_NUMBER);
      assert.equal(toKenya.office_id, kenya);
      // Sent to a number of no office: by the sender's calling code (+216 Tunisia).
      const fromTunisia = await twilioReport('+21655000555', OTHER_NUMBER);
      assert.equal(fromTunisia.office_id, tunisia);
      // +1 (North America) has no office here: the default office, as a web report without a country.
      const fromElsewhere = await twilioReport('+14155550123', OTHER_NUMBER);
      assert.equal(fromElsewhere.office_id, fallback);
      for (const r of [toKenya, fromTunisia, fromElsewhere]) assert.equal(r.country, null, 'the phone’s country is not stored as the situation’s');
    });

    test('channel settings: an administrator gives a number to an office; reports sent to it go there', async () => {
      const admin = await createUser(env.ctx, { roles: ['administrator'], officeId: null });
      const s = await sessionFor(env.ctx, admin.id);
      const post = (url: string, fields: Record<string, string>) =>
        env.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf, ...fields }) });
      const listed = await env.app.inject({ method: 'GET', url: '/staff/admin/channels', headers: { cookie: s.cookie } });
      assert.equal(listed.statusCode, 200);
      assert.match(listed.body, /No number yet/);
      const bad = await post('/staff/admin/channels', { number: 'call me', officeId: tunisia });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /international format/);
      assert.equal((await post('/staff/admin/channels', { number: '+1 555 000 1234', officeId: tunisia })).statusCode, 303);
      const taken = await post('/staff/admin/channels', { number: '+15550001234', officeId: kenya });
      assert.equal(taken.statusCode, 400);
      assert.match(taken.body, /already listed/);
      const page = await env.app.inject({ method: 'GET', url: '/staff/admin/channels', headers: { cookie: s.cookie } });
      assert.match(page.body, /\+15550001234/);

      // A North American sender writing to that number: Tunisia's office (the settings win over the calling code).
      const report = await twilioReport('+14155550999', '+15550001234');
      assert.equal(report.office_id, tunisia);

      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: tunisia });
      const o = await sessionFor(env.ctx, operator.id);
      assert.notEqual(
        (await env.app.inject({ method: 'GET', url: '/staff/admin/channels', headers: { cookie: o.cookie } })).statusCode,
        200,
        'administrators only',
      );

      const row = await env.ctx.db.selectFrom('channel_numbers').selectAll().executeTakeFirstOrThrow();
      assert.equal((await post(`/staff/admin/channels/${row.id}/delete`, {})).statusCode, 303);
      assert.equal((await env.ctx.db.selectFrom('channel_numbers').selectAll().execute()).length, 0);
      const events = await env.ctx.db.selectFrom('audit_events').select(['type', 'data']).where('type', 'like', 'channels.number_%').execute();
      assert.deepEqual(events.map((e) => e.type).sort(), ['channels.number_added', 'channels.number_removed']);
    });

    test('privacy: no sender number and no gateway message id in a log line or an unsealed column', async () => {
      const all = await dumpAll(env);
      const logs = JSON.stringify(env.logs);
      for (const n of [
        '21655000111',
        '21655000222',
        '21655000333',
        '21655000444',
        '21655000555',
        '14155550123',
        '254711000333',
        'ATXid_5c9d1b5ab1d6e6b2a2f2c8d1f2b7e0a1',
      ]) {
        assert.ok(!all.includes(n), `${n} in an unsealed column`);
        assert.ok(!logs.includes(n), `${n} in the logs`);
      }
      assert.ok(!logs.includes('/v3/media/') && !logs.includes('/Media/ME'), 'no media URL in the logs');
    });
  });
}
