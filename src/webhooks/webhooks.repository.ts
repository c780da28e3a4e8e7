import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { NewWebhookSubscription, WebhookDelivery, WebhookSubscription } from './webhooks.table.js';

export async function insertSubscription(db: Executor, row: NewWebhookSubscription): Promise<void> {
  await db.insertInto('webhook_subscriptions').values(row).execute();
}

export function findSubscription(db: Executor, id: string): Promise<WebhookSubscription | undefined> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Subscriptions of an organisation, or (null) every subscription, newest first. */
export function subscriptionsOf(db: Executor, organisationId: string | null | 'all'): Promise<WebhookSubscription[]> {
  let q = db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at', 'desc');
  if (organisationId !== 'all') q = organisationId === null ? q.where('organisation_id', 'is', null) : q.where('organisation_id', '=', organisationId);
  return q.execute();
}

/** Active subscriptions that may receive an event of these organisations (administrators' ones receive every event). */
export function activeSubscriptionsFor(db: Executor, organisationIds: readonly string[]): Promise<WebhookSubscription[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('active', '=', 1)
    .where((eb) =>
      organisationIds.length
        ? eb.or([eb('organisation_id', 'is', null), eb('organisation_id', 'in', [...organisationIds])])
        : eb('organisation_id', 'is', null),
    )
    .execute();
}

export async function updateSubscription(db: Executor, id: string, set: Partial<Omit<WebhookSubscription, 'id'>>): Promise<void> {
  await db
    .updateTable('webhook_subscriptions')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
  await db.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
}

export async function insertDeliveries(
  db: Executor,
  rows: Array<{ id: string; subscription_id: string; event_type: string; payload: string; created_at: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(rows.map((r) => ({ ...r, state: 'pending', next_attempt_at: r.created_at, last_status: null, last_error: null, delivered_at: null })))
    .execute();
}

/** Deliveries due now, oldest first. */
export function dueDeliveries(db: Executor, now: string, limit: number): Promise<WebhookDelivery[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

export async function updateDelivery(db: Executor, id: string, set: Partial<Omit<WebhookDelivery, 'id'>>): Promise<void> {
  await db.updateTable('webhook_deliveries').set(set).where('id', '=', id).execute();
}

/** Pending deliveries of a disabled subscription stop waiting. */
export async function failPending(db: Executor, subscriptionId: string, error: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ state: 'failed', last_error: error })
    .where('subscription_id', '=', subscriptionId)
    .where('state', '=', 'pending')
    .execute();
}

export function deliveriesOf(db: Executor, subscriptionId: string, limit = 100): Promise<WebhookDelivery[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findDelivery(db: Executor, id: string): Promise<WebhookDelivery | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}
