import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../../test/support/index.js';
import {
  AT,
  type FakeGateway,
  channelsConfig,
  fakeAfricasTalking,
  fakeTwilio,
  fakeVonage,
  TWILIO,
  TWILIO_PATH,
  VONAGE,
  vonageJwt,
} from '../../test/support/channels.js';
import { twilioSignature } from './twilio.js';

/*
 * Fuzzed webhook bodies, signed and unsigned, on both gateways: never a 5xx, and whatever was accepted is whole
 * (every conversation and report opens; no orphan rows). FUZZ_RUNS sets the count on SQLite (PostgreSQL runs a
 * tenth): 3,000 by default to keep the suite fast; FUZZ_RUNS=10000 (the figure) takes about 16 s alone on a
 * shared 2-core machine.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

const twilioKeys = fc.constantFrom('From', 'To', 'Body', 'MessageSid', 'AccountSid', 'NumMedia', 'ProfileName', 'WaId', 'SmsStatus', 'x', '');
const phoneish = fc.oneof(fc.string(), fc.stringMatching(/^(whatsapp:)?\+?[0-9]{0,16}$/), fc.constant('+21670000111'), fc.constant('whatsapp:+21670000111'));
const twilioBody = fc.record({
  params: fc.array(
    fc.tuple(
      fc.oneof(twilioKeys, fc.string({ maxLength: 12 })),
      fc.oneof(phoneish, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })),
    ),
    { maxLength: 12 },
  ),
  signed: fc.boolean(),
  raw: fc.option(fc.string({ maxLength: 500 }), { freq: 5 }),
  contentType: fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/json',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded; charset=utf-8',
  ),
});
const atBody = fc.record({
  params: fc.array(
    fc.tuple(fc.constantFrom('from', 'to', 'text', 'date', 'id', 'linkId', 'x'), fc.oneof(phoneish, fc.string({ maxLength: 200 }), fc.constant('40123'))),
    { maxLength: 8 },
  ),
  signed: fc.boolean(),
  raw: fc.option(fc.string({ maxLength: 300 }), { freq: 6 }),
  contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
});
const vonageBody = fc.record({
  json: fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        channel: fc.constantFrom('sms', 'whatsapp', 'mms', 'viber', ''),
        message_type: fc.constantFrom('text', 'image', 'x'),
        from: phoneish,
        to: phoneish,
        text: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer(), fc.constant(null)),
      },
      { requiredKeys: [] },
    ),
  ),
  signed: fc.boolean(),
  raw: fc.option(fc.string({ maxLength: 300 }), { freq: 6 }),
});

for (const dialect of DIALECTS) {
  describe(`channels: fuzzed webhook bodies (${dialect})`, () => {
    let env: TestEnv;
    let twilio: FakeGateway;
    let vonage: FakeGateway;
    let at: FakeGateway;
    before(async () => {
      twilio = await fakeTwilio(TWILIO.accountSid, TWILIO.authToken);
      vonage = await fakeVonage(VONAGE.apiKey, VONAGE.apiSecret);
      at = await fakeAfricasTalking(AT.username, AT.apiKey);
      env = await createTestEnv(dialect, { channels: channelsConfig(twilio, vonage, at) });
      await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => {
      await env.close();
      await twilio.close();
      await vonage.close();
      await at.close();
    });

    test(`${RUNS} bodies: no 5xx, nothing half-created`, async () => {
      const runs = dialect === 'postgres' ? Math.ceil(RUNS / 10) : RUNS;
      const started = Date.now();
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            twilioBody.map((b) => ({ kind: 'twilio' as const, ...b })),
            vonageBody.map((b) => ({ kind: 'vonage' as const, ...b })),
            atBody.map((b) => ({ kind: 'at' as const, ...b })),
          ),
          async (input) => {
            let res: { statusCode: number };
            if (input.kind === 'at') {
              const url = `/channels/africastalking/${input.signed ? AT.callbackToken : 'wrong-token-wrong-token-wrong'}/inbound`;
              res = await env.app.inject({
                method: 'POST',
                url,
                headers: { 'content-type': input.contentType },
                payload: input.raw ?? new URLSearchParams(input.params).toString(),
              });
            } else if (input.kind === 'twilio') {
              const payload = input.raw ?? new URLSearchParams(input.params).toString();
              const headers: Record<string, string> = { 'content-type': input.contentType };
              if (input.signed)
                headers['x-twilio-signature'] = twilioSignature(TWILIO.authToken, `${env.config.publicUrl}${TWILIO_PATH}`, [
                  ...new URLSearchParams(payload).entries(),
                ]);
              res = await env.app.inject({ method: 'POST', url: TWILIO_PATH, headers, payload });
            } else {
              const payload = input.raw ?? JSON.stringify(input.json) ?? 'null';
              const headers: Record<string, string> = { 'content-type': 'application/json' };
              if (input.signed) headers.authorization = `Bearer ${await vonageJwt(payload)}`;
              res = await env.app.inject({ method: 'POST', url: '/channels/vonage/inbound', headers, payload });
            }
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            assert.ok(res.statusCode < 500, `answered ${res.statusCode}`);
          },
        ),
        { numRuns: runs },
      );
      // Whatever was accepted is whole: every conversation opens; no report without its sealed content.
      for (const c of await env.ctx.db.selectFrom('channel_conversations').selectAll().execute()) {
        await env.ctx.keys.decrypt(c.answers_enc, `channel_conversations.answers:${c.id}`);
      }
      for (const r of await env.ctx.db.selectFrom('reports').selectAll().execute()) await env.ctx.keys.decrypt(r.content_enc, `reports.content:${r.id}`);
      assert.equal((await env.ctx.db.selectFrom('channel_outbox').select('id').execute()).length, 0);
      assert.ok((statuses.get(403) ?? 0) > 0 && (statuses.get(200) ?? 0) > 0, JSON.stringify([...statuses]));
      env.ctx.log.info({ runs, ms: Date.now() - started, statuses: Object.fromEntries(statuses) }, 'fuzz run');
      console.log(`# ${dialect}: ${runs} fuzzed bodies in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    });
  });
}
