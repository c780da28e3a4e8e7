import type { Generated, Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** A URL subscribed to event types: by an administrator (organisation_id null: every office) or for a partner organisation. */
export interface WebhookSubscriptionTable {
  id: string;
  /** The partner organisation it is for; null for an administrator's subscription (every event). */
  organisation_id: string | null;
  /** https (or http) URL; checked against private addresses when sent, not only when saved. */
  url: string;
  /** JSON array of event types (WEBHOOK_EVENTS). */
  events: string;
  /** Sealed `whsec_...` signing secret (system key). */
  secret_enc: string;
  /** During a rotation: the previous secret, which also signs until previous_until. */
  previous_secret_enc: string | null;
  previous_until: Iso | null;
  active: Generated<number>;
  /** Deliveries that failed for good since the last success. */
  failures: Generated<number>;
  disabled_at: Iso | null;
  /** 'failures' (disabled by Abri) or 'administrator' / 'partner' (by a person). */
  disabled_reason: string | null;
  created_by: string | null;
  created_at: Iso;
  updated_at: Iso;
  version: Generated<number>;
}

/** The outbox: one row per event and subscription, written in the transaction of the change. */
export interface WebhookDeliveryTable {
  /** Also the `webhook-id` header: the receiver's idempotency key. */
  id: string;
  subscription_id: string;
  event_type: string;
  /** JSON: { type, timestamp, data } with ids and types only. */
  payload: string;
  /** pending | delivered | failed (gave up) */
  state: string;
  attempts: Generated<number>;
  next_attempt_at: Iso;
  last_status: number | null;
  /** A code, never a response body: timeout, network, blocked_address, redirect, http_<status>. */
  last_error: string | null;
  created_at: Iso;
  delivered_at: Iso | null;
}

export type WebhookSubscription = Selectable<WebhookSubscriptionTable>;
export type NewWebhookSubscription = Insertable<WebhookSubscriptionTable>;
export type WebhookDelivery = Selectable<WebhookDeliveryTable>;
