import { timingSafeEqual } from 'node:crypto';
import { cleanText, e164, GatewayRefusal, type InboundMessage, messageIdOf, type OutboundMessage } from './gateway.js';

/*
 * Africa's Talking SMS. It signs nothing, so the callback URL carries a long secret
 * (`/channels/africastalking/<AT_CALLBACK_TOKEN>/inbound`), compared in constant time.
 * - inbound: an application/x-www-form-urlencoded POST with from, to (the shortcode or number), text, date, id,
 *   linkId, https://developers.africastalking.com/docs/sms/notifications
 * - sending: POST {api}/version1/messaging, headers apiKey and Accept: application/json, form username, to,
 *   message, from; 201 {"SMSMessageData": {"Message": "...", "Recipients": [{"statusCode": 101, "number", "status":
 *   "Success", "messageId", "cost"}]}}, https://developers.africastalking.com/docs/sms/sending/premium
 */

export interface AfricasTalkingConfig {
  username: string;
  apiKey: string;
  callbackToken: string;
  apiUrl: string;
}

export function verifyCallbackToken(expected: string, given: unknown): void {
  if (typeof given !== 'string' || given.length === 0) throw new GatewayRefusal('no_signature');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new GatewayRefusal('bad_signature');
}

/** Shortcodes are 3 to 8 digits; long numbers E.164. */
function ours(raw: string | null): string | undefined {
  if (!raw) return undefined;
  const v = raw.trim();
  return /^\d{3,8}$/.test(v) ? v : e164(v);
}

export function parseAfricasTalking(rawBody: string): InboundMessage | undefined {
  const p = new URLSearchParams(rawBody);
  const from = e164(p.get('from') ?? '');
  const to = ours(p.get('to'));
  const text = cleanText(p.get('text') ?? '');
  if (!from || !to || text === undefined) return undefined;
  const messageId = messageIdOf(p.get('id'));
  return { gateway: 'africastalking', medium: 'sms', from, to, text, ...(messageId ? { messageId } : {}) };
}

/** Sends one SMS; returns the messageId of the one recipient. Throws unless the recipient's statusCode is 100-102. */
export async function sendAfricasTalking(config: AfricasTalkingConfig, message: OutboundMessage): Promise<string> {
  const res = await fetch(`${config.apiUrl}/version1/messaging`, {
    method: 'POST',
    headers: { apiKey: config.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: config.username, to: message.to, message: message.text, from: message.from }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status < 200 || res.status > 299) throw new Error(`Africa's Talking answered ${res.status}`);
  const json = (await res.json()) as { SMSMessageData?: { Recipients?: Array<{ statusCode?: unknown; messageId?: unknown }> } };
  const recipient = json.SMSMessageData?.Recipients?.[0];
  const status = Number(recipient?.statusCode);
  if (!(status >= 100 && status <= 102)) throw new Error(`Africa's Talking refused the message (${Number.isFinite(status) ? status : 'no status'})`);
  return typeof recipient?.messageId === 'string' ? recipient.messageId : '';
}
