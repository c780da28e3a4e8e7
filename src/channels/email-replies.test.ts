import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createOffice, createTestEnv, createUser, DIALECTS, FORM, form, sessionFor, type TestEnv } from '../../test/support/index.js';
import type { InboundSmtpConfig } from '../config.js';
import { freePort, TestMailServer } from '../notifications/smtp.test-support.js';
import { findByCode } from '../reports/reports.service.js';
import { dumpAll } from '../../test/support/reports.js';
import { deliverDue } from './delivery.service.js';
import { startSmtpListener } from './smtp-listener.js';
import { EMAIL_TOKEN } from '../../test/support/channels.js';

/*
 * A reporter who wrote by e-mail is answered by e-mail: the receipt code first, then the triage operator's
 * messages, through a real SMTP server (nodemailer's smtp-server), retried after an outage, never after STOP.
 * And the reports mailbox's own SMTP listener: nodemailer sends to it, a report appears in triage.
 */

const ADDRESS = 'amira.reporter@example.net';
const MAILBOX = 'signalements@abri.example.org';
const DESCRIPTION = 'Bonjour, des ouvriers sont enfermés la nuit dans un atelier à Sfax, le patron Mourad garde leurs passeports.';
const SECRETS = ['ouvriers', 'enfermés', 'Sfax', 'Mourad', 'passeports', 'atelier'];
const codeIn = (text: string) => /(\d{4} \d{4} \d{4} \d{4})/.exec(text)?.[1]?.replace(/ /g, '');

async function eml(opts: { from?: string; to?: string; subject?: string; text?: string }): Promise<Buffer> {
  return new MailComposer({ from: opts.from ?? `Amira <${ADDRESS}>`, to: opts.to ?? MAILBOX, subject: opts.subject, text: opts.text }).compile().build();
}

for (const dialect of DIALECTS) {
  describe(`channels: e-mail reporters get answers by e-mail (${dialect})`, () => {
    let env: TestEnv;
    let smtp: TestMailServer;
    let office: string;
    let operator: string;
    const post = (payload: Buffer) =>
      env.app.inject({
        method: 'POST',
        url: '/channels/email/inbound',
        headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${EMAIL_TOKEN}` },
        payload,
      });
    const staffMessage = async (reportId: string, body: string) => {
      const s = await sessionFor(env.ctx, operator);
      const res = await env.app.inject({
        method: 'POST',
        url: `/staff/reports/${reportId}/messages`,
        headers: { ...FORM, cookie: s.cookie },
        payload: form({ _csrf: s.csrf, body }),
      });
      assert.equal(res.statusCode, 303, res.body);
    };
    const toReporter = (address = ADDRESS) => smtp.received.filter((m) => m.to.includes(address));

    before(async () => {
      smtp = new TestMailServer(await freePort());
      await smtp.start();
      const inboundSmtp: InboundSmtpConfig = {
        port: 2525,
        host: '127.0.0.1',
        addresses: [MAILBOX],
        maxBytes: 1024 * 1024,
        tlsKeyFile: undefined,
        tlsCertFile: undefined,
        requireTls: false,
        auth: undefined,
      };
      env = await createTestEnv(dialect, {
        smtpUrl: smtp.url,
        publicUrl: 'https://abri.example.org',
        channels: { twilio: undefined, vonage: undefined, africasTalking: undefined, emailIngestToken: EMAIL_TOKEN, inboundSmtp },
      });
      office = await createOffice(env.ctx, 'TN', 'TN');
      operator = (await createUser(env.ctx, { roles: ['triage_operator'], officeId: office })).id;
    });
    after(async () => {
      await smtp.stop();
      await env.close();
    });
    beforeEach(() => {
      smtp.received.length = 0;
    });

    test('the receipt code is mailed to the sender in their language, with a neutral subject and no detail of the report', async () => {
      const res = await post(await eml({ subject: 'Des ouvriers enfermés', text: DESCRIPTION }));
      assert.equal(res.statusCode, 202, res.body);
      const report = await env.ctx.db.selectFrom('reports').selectAll().where('channel', '=', 'email').executeTakeFirstOrThrow();
      const mails = toReporter();
      assert.equal(mails.length, 1, 'one receipt mail, sent right after the report was stored');
      const mail = mails[0];
      assert.ok(mail);
      assert.equal(mail.subject, 'Votre message');
      assert.equal(mail.language, 'fr');
      assert.match(mail.raw, new RegExp(`Reply-To: ${MAILBOX}`, 'i'), 'an answer goes back to the reports mailbox');
      const code = codeIn(mail.text);
      assert.ok(code, 'the receipt code is in the mail');
      assert.equal((await findByCode(env.ctx, 'test-client', code))?.id, report.id, 'the code opens this report');
      assert.match(mail.text, /https:\/\/abri\.example\.org\/fr\/report\/follow-up/);
      for (const secret of [...SECRETS, report.reference, 'trafic', 'Abri']) assert.ok(!mail.subject.includes(secret), `${secret} in the subject`);
      for (const secret of [...SECRETS, report.reference]) assert.ok(!mail.raw.includes(secret), `${secret} in the mail`);
      // Sent: the sealed code is gone from the outbox.
      const outbox = await env.ctx.db.selectFrom('channel_outbox').selectAll().where('report_id', '=', report.id).execute();
      assert.deepEqual(
        outbox.map((o) => [o.kind, o.status, o.payload_enc]),
        [['receipt', 'sent', null]],
      );
    });

    test('a triage operator answers from the report page: the mail reaches the sender, and is retried after a mail-server outage', async () => {
      const report = await env.ctx.db.selectFrom('reports').selectAll().where('channel', '=', 'email').executeTakeFirstOrThrow();
      const s = await sessionFor(env.ctx, operator);
      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.match(page.body, /Sent to the reporter by Email/, 'the operator is told the answer goes by e-mail');
      await staffMessage(report.id, 'Merci. Êtes-vous en sécurité pour parler demain matin ?');
      const mails = toReporter();
      assert.equal(mails.length, 1);
      assert.equal(mails[0]?.subject, 'Une réponse à votre message');
      assert.match(mails[0]?.text ?? '', /Êtes-vous en sécurité pour parler demain matin/);
      for (const secret of [...SECRETS, report.reference]) assert.ok(!mails[0]?.raw.includes(secret), `${secret} in the mail`);

      // The reporter's answer comes back to the mailbox and joins the same thread.
      const again = await post(await eml({ subject: 'Re: Une réponse à votre message', text: 'Oui, après 10 heures.' }));
      assert.equal(again.json().outcome, 'joined');

      // The mail server is down: the message waits, then goes once the server is back.
      await smtp.stop();
      await staffMessage(report.id, 'Nous vous appellerons à 10 heures.');
      const waiting = await env.ctx.db.selectFrom('channel_outbox').selectAll().where('report_id', '=', report.id).where('status', '=', 'pending').execute();
      assert.equal(waiting.length, 1);
      assert.equal(waiting[0]?.attempts, 1);
      assert.ok(!JSON.stringify(env.logs).includes(ADDRESS), 'the failure is logged without the address');
      smtp = new TestMailServer(smtp.port);
      await smtp.start();
      assert.deepEqual(await deliverDue(env.ctx, Date.now() + 5 * 60_000), { sent: 1, waiting: 0 });
      assert.equal(toReporter().length, 1);
      assert.match(toReporter()[0]?.text ?? '', /Nous vous appellerons à 10 heures/);
      assert.deepEqual(await deliverDue(env.ctx, Date.now() + 60 * 60_000), { sent: 0, waiting: 0 }, 'sent once');
    });

    test('STOP by e-mail: no more mail to that address, and no new report; a report whose reporter refused contact is never written to', async () => {
      const report = await env.ctx.db.selectFrom('reports').selectAll().where('channel', '=', 'email').executeTakeFirstOrThrow();
      const before = (await env.ctx.db.selectFrom('reports').select('id').execute()).length;
      const stop = await post(await eml({ subject: 'Re: Votre message', text: 'STOP\n\n> Merci de nous avoir écrit.' }));
      assert.equal(stop.statusCode, 202, stop.body);
      assert.equal(stop.json().outcome, 'stopped');
      assert.equal((await env.ctx.db.selectFrom('reports').select('id').execute()).length, before, 'STOP makes no report');
      const after = await env.ctx.db.selectFrom('reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
      assert.equal(after.reply_to_enc, null, 'the address is forgotten');
      await staffMessage(report.id, 'Une dernière question ?');
      assert.equal(toReporter().length, 0);
      const s = await sessionFor(env.ctx, operator);
      const page = await env.app.inject({ method: 'GET', url: `/staff/reports/${report.id}`, headers: { cookie: s.cookie } });
      assert.doesNotMatch(page.body, /Sent to the reporter by/, 'after STOP nothing is sent, and the page says so no more');

      // "Stop" as the subject of a mail that says more is a report, not a refusal.
      const third = 'third.reporter@example.org';
      const notStop = await post(await eml({ from: third, subject: 'Stop', text: 'Stop them: my cousin is kept in a house in Sousse and cannot leave.' }));
      assert.equal(notStop.json().outcome, 'submitted');
      assert.equal(toReporter(third).length, 1, 'and its receipt is mailed');

      // Another reporter's report that says "no contact" (a staff-entered or web consent): nothing is queued.
      const other = 'other.reporter@example.org';
      await post(await eml({ from: other, subject: 'Travail forcé', text: 'Dans une ferme près de Gabès, des femmes travaillent sans salaire.' }));
      const second = await env.ctx.db
        .selectFrom('reports')
        .selectAll()
        .where('channel', '=', 'email')
        .where('id', '!=', report.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(toReporter(other).length, 1, 'its receipt');
      await env.ctx.db
        .updateTable('reports')
        .set({ consents: JSON.stringify({ contact: 'no', assistance: 'no', police: 'no' }) })
        .where('id', '=', second.id)
        .execute();
      await staffMessage(second.id, 'Pouvons-nous vous écrire ?');
      assert.equal(toReporter(other).length, 1, 'no staff message to a reporter who refused contact');
      assert.equal((await env.ctx.db.selectFrom('channel_outbox').selectAll().where('report_id', '=', second.id).execute()).length, 1);
    });

    test('privacy: no e-mail address in a log line or an unsealed column', async () => {
      const all = await dumpAll(env);
      const logs = JSON.stringify(env.logs);
      for (const a of [ADDRESS, 'other.reporter@example.org', 'third.reporter@example.org']) {
        assert.ok(!logs.includes(a), 'address in the logs');
        assert.ok(!all.includes(a), 'address in an unsealed column');
      }
    });
  });

  describe(`channels: the reports mailbox's SMTP listener (${dialect})`, () => {
    let env: TestEnv;
    let office: string;
    let listener: { port: number; close(): Promise<void> };
    let tlsListener: { port: number; close(): Promise<void> };
    const AUTH = { user: 'mta', password: 'listener-password-0123456789' };
    const reportCount = async () => (await env.ctx.db.selectFrom('reports').select('id').execute()).length;
    const config = (port: number, extra: Partial<InboundSmtpConfig> = {}): InboundSmtpConfig => ({
      port,
      host: '127.0.0.1',
      addresses: [MAILBOX],
      maxBytes: 200 * 1024,
      tlsKeyFile: undefined,
      tlsCertFile: undefined,
      requireTls: false,
      auth: AUTH,
      ...extra,
    });
    const send = (port: number, mail: SendMailOptions, opts: { auth?: typeof AUTH | null; ignoreTLS?: boolean } = {}) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: opts.ignoreTLS ?? false,
        tls: { rejectUnauthorized: false },
        ...(opts.auth === null ? {} : { auth: { user: (opts.auth ?? AUTH).user, pass: (opts.auth ?? AUTH).password } }),
      });
      return transport.sendMail(mail).finally(() => transport.close());
    };
    const failure = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return (e as { responseCode?: number }).responseCode;
      }
      return 'accepted';
    };

    before(async () => {
      env = await createTestEnv(dialect, { channels: { twilio: undefined, vonage: undefined, africasTalking: undefined, emailIngestToken: undefined } });
      office = await createOffice(env.ctx, 'TN', 'TN');
      listener = await startSmtpListener(env.ctx, config(await freePort()));
      const dir = mkdtempSync(join(tmpdir(), 'abri-smtp-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      tlsListener = await startSmtpListener(
        env.ctx,
        config(await freePort(), { tlsKeyFile: join(dir, 'key.pem'), tlsCertFile: join(dir, 'cert.pem'), requireTls: true }),
      );
    });
    after(async () => {
      await listener.close();
      await tlsListener.close();
      await env.close();
    });

    test('nodemailer sends to the listener: a report appears in triage with channel email', async () => {
      const info = await send(listener.port, {
        from: `Amira <${ADDRESS}>`,
        to: MAILBOX,
        subject: 'Des ouvriers enfermés',
        text: DESCRIPTION,
      });
      assert.match(String(info.response), /^250/);
      const report = await env.ctx.db.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
      assert.equal(report.channel, 'email');
      assert.equal(report.office_id, office);
      const operator = await createUser(env.ctx, { roles: ['triage_operator'], officeId: office });
      const s = await sessionFor(env.ctx, operator.id);
      const queue = await env.app.inject({ method: 'GET', url: '/staff/reports?channel=email', headers: { cookie: s.cookie } });
      assert.ok(queue.body.includes(report.reference), 'in the triage queue, filtered by channel');
    });

    test('only the configured mailboxes, only with the credentials, only up to the size cap; STARTTLS required where asked', async () => {
      const before = await reportCount();
      const mail = { from: ADDRESS, text: 'Someone is locked in a house near the port.' };
      assert.equal(await failure(send(listener.port, { ...mail, to: 'someone@elsewhere.example' })), 550, 'not an open relay');
      assert.equal(await failure(send(listener.port, { ...mail, to: MAILBOX }, { auth: null })), 530, 'authentication required');
      assert.equal(await failure(send(listener.port, { ...mail, to: MAILBOX }, { auth: { ...AUTH, password: 'wrong-password-0123456789' } })), 535);
      assert.equal(await failure(send(listener.port, { ...mail, to: MAILBOX, text: 'x'.repeat(300 * 1024) })), 552, 'too large');
      assert.equal(await failure(send(listener.port, { from: ADDRESS, to: MAILBOX, subject: 'empty' })), 550, 'an empty message is refused for good');
      assert.equal(await failure(send(tlsListener.port, { ...mail, to: MAILBOX }, { ignoreTLS: true })), 538, 'nothing (not even AUTH) before STARTTLS');
      assert.equal(await reportCount(), before);
      assert.equal(await failure(send(tlsListener.port, { ...mail, from: 'new.sender@example.org', to: MAILBOX })), 'accepted', 'accepted over STARTTLS');
      assert.equal(await reportCount(), before + 1);
      assert.ok(!JSON.stringify(env.logs).includes(ADDRESS), 'no address in the logs');
    });
  });
}
