import { randomBytes } from 'node:crypto';
import { recordEvent } from '../platform/audit/audit.js';
import { type AuthUser, hasPermission, partnerOrganisations } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { type Executor, inTransaction } from '../platform/db/database.js';
import { NotFoundError, StaleVersionError, ValidationError } from '../platform/http/errors.js';
import { newId, nowIso } from '../platform/ids.js';
import { checkWebhookUrl } from './address-guard.js';
import * as repo from './webhooks.repository.js';
import type { WebhookSubscription } from './webhooks.table.js';
import type { DeliveryItem, SubscriptionItem } from './webhooks.views.js';

declare module '../platform/audit/audit.js' {
  interface AuditEvents {
    'webhook.created': { subscriptionId: string; organisationId: string | null; events: string[] };
    'webhook.secret_rotated': { subscriptionId: string };
    'webhook.enabled': { subscriptionId: string };
    'webhook.disabled': { subscriptionId: string; reason: string };
    'webhook.deleted': { subscriptionId: string };
  }
}

/** The events a subscription may ask for. A partner organisation's subscription: only its referrals' events. */
export const WEBHOOK_EVENTS = ['report.received', 'case.opened', 'referral.created', 'referral.answered', 'handover.offered', 'case.closed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const PARTNER_EVENTS: readonly WebhookEventType[] = ['referral.created', 'referral.answered'];

/** What an event says: ids and types, never a name, a text or a contact. */
export interface WebhookEventData {
  officeId: string | null;
  caseId?: string;
  reportId?: string;
  referralId?: string;
  handoverId?: string;
  organisationId?: string;
  toOfficeId?: string;
  status?: string;
}

const secretAad = (id: string, which: 'current' | 'previous') => `webhooks.secret:${id}:${which}`;
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * Writes the event's deliveries to the outbox, inside the caller's transaction: one row per active subscription
 * that asked for this event (an organisation's subscription only for events about that organisation). The job
 * sends them after the commit; a rolled-back change sends nothing.
 */
export async function webhookEvent(tx: Executor, type: WebhookEventType, data: WebhookEventData): Promise<void> {
  const subs = await repo.activeSubscriptionsFor(tx, data.organisationId ? [data.organisationId] : []);
  const now = nowIso();
  const payload = JSON.stringify({ type, timestamp: now, data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) });
  const rows = subs
    .filter((s) => (JSON.parse(s.events) as string[]).includes(type))
    .filter((s) => s.organisation_id === null || s.organisation_id === data.organisationId)
    .map((s) => ({ id: newId(), subscription_id: s.id, event_type: type, payload, created_at: now }));
  await repo.insertDeliveries(tx, rows);
}

/** Who manages subscriptions: administrators all of them; a partner those of their organisation. */
export type Owner = { kind: 'admin' } | { kind: 'organisation'; organisationId: string };

export function ownerOf(user: AuthUser, area: 'admin' | 'partner'): Owner {
  if (area === 'admin' && hasPermission(user, 'admin.manage')) return { kind: 'admin' };
  const org = partnerOrganisations(user)[0];
  if (area === 'partner' && org && hasPermission(user, 'referrals.respond')) return { kind: 'organisation', organisationId: org };
  throw new NotFoundError();
}

async function managed(ctx: AppContext, owner: Owner, id: string): Promise<WebhookSubscription> {
  const sub = await repo.findSubscription(ctx.db, id);
  if (!sub) throw new NotFoundError();
  if (owner.kind === 'organisation' && sub.organisation_id !== owner.organisationId) throw new NotFoundError();
  return sub;
}

function item(s: WebhookSubscription): SubscriptionItem {
  return {
    id: s.id,
    url: s.url,
    events: JSON.parse(s.events) as string[],
    active: s.active === 1,
    disabledReason: s.disabled_reason,
    disabledAt: s.disabled_at,
    createdAt: s.created_at,
    version: s.version,
    rotatingUntil: s.previous_until && s.previous_until > nowIso() ? s.previous_until : null,
  };
}

/** The subscriptions the owner manages, newest first (an administrator sees every one). */
export async function listSubscriptions(ctx: AppContext, owner: Owner): Promise<SubscriptionItem[]> {
  return (await repo.subscriptionsOf(ctx.db, owner.kind === 'admin' ? 'all' : owner.organisationId)).map(item);
}

/** A subscription and its delivery log (the last 100 deliveries). */
export async function subscriptionDetail(ctx: AppContext, owner: Owner, id: string): Promise<{ subscription: SubscriptionItem; deliveries: DeliveryItem[] }> {
  const sub = await managed(ctx, owner, id);
  const deliveries = (await repo.deliveriesOf(ctx.db, sub.id)).map((d) => ({
    id: d.id,
    eventType: d.event_type,
    state: d.state,
    attempts: d.attempts,
    lastStatus: d.last_status,
    lastError: d.last_error,
    createdAt: d.created_at,
    nextAttemptAt: d.next_attempt_at,
    deliveredAt: d.delivered_at,
  }));
  return { subscription: item(sub), deliveries };
}

/** Subscribes a URL; the secret is returned once (then only its rotation shows a new one). */
export async function createSubscription(
  ctx: AppContext,
  { actor, owner, input }: { actor: AuthUser; owner: Owner; input: { url: string; events: string[] } },
): Promise<{ id: string; secret: string }> {
  const allowed: readonly string[] = owner.kind === 'admin' ? WEBHOOK_EVENTS : PARTNER_EVENTS;
  const events = [...new Set(input.events)].filter((e) => allowed.includes(e));
  if (events.length === 0 || events.length !== new Set(input.events).size) throw new ValidationError({ events: 'webhooks.errors.events' });
  const checked = checkWebhookUrl(input.url, ctx.config.webhookAllowPrivate);
  if (checked === 'invalid') throw new ValidationError({ url: 'webhooks.errors.url' });
  if (checked === 'blocked') throw new ValidationError({ url: 'webhooks.errors.private' });
  const id = newId();
  const secret = newSecret();
  const now = nowIso();
  const organisationId = owner.kind === 'organisation' ? owner.organisationId : null;
  await inTransaction(ctx.db, async (tx) => {
    await repo.insertSubscription(tx, {
      id,
      organisation_id: organisationId,
      url: checked.toString(),
      events: JSON.stringify(events),
      secret_enc: await ctx.keys.encrypt(null, secret, { aad: secretAad(id, 'current'), db: tx }),
      previous_secret_enc: null,
      previous_until: null,
      disabled_at: null,
      disabled_reason: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      type: 'webhook.created',
      actorId: actor.id,
      subjectType: 'webhook',
      subjectId: id,
      data: { subscriptionId: id, organisationId, events },
    });
  });
  return { id, secret };
}

/** How long the previous secret keeps signing after a rotation, so receivers can switch without losing events. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

export async function rotateSecret(
  ctx: AppContext,
  { actor, owner, id, version }: { actor: AuthUser; owner: Owner; id: string; version: number },
): Promise<string> {
  const sub = await managed(ctx, owner, id);
  if (sub.version !== version) throw new StaleVersionError();
  const secret = newSecret();
  const previous = await ctx.keys.decrypt<string>(sub.secret_enc, secretAad(sub.id, 'current'));
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateSubscription(tx, sub.id, {
      secret_enc: await ctx.keys.encrypt(null, secret, { aad: secretAad(sub.id, 'current'), db: tx }),
      previous_secret_enc: await ctx.keys.encrypt(null, previous, { aad: secretAad(sub.id, 'previous'), db: tx }),
      previous_until: new Date(Date.now() + ROTATION_OVERLAP_MS).toISOString(),
      version: sub.version + 1,
    });
    await recordEvent(tx, { type: 'webhook.secret_rotated', actorId: actor.id, subjectType: 'webhook', subjectId: sub.id, data: { subscriptionId: sub.id } });
  });
  return secret;
}

export async function setActive(
  ctx: AppContext,
  { actor, owner, id, active, version }: { actor: AuthUser; owner: Owner; id: string; active: boolean; version: number },
): Promise<void> {
  const sub = await managed(ctx, owner, id);
  if (sub.version !== version) throw new StaleVersionError();
  await inTransaction(ctx.db, async (tx) => {
    if (active) {
      await repo.updateSubscription(tx, sub.id, { active: 1, failures: 0, disabled_at: null, disabled_reason: null, version: sub.version + 1 });
      await recordEvent(tx, { type: 'webhook.enabled', actorId: actor.id, subjectType: 'webhook', subjectId: sub.id, data: { subscriptionId: sub.id } });
    } else {
      const reason = owner.kind === 'admin' ? 'administrator' : 'partner';
      await repo.updateSubscription(tx, sub.id, { active: 0, disabled_at: nowIso(), disabled_reason: reason, version: sub.version + 1 });
      await repo.failPending(tx, sub.id, 'disabled');
      await recordEvent(tx, {
        type: 'webhook.disabled',
        actorId: actor.id,
        subjectType: 'webhook',
        subjectId: sub.id,
        data: { subscriptionId: sub.id, reason },
      });
    }
  });
}

export async function removeSubscription(ctx: AppContext, { actor, owner, id }: { actor: AuthUser; owner: Owner; id: string }): Promise<void> {
  const sub = await managed(ctx, owner, id);
  await inTransaction(ctx.db, async (tx) => {
    await repo.deleteSubscription(tx, sub.id);
    await recordEvent(tx, { type: 'webhook.deleted', actorId: actor.id, subjectType: 'webhook', subjectId: sub.id, data: { subscriptionId: sub.id } });
  });
}

/** The signatures of a delivery: the current secret's, and the previous one's while a rotation overlaps. */
export async function signatures(
  ctx: AppContext,
  { sub, msgId, at, payload }: { sub: WebhookSubscription; msgId: string; at: Date; payload: string },
): Promise<string> {
  const secrets = [await ctx.keys.decrypt<string>(sub.secret_enc, secretAad(sub.id, 'current'))];
  if (sub.previous_secret_enc && sub.previous_until && sub.previous_until > at.toISOString())
    secrets.push(await ctx.keys.decrypt<string>(sub.previous_secret_enc, secretAad(sub.id, 'previous')));
  // Loaded on the first delivery, not at start: an installation without subscriptions never needs it.
  const { Webhook } = await import('standardwebhooks');
  return secrets.map((s) => new Webhook(s).sign(msgId, at, payload)).join(' ');
}

/** The server-side request forgery guard, for other features that fetch from outside (the channels' gateway media). */
export { checkWebhookUrl, guardedLookup, isPrivateAddress } from './address-guard.js';
