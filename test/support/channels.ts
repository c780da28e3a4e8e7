import { type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { jwtVerify, SignJWT } from 'jose';
import type { ChannelsConfig } from '../../src/config.js';
import { twilioSignature } from '../../src/channels/twilio.js';
import type { TestEnv } from './index.js';

/*
 * Local stand-ins for the gateways' send APIs, following their documented requests and answers (fixtures in
 * test/fixtures/channels/), and helpers that call Abri's webhooks as each gateway does, signed the same way.
 */

export interface SentMessage {
  to: string;
  from: string;
  text: string;
  channel: string;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface FakeGateway {
  url: string;
  sent: SentMessage[];
  /** While true, every send is answered 503 (an outage). */
  down: boolean;
  /** Media the gateway stores, by path (Twilio: /2010-04-01/Accounts/{sid}/Messages/{sid}/Media/{sid}; Vonage: /v3/media/{uuid}). */
  media: Map<string, Buffer>;
  /** Every media request: its path and whether it carried the Authorization header. */
  mediaRequests: Array<{ path: string; authorized: boolean }>;
  /** Vonage "secure inbound media": media is served only with a JWT signed by this application's key. */
  secureMedia?: { applicationId: string; publicKey: KeyObject };
  close(): Promise<void>;
}

type FakeState = Omit<FakeGateway, 'url' | 'close'>;
const newState = (): FakeState => ({ sent: [], down: false, media: new Map(), mediaRequests: [] });

function listen(server: Server, fake: FakeState): Promise<FakeGateway> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve(Object.assign(fake, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) }));
    });
  });
}

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** Twilio's REST API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth, form To/From/Body → 201. */
export async function fakeTwilio(accountSid: string, authToken: string): Promise<FakeGateway> {
  const state = newState();
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    // Media: GET .../Messages/{sid}/Media/{sid} with Basic auth redirects to a short-lived URL (mms.twiliocdn.com in
    // production, here /cdn on the same server), which serves the bytes without credentials.
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET') {
      state.mediaRequests.push({ path, authorized: typeof req.headers.authorization === 'string' });
      if (path.startsWith('/cdn/')) {
        const bytes = state.media.get(path.slice(4));
        return bytes ? res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length }).end(bytes) : json(404, { status: 404 });
      }
      if (req.headers.authorization !== basic(accountSid, authToken)) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (!state.media.has(path)) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      return res.writeHead(307, { location: `/cdn${path}?Expires=1700000000&Signature=abc` }).end();
    }
    if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
      return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (req.headers.authorization !== basic(accountSid, authToken)) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    if (state.down) return json(503, { code: 20500, message: 'Service unavailable', status: 503 });
    const p = new URLSearchParams(body);
    const to = p.get('To');
    const from = p.get('From');
    const text = p.get('Body');
    if (!to || !from || !text) return json(400, { code: 21604, message: "A 'To', 'From' and 'Body' are required", status: 400 });
    state.sent.push({ to: to.replace(/^whatsapp:/, ''), from: from.replace(/^whatsapp:/, ''), text, channel: to.startsWith('whatsapp:') ? 'whatsapp' : 'sms' });
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    return json(201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: text,
      direction: 'outbound-api',
      from,
      to,
      sid,
      status: 'queued',
      num_segments: '1',
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
  return listen(server, state);
}

/** Vonage Messages API: POST /v1/messages, Basic auth, JSON {message_type, text, to, from, channel} → 202. */
export async function fakeVonage(apiKey: string, apiSecret: string): Promise<FakeGateway> {
  const state = newState();
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    // Media: GET /v3/media/{uuid}, valid 48 hours (standard inbound media security: no credentials; secure: a JWT
    // signed RS256 by the application's private key).
    if (req.method === 'GET') {
      const path = (req.url ?? '').split('?')[0] ?? '';
      state.mediaRequests.push({ path, authorized: typeof req.headers.authorization === 'string' });
      if (state.secureMedia) {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        try {
          const { payload } = await jwtVerify(token, state.secureMedia.publicKey, { algorithms: ['RS256'] });
          if (payload.application_id !== state.secureMedia.applicationId) throw new Error('another application');
        } catch {
          return json(401, { type: 'https://developer.nexmo.com/api-errors#unauthorized', title: 'Unauthorized' });
        }
      }
      const bytes = state.media.get(path);
      return bytes ? res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes) : json(404, { title: 'Not Found' });
    }
    if (req.method !== 'POST' || req.url !== '/v1/messages') return json(404, { title: 'Not Found' });
    if (req.headers.authorization !== basic(apiKey, apiSecret))
      return json(401, { type: 'https://developer.nexmo.com/api-errors#unauthorized', title: 'Unauthorized' });
    if (state.down) return json(503, { title: 'Service Unavailable' });
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(422, { title: 'Invalid JSON' });
    }
    if (
      m.message_type !== 'text' ||
      typeof m.text !== 'string' ||
      typeof m.to !== 'string' ||
      typeof m.from !== 'string' ||
      (m.channel !== 'sms' && m.channel !== 'whatsapp') ||
      /^\+/.test(m.to)
    ) {
      return json(422, { type: 'https://developer.nexmo.com/api-errors/messages-olympus#1150', title: 'Invalid params' });
    }
    state.sent.push({ to: `+${m.to}`, from: `+${m.from}`, text: m.text, channel: m.channel });
    return json(202, { message_uuid: randomUUID() });
  });
  return listen(server, state);
}

/** Africa's Talking: POST /version1/messaging, header apiKey, form username/to/message/from → 201 SMSMessageData. */
export async function fakeAfricasTalking(username: string, apiKey: string): Promise<FakeGateway> {
  const state = newState();
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const reply = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.method !== 'POST' || req.url !== '/version1/messaging') return reply(404, 'Not found');
    if (req.headers.apikey !== apiKey) return reply(401, 'The supplied authentication is invalid');
    if (state.down) return reply(503, 'Service unavailable');
    const p = new URLSearchParams(body);
    const to = p.get('to');
    const text = p.get('message');
    if (p.get('username') !== username || !to || !text) return reply(400, 'Request is missing required form field');
    state.sent.push({ to, from: p.get('from') ?? '', text, channel: 'sms' });
    return reply(201, {
      SMSMessageData: {
        Message: 'Sent to 1/1 Total Cost: KES 0.8000',
        Recipients: [{ statusCode: 101, number: to, status: 'Success', cost: 'KES 0.8000', messageId: `ATXid_${randomUUID().replace(/-/g, '')}` }],
      },
    });
  });
  return listen(server, state);
}

export const AT = { username: 'sandbox', apiKey: 'test-at-api-key-0123456789', callbackToken: 'test-at-callback-token-0123456789abcdef' };

export const TWILIO = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'test-twilio-auth-token-0123456789' };
export const VONAGE = { apiKey: 'abcd1234', apiSecret: 'test-vonage-api-secret', signatureSecret: 'test-vonage-signature-secret-0123456789' };
export const EMAIL_TOKEN = 'test-email-ingest-token-0123456789abcdef';

export function channelsConfig(twilio: FakeGateway, vonage: FakeGateway, at?: FakeGateway): ChannelsConfig {
  return {
    twilio: { ...TWILIO, apiUrl: twilio.url },
    vonage: { ...VONAGE, apiUrl: vonage.url },
    africasTalking: at ? { ...AT, apiUrl: at.url } : undefined,
    emailIngestToken: EMAIL_TOKEN,
  };
}

/** Posts to Abri's Africa's Talking callback as it does: form-encoded from/to/text/date/id/linkId, the token in the URL. */
export function africasTalkingWebhook(env: TestEnv, from: string, to: string, text: string, token = AT.callbackToken) {
  const payload = new URLSearchParams({ from, to, text, date: new Date().toISOString(), id: randomUUID(), linkId: randomUUID() }).toString();
  return env.app.inject({
    method: 'POST',
    url: `/channels/africastalking/${token}/inbound`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload,
  });
}

export const TWILIO_PATH = '/channels/twilio/messages';

/** Posts to Abri's Twilio webhook as Twilio does: form-encoded, signed over the public URL and the parameters. */
export async function twilioWebhook(env: TestEnv, params: Record<string, string>, opts: { signature?: string; token?: string } = {}) {
  const payload = new URLSearchParams(params).toString();
  const signature = opts.signature ?? twilioSignature(opts.token ?? TWILIO.authToken, `${env.config.publicUrl}${TWILIO_PATH}`, Object.entries(params));
  const res = await env.app.inject({
    method: 'POST',
    url: TWILIO_PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    payload,
  });
  const messages = [...res.body.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
  return { res, messages };
}

/** A Twilio inbound text from a number (SMS, or WhatsApp with `whatsapp: true`). */
export function twilioText(from: string, to: string, body: string, whatsapp = false): Record<string, string> {
  const p = whatsapp ? 'whatsapp:' : '';
  return {
    SmsMessageSid: `SM${randomUUID().replace(/-/g, '')}`,
    NumMedia: '0',
    SmsStatus: 'received',
    Body: body,
    To: `${p}${to}`,
    NumSegments: '1',
    MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
    AccountSid: TWILIO.accountSid,
    From: `${p}${from}`,
    ApiVersion: '2010-04-01',
  };
}

export async function vonageJwt(rawBody: string, opts: { secret?: string; iat?: number; payloadHash?: string } = {}): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = opts.payloadHash ?? createHash('sha256').update(rawBody).digest('hex');
  return new SignJWT({ payload_hash: hash, api_key: VONAGE.apiKey, application_id: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000))
    .setJti(randomUUID())
    .setIssuer('Vonage')
    .sign(new TextEncoder().encode(opts.secret ?? VONAGE.signatureSecret));
}

/** Posts to Abri's Vonage inbound webhook as Vonage does: JSON, with a signed JWT over the body's hash. */
export async function vonageWebhook(env: TestEnv, body: unknown, opts: { authorization?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const authorization = opts.authorization ?? `Bearer ${await vonageJwt(raw)}`;
  return env.app.inject({ method: 'POST', url: '/channels/vonage/inbound', headers: { 'content-type': 'application/json', authorization }, payload: raw });
}

export function vonageText(from: string, to: string, text: string, channel: 'sms' | 'whatsapp'): Record<string, unknown> {
  const base = {
    channel,
    message_uuid: randomUUID(),
    to: to.replace(/^\+/, ''),
    from: from.replace(/^\+/, ''),
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    message_type: 'text',
    text,
  };
  return channel === 'whatsapp'
    ? { ...base, profile: { name: 'Jane Smith' }, context_status: 'none' }
    : { ...base, sms: { num_messages: '1', count_total: '1' } };
}
