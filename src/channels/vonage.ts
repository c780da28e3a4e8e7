import { createHash } from 'node:crypto';
import { cleanText, e164, GatewayRefusal, type InboundMessage, type MediaRef, messageIdOf, type OutboundMessage } from './gateway.js';

/*
 * Vonage Messages API (v1), SMS and WhatsApp:
 * - inbound: a JSON POST {channel, message_uuid, to, from, timestamp, message_type: "text", text, ...}; numbers
 *   are E.164 digits without "+", https://developer.vonage.com/en/api/messages (Webhooks: inbound message)
 * - signed webhooks: Authorization: Bearer <JWT>, HS256 with the account's signature secret; its `payload_hash`
 *   claim is the hex SHA-256 of the body, its `iat` when it was signed,
 *   https://developer.vonage.com/en/messages/concepts/signed-webhooks
 * - sending: POST {api}/v1/messages, JSON {message_type: "text", text, to, from, channel}, Basic auth (API key and
 *   secret); 202 {"message_uuid": "..."}
 */

export interface VonageConfig {
  apiKey: string;
  apiSecret: string;
  signatureSecret: string;
  apiUrl: string;
}

/** Five minutes either way: a webhook signed longer ago (a replay) is refused. */
const MAX_AGE_SECONDS = 300;

export async function verifyVonage({
  signatureSecret,
  rawBody,
  authorization,
  now = Date.now(),
}: {
  signatureSecret: string;
  rawBody: string;
  authorization: unknown;
  now?: number;
}): Promise<void> {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) throw new GatewayRefusal('no_signature');
  const token = authorization.slice(7).trim();
  let payload: Record<string, unknown>;
  try {
    // Loaded on the first signed webhook, not at start (an installation without Vonage never loads it).
    const { jwtVerify } = await import('jose');
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(signatureSecret), {
      algorithms: ['HS256'],
      currentDate: new Date(now),
      clockTolerance: MAX_AGE_SECONDS,
    }));
  } catch {
    throw new GatewayRefusal('bad_signature');
  }
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
  if (iat === undefined || Math.abs(now / 1000 - iat) > MAX_AGE_SECONDS) throw new GatewayRefusal('stale');
  const hash = createHash('sha256').update(rawBody, 'utf8').digest('hex');
  if (typeof payload.payload_hash !== 'string' || payload.payload_hash.toLowerCase() !== hash) throw new GatewayRefusal('bad_payload_hash');
}

/** An inbound text, picture or file message from a verified body; undefined for other kinds (audio, status...) or bad values. */
export function parseVonage(rawBody: string): InboundMessage | undefined {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const medium = b.channel === 'sms' ? 'sms' : b.channel === 'whatsapp' ? 'whatsapp' : undefined;
  if (!medium) return undefined;
  // A picture or a document: {message_type: "image", image: {url, caption}} or {message_type: "file", file: {url, caption, name}}.
  let media: MediaRef[] = [];
  let text: string | undefined;
  if (b.message_type === 'text') text = cleanText(b.text);
  else if (b.message_type === 'image' || b.message_type === 'file') {
    const part = b[b.message_type];
    if (!part || typeof part !== 'object') return undefined;
    const { url, caption } = part as Record<string, unknown>;
    if (typeof url !== 'string') return undefined;
    media = [{ url }];
    text = cleanText(caption ?? '');
  } else return undefined;
  const from = e164(b.from);
  const to = e164(b.to);
  if (!from || !to || text === undefined) return undefined;
  const messageId = messageIdOf(b.message_uuid);
  return { gateway: 'vonage', medium, from, to, text, ...(messageId ? { messageId } : {}), ...(media.length ? { media } : {}) };
}

/** Sends one text through the Messages API; returns Vonage's message_uuid. Throws on anything but a 2xx. */
export async function sendVonage(config: VonageConfig, message: OutboundMessage): Promise<string> {
  const res = await fetch(`${config.apiUrl}/v1/messages`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${config.apiKey}:${config.apiSecret}`).toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({
      message_type: 'text',
      text: message.text,
      to: message.to.replace(/^\+/, ''),
      from: message.from.replace(/^\+/, ''),
      channel: message.medium,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status < 200 || res.status > 299) throw new Error(`Vonage answered ${res.status}`);
  const json = (await res.json()) as { message_uuid?: unknown };
  return typeof json.message_uuid === 'string' ? json.message_uuid : '';
}
