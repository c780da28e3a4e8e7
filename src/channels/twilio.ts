import { createHmac, timingSafeEqual } from 'node:crypto';
import { cleanText, e164, GatewayRefusal, type InboundMessage, MAX_MEDIA, type MediaRef, messageIdOf, type OutboundMessage } from './gateway.js';

/*
 * Twilio Programmable Messaging, SMS and WhatsApp (one webhook for both):
 * - inbound: an application/x-www-form-urlencoded POST (From, To, Body, MessageSid...; WhatsApp numbers carry a
 *   `whatsapp:` prefix), https://www.twilio.com/docs/messaging/guides/webhook-request
 * - signature: X-Twilio-Signature = base64(HMAC-SHA1(auth token, full URL + each POST parameter name and value,
 *   sorted by name, concatenated without separators)), https://www.twilio.com/docs/usage/webhooks/webhooks-security
 * - the answer to the webhook may be TwiML: <Response><Message>text</Message></Response>
 * - sending: POST {api}/2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth (SID:token), form To, From,
 *   Body; 201 with the message resource ({"sid": "SM..."}), https://www.twilio.com/docs/messaging/api/message-resource
 */

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  apiUrl: string;
}

/** The parameters of a form body, as Twilio signs them: every name with each of its values, in order. */
export function formParams(raw: string): Array<[string, string]> {
  return [...new URLSearchParams(raw).entries()];
}

export function twilioSignature(authToken: string, url: string, params: Array<[string, string]>): string {
  // Sorted by name; a name sent twice keeps its values in the order they came (as Twilio's libraries do).
  const sorted = params.map((p, i) => ({ p, i })).sort((a, b) => (a.p[0] < b.p[0] ? -1 : a.p[0] > b.p[0] ? 1 : a.i - b.i));
  let data = url;
  for (const { p } of sorted) data += p[0] + p[1];
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function verifyTwilio({
  authToken,
  url,
  rawBody,
  header,
}: {
  authToken: string;
  url: string;
  rawBody: string;
  header: unknown;
}): Array<[string, string]> {
  if (typeof header !== 'string' || header.length === 0) throw new GatewayRefusal('no_signature');
  const params = formParams(rawBody);
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GatewayRefusal('bad_signature');
  return params;
}

/** An inbound text from signed parameters; undefined for what is not a text message Abri can answer. */
export function parseTwilio(params: Array<[string, string]>): InboundMessage | undefined {
  const get = (name: string) => params.find(([k]) => k === name)?.[1];
  const rawFrom = get('From');
  const rawTo = get('To');
  if (!rawFrom || !rawTo) return undefined;
  const medium = /^whatsapp:/i.test(rawFrom) ? 'whatsapp' : 'sms';
  const from = e164(rawFrom);
  const to = e164(rawTo);
  const text = cleanText(get('Body') ?? '');
  if (!from || !to || text === undefined) return undefined;
  // Media: NumMedia, then MediaUrl{N} and MediaContentType{N} from 0 (up to 10 per message).
  const media: MediaRef[] = [];
  const count = Math.min(Number.parseInt(get('NumMedia') ?? '0', 10) || 0, 10);
  for (let i = 0; i < count && media.length < MAX_MEDIA; i++) {
    const url = get(`MediaUrl${i}`);
    const contentType = get(`MediaContentType${i}`);
    if (url) media.push(contentType ? { url, contentType } : { url });
  }
  const messageId = messageIdOf(get('MessageSid') ?? get('SmsMessageSid'));
  return { gateway: 'twilio', medium, from, to, text, ...(messageId ? { messageId } : {}), ...(media.length ? { media } : {}) };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The TwiML answer: the messages to send back to the sender, or an empty response. */
export function twiml(messages: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${messages.map((m) => `<Message>${xmlEscape(m)}</Message>`).join('')}</Response>`;
}

/** Sends one message through the REST API; returns Twilio's message SID. Throws on anything but a 2xx. */
export async function sendTwilio(config: TwilioConfig, message: OutboundMessage): Promise<string> {
  const prefix = message.medium === 'whatsapp' ? 'whatsapp:' : '';
  const body = new URLSearchParams({ To: `${prefix}${message.to}`, From: `${prefix}${message.from}`, Body: message.text });
  const res = await fetch(`${config.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status < 200 || res.status > 299) throw new Error(`Twilio answered ${res.status}`);
  const json = (await res.json()) as { sid?: unknown };
  return typeof json.sid === 'string' ? json.sid : '';
}
