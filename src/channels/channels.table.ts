import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * A guided SMS or WhatsApp conversation that has not become a report yet. The sender is known only by a keyed hash
 * of their number (`sender_hash`, to find the conversation again); the number itself and the answers so far are
 * sealed together in `answers_enc`. Deleted when the report is made, on STOP, or after a day without a message.
 */
export interface ChannelConversationTable {
  id: string;
  /** twilio | vonage | africastalking */
  gateway: string;
  /** sms | whatsapp */
  medium: string;
  sender_hash: string;
  /** The question waiting for an answer: language | danger | children | what | where | contact */
  step: string;
  /** fr | en | es | ar once known. */
  locale: string | null;
  answers_enc: string;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

/**
 * A staff message on a report that came by SMS or WhatsApp, to be sent through its gateway. The text stays sealed
 * in report_messages; this row holds only the delivery state. Deleted with its report (foreign key cascade).
 */
export interface ChannelOutboxTable {
  id: string;
  report_id: string;
  message_id: string;
  /** pending | sent | failed */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Iso;
  /** The gateway's id of the sent message (Twilio MessageSid, Vonage message_uuid). */
  provider_id: string | null;
  /** message (a staff message, `message_id`) | receipt (the receipt code mailed to an e-mail reporter) */
  kind: Generated<string>;
  /** The receipt code, sealed, until it is sent; null for messages (their text stays in report_messages). */
  payload_enc: string | null;
  created_at: Iso;
  updated_at: Iso;
}

/**
 * One inbound gateway message already handled, known by a keyed hash of the gateway's own message id: a retried
 * webhook finds it and creates nothing. Holds no content and no number; forgotten after a week.
 */
export interface ChannelDeliveryTable {
  id_hash: string;
  gateway: string;
  created_at: Iso;
}

/** One of the organisation's gateway numbers (E.164) or shortcodes, and the office its reports go to. */
export interface ChannelNumberTable {
  id: string;
  number: string;
  office_id: string;
  created_by: string | null;
  created_at: Iso;
}

export type ConversationRow = Selectable<ChannelConversationTable>;
export type NewConversation = Insertable<ChannelConversationTable>;
export type OutboxRow = Selectable<ChannelOutboxTable>;
