import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { countriesOfNumber } from '../data/calling-codes.js';
import { normaliseGatewayNumber } from './numbers.service.js';
import { parseTwilio } from './twilio.js';
import { parseVonage } from './vonage.js';

test('E.164 country calling codes: the longest code wins; shared codes name every country', () => {
  assert.deepEqual(countriesOfNumber('+21655123456'), ['TN']);
  assert.deepEqual(countriesOfNumber('+254711000333'), ['KE']);
  assert.deepEqual(countriesOfNumber('+33612345678'), ['FR']);
  assert.ok(countriesOfNumber('+14155550123').includes('US') && countriesOfNumber('+14155550123').includes('CA'));
  assert.deepEqual(countriesOfNumber('+79161234567'), ['RU', 'KZ']);
  assert.deepEqual(countriesOfNumber('+999123456'), [], 'an unassigned code');
  assert.deepEqual(countriesOfNumber('+216'), [], 'a code alone is not a number');
});

test('gateway numbers: E.164 or a shortcode, nothing else', () => {
  assert.equal(normaliseGatewayNumber('+216 70 000 111'), '+21670000111');
  assert.equal(normaliseGatewayNumber('21670000111'), '+21670000111');
  assert.equal(normaliseGatewayNumber('40123'), '40123');
  assert.equal(normaliseGatewayNumber('call me'), undefined);
  assert.equal(normaliseGatewayNumber('+0123'), undefined);
});

test('configuration of the channels: number offices and the SMTP listener, every problem listed', () => {
  const c = loadConfig({
    CHANNEL_NUMBER_OFFICES: '+21670000111=TUN, 40123=KEN',
    EMAIL_INBOUND_SMTP_PORT: '2525',
    EMAIL_INBOUND_ADDRESSES: 'Reports@Example.org, signalements@example.org',
    EMAIL_INBOUND_AUTH: 'mta:secret:with:colons',
  });
  assert.deepEqual(c.channels.numberOffices, { '+21670000111': 'TUN', '40123': 'KEN' });
  assert.deepEqual(c.channels.inboundSmtp?.addresses, ['reports@example.org', 'signalements@example.org']);
  assert.deepEqual(c.channels.inboundSmtp?.auth, { user: 'mta', password: 'secret:with:colons' });
  assert.equal(c.channels.inboundSmtp?.maxBytes, 25 * 1024 * 1024);
  assert.equal(loadConfig({}).channels.inboundSmtp, undefined, 'off unless a port is set');
  assert.throws(
    () => loadConfig({ CHANNEL_NUMBER_OFFICES: 'nonsense', EMAIL_INBOUND_SMTP_PORT: '99999', EMAIL_INBOUND_REQUIRE_TLS: 'true', EMAIL_INBOUND_MAX_MB: '100' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      ['CHANNEL_NUMBER_OFFICES', 'EMAIL_INBOUND_SMTP_PORT', 'EMAIL_INBOUND_ADDRESSES', 'EMAIL_INBOUND_REQUIRE_TLS', 'EMAIL_INBOUND_MAX_MB'].every((name) =>
        e.message.includes(name),
      ),
  );
});

test('parsers: message ids and media of the documented payloads', () => {
  const twilio = parseTwilio([
    ['From', '+16505551199'],
    ['To', '+16505558225'],
    ['Body', ''],
    ['MessageSid', 'MM1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d'],
    ['NumMedia', '2'],
    ['MediaUrl0', 'https://api.twilio.com/a'],
    ['MediaContentType0', 'image/jpeg'],
    ['MediaUrl1', 'https://api.twilio.com/b'],
  ]);
  assert.equal(twilio?.messageId, 'MM1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d');
  assert.deepEqual(twilio?.media, [{ url: 'https://api.twilio.com/a', contentType: 'image/jpeg' }, { url: 'https://api.twilio.com/b' }]);
  const vonage = parseVonage(
    JSON.stringify({
      channel: 'whatsapp',
      message_uuid: 'u-1',
      to: '447700900000',
      from: '447700900001',
      message_type: 'image',
      image: { url: 'https://api-eu.nexmo.com/v3/media/x' },
    }),
  );
  assert.deepEqual([vonage?.messageId, vonage?.text, vonage?.media], ['u-1', '', [{ url: 'https://api-eu.nexmo.com/v3/media/x' }]]);
  assert.equal(parseVonage(JSON.stringify({ channel: 'whatsapp', to: '1', from: '2', message_type: 'audio', audio: { url: 'x' } })), undefined);
});
