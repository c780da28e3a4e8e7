/**
 * What Abri needs of an SMS / WhatsApp gateway, whatever its format: one inbound text message, already verified
 * as coming from the gateway, and a way to send a text back.
 */
export type Gateway = 'twilio' | 'vonage' | 'africastalking';
export type Medium = 'sms' | 'whatsapp';

export interface InboundMessage {
  gateway: Gateway;
  medium: Medium;
  /** The sender's number, digits with a leading + (E.164). Never logged, kept only sealed. */
  from: string;
  /** Our number the message was sent to, to answer from it. */
  to: string;
  text: string;
  /** The gateway's own id of the message (Twilio MessageSid, Vonage message_uuid, Africa's Talking id): a retried webhook is recognised by it. */
  messageId?: string;
  /** Pictures or documents sent with the message, still on the gateway's media server. */
  media?: MediaRef[];
}

/** A file attached to an inbound message, fetched from the gateway (with its authentication) when it is kept. */
export interface MediaRef {
  url: string;
  /** What the gateway says it is; Abri recognises the type from the bytes anyway. */
  contentType?: string;
}

/** At most this many media are taken from one message (the web form's limit on files). */
export const MAX_MEDIA = 3;

/** A gateway's id of a message: printable, short; anything else is not used to recognise a retry. */
export function messageIdOf(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[\x21-\x7e]{1,200}$/.test(raw) ? raw : undefined;
}

export interface OutboundMessage {
  medium: Medium;
  to: string;
  from: string;
  text: string;
}

/** Why a webhook was refused, for the log (never what it carried). */
export type Refusal = 'not_configured' | 'no_signature' | 'bad_signature' | 'stale' | 'bad_payload_hash' | 'malformed';

export class GatewayRefusal extends Error {
  constructor(readonly reason: Refusal) {
    super(reason);
  }
}

/** +, then 6 to 15 digits: anything else is not a number Abri will store or answer. */
export function e164(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const digits = raw.replace(/^(whatsapp|sms):/i, '').replace(/[\s().-]/g, '');
  const m = /^\+?([1-9]\d{5,14})$/.exec(digits);
  return m ? `+${m[1]}` : undefined;
}

/** Longest text kept from one message (a long SMS is about 10 segments; WhatsApp allows more). */
export const MAX_TEXT = 4000;

export function cleanText(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Control characters other than line breaks and tabs are dropped; the text stays as the sender wrote it otherwise.
  let out = '';
  for (const ch of raw.slice(0, MAX_TEXT)) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) continue;
    out += ch;
  }
  return out.trim();
}
