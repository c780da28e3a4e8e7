import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createOffice, createTestEnv, createUser, DIALECTS, sessionFor, type TestEnv } from '../../test/support/index.js';
import { jpegWithGps } from '../../test/support/reports.js';
import { INGEST_EMAIL_COMMAND } from './email.cli.js';
import { EMAIL_TOKEN } from '../../test/support/channels.js';

const ADDRESS = 'amira.reporter@example.net';

async function eml(opts: {
  from?: string;
  replyTo?: string;
  subject?: string;
  text?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>;
}): Promise<Buffer> {
  return new MailComposer({
    from: opts.from ?? `Amira <${ADDRESS}>`,
    to: 'signalements@abri.example.org',
    replyTo: opts.replyTo,
    subject: opts.subject,
    text: opts.text,
    attachments: opts.attachments,
  })
    .compile()
    .build();
}

for (const dialect of DIALECTS) {
  describe(`channels: the reports mailbox (${dialect})`, () => {
    let env: TestEnv;
    let office: string;
    const reportCount = async () => (await env.ctx.db.selectFrom('reports').select('id').execute()).length;
    const post = (payload: Buffer | string, token: string | null = EMAIL_TOKEN) =>
      env.app.inject({
        method: 'POST',
        url: '/channels/email/inbound',
        headers: { 'content-type': 'message/rfc822', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload,
      });
    before(async () => {
      env = await createTestEnv(dialect, { channels: { twilio: undefined, vonage: undefined, africasTalking: undefined, emailIngestToken: EMAIL_TOKEN } });
      office = await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    test('an e-mail becomes a report (channel email): attachments cleaned as on the web, reply-to sealed; the next one joins it', async () => {
      const message = await eml({
        subject: 'Des ouvriers enfermés',
        text: 'Bonjour, des ouvriers sont enfermés la nuit dans un atelier à Sfax, le patron garde leurs passeports.',
        attachments: [
          { filename: 'photo.jpg', content: await jpegWithGps(), contentType: 'image/jpeg' },
          { filename: 'notes.docx', content: Buffer.from('PK\u0003\u0004 not something Abri cleans'), contentType: 'application/octet-stream' },
        ],
      });
      assert.equal((await post(message, null)).statusCode, 403);
      assert.equal((await post(message, 'wrong-token-wrong-token-wrong')).statusCode, 403);
      assert.equal(await reportCount(), 0);
      const res = await post(message);
      assert.equal(res.statusCode, 202, res.body);
      const accepted = res.json() as Record<string, unknown>;
      assert.deepEqual([accepted.accepted, accepted.outcome, accepted.files, accepted.filesRefused], [true, 'submitted', 1, 1]);
      const report = await env.ctx.db.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
      assert.equal(report.channel, 'email');
      assert.equal(report.office_id, office);
      assert.equal(report.form_locale, 'fr');
      assert.ok(report.reply_to_enc && report.reply_to_hash);
      const files = await env.ctx.db.selectFrom('report_files').selectAll().where('report_id', '=', report.id).execute();
      assert.equal(files.length, 1);
      assert.equal(files[0]?.stripped, 1);

      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const s = await sessionFor(env.ctx, operator.id);
      const detail = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.match(detail.body, /Des ouvriers enfermés/);
      assert.ok(detail.body.includes(ADDRESS), 'triage can read the address to answer');
      const photo = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}/files/${files[0]?.id}`, headers: { cookie: s.cookie } });
      assert.equal(photo.statusCode, 200);
      assert.ok(!photo.rawPayload.includes(Buffer.from('PhoneCo')), 'camera metadata removed');

      const toldOf = async (event: string) =>
        env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', operator.id).where('event', '=', event).execute();
      assert.equal((await toldOf('reporter_message')).length, 0);
      const again = await post(await eml({ subject: 'Re: Des ouvriers enfermés', text: 'Ils sont douze, dont deux mineurs.' }));
      assert.equal(again.json().outcome, 'joined');
      // As a web follow-up message: triage is told once, in Abri, without the address or the words.
      const told = await toldOf('reporter_message');
      assert.deepEqual(
        told.map((n) => n.link),
        [`/staff/reports/${report.id}`],
      );
      for (const secret of [ADDRESS, 'douze', 'mineurs']) assert.ok(!JSON.stringify(told).includes(secret), `${secret} in a notification`);
      assert.equal(await reportCount(), 1);
      const messages = await env.ctx.db.selectFrom('report_messages').select(['author']).where('report_id', '=', report.id).execute();
      assert.deepEqual(
        messages.map((m) => m.author),
        ['reporter'],
      );
    });

    test('malformed e-mails are refused cleanly: 400 with the reason, nothing stored', async () => {
      const before = await reportCount();
      const bad: Array<Buffer | string> = [
        '',
        'hello world, this is not an e-mail',
        Buffer.from([0, 1, 2, 3, 255, 254, 10, 13, 10, 0]),
        'Subject: no sender\r\n\r\nSomeone is locked in a house.',
        'From: not-an-address\r\nSubject: x\r\n\r\nSomeone is locked in a house.',
        await eml({ subject: 'empty' }),
        'From: a@b.example\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\n',
      ];
      for (const payload of bad) {
        const res = await post(payload);
        assert.equal(res.statusCode, 400, `${String(payload).slice(0, 40)} → ${res.statusCode}`);
        assert.equal(res.json().accepted, false);
        assert.ok(typeof res.json().message === 'string' && !res.json().message.includes('⟦'));
      }
      const huge = await post(Buffer.alloc(41 * 1024 * 1024, 97));
      assert.equal(huge.statusCode, 413);
      assert.equal(await reportCount(), before);
    });

    test('`abri ingest-email` reads the message on standard input; exit 65 for what is not an e-mail', async () => {
      const run = async (input: Buffer | string) => {
        const original = Object.getOwnPropertyDescriptor(process, 'stdin');
        Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input)]), configurable: true });
        const write = process.stdout.write;
        const errWrite = process.stderr.write;
        process.stdout.write = (() => true) as typeof process.stdout.write;
        process.stderr.write = (() => true) as typeof process.stderr.write;
        try {
          return await INGEST_EMAIL_COMMAND.run(env.ctx, { values: {}, positionals: [] });
        } finally {
          process.stdout.write = write;
          process.stderr.write = errWrite;
          if (original) Object.defineProperty(process, 'stdin', original);
        }
      };
      const before = await reportCount();
      assert.equal(
        await run(await eml({ from: 'Someone <someone.else@example.org>', text: 'A minor works every night in the bakery next to the station.' })),
        0,
      );
      assert.equal(await reportCount(), before + 1);
      assert.equal(await run('garbage'), 65);
      assert.equal(await reportCount(), before + 1);
    });

    test('privacy: no e-mail address in a log line or an unsealed column', async () => {
      const logs = JSON.stringify(env.logs);
      for (const a of [ADDRESS, 'someone.else@example.org']) {
        assert.ok(!logs.includes(a), 'address in the logs');
        for (const table of ['reports', 'report_messages', 'report_lookups', 'report_files', 'audit_events', 'notifications', 'notification_outbox'] as const) {
          assert.ok(!JSON.stringify(await env.ctx.db.selectFrom(table).selectAll().execute()).includes(a), `address in ${table}`);
        }
      }
    });
  });
}
