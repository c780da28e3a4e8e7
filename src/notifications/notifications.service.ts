import type { Static } from '@sinclair/typebox';
import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { NotFoundError } from '../platform/http/errors.js';
import * as repo from './notifications.repository.js';
import { NOTIFICATION_EVENTS, type NotificationEvent, type PreferencesBody } from './notifications.schema.js';
import { parseMuted } from './notify.service.js';

/*
 * What a person sees of their own notifications: the list, the unread count, marking read, and their preferences.
 * Every function is scoped to the signed-in user: nobody reads or marks anybody else's.
 */

export interface NotificationItem {
  id: string;
  event: string;
  urgent: boolean;
  createdAt: string;
  read: boolean;
}

export interface NotificationListModel {
  items: NotificationItem[];
  unread: number;
  mailConfigured: boolean;
  timeZone: string;
  /** Case workers and supervisors: links to what is past due (plan actions, follow-ups). */
  dueLists: boolean;
}

export async function notificationList(ctx: AppContext, user: AuthUser): Promise<NotificationListModel> {
  const rows = await repo.listNotifications(ctx.db, user.id, 200);
  return {
    items: rows.map((r) => ({ id: r.id, event: r.event, urgent: r.urgent === 1, createdAt: r.created_at, read: r.read_at !== null })),
    unread: await repo.countUnread(ctx.db, user.id),
    mailConfigured: !!ctx.config.smtpUrl,
    timeZone: user.timeZone,
    dueLists: hasPermission(user, 'cases.work'),
  };
}

/** Marks one notification read and returns where it leads (a path inside the app), or "not found" when not theirs. */
export async function openNotification(ctx: AppContext, user: AuthUser, id: string): Promise<string> {
  const row = await repo.findNotification(ctx.db, user.id, id);
  if (!row) throw new NotFoundError();
  await repo.markRead(ctx.db, { userId: user.id, ids: [id], at: new Date().toISOString() });
  return row.link.startsWith('/staff/') || row.link.startsWith('/partner') ? row.link : '/staff/notifications';
}

export async function markRead(ctx: AppContext, user: AuthUser, id: string | 'all'): Promise<number> {
  if (id !== 'all' && !(await repo.findNotification(ctx.db, user.id, id))) throw new NotFoundError();
  return repo.markRead(ctx.db, { userId: user.id, ids: id === 'all' ? 'all' : [id], at: new Date().toISOString() });
}

export interface PreferencesModel {
  events: ReadonlyArray<{ event: NotificationEvent; on: boolean }>;
  delivery: string;
  mailConfigured: boolean;
}

export async function preferences(ctx: AppContext, user: AuthUser): Promise<PreferencesModel> {
  const row = (await repo.preferencesOf(ctx.db, [user.id])).get(user.id);
  const muted = parseMuted(row?.muted);
  return {
    events: NOTIFICATION_EVENTS.map((event) => ({ event, on: !muted.includes(event) })),
    delivery: row?.delivery ?? 'immediate',
    mailConfigured: !!ctx.config.smtpUrl,
  };
}

export async function savePreferences(ctx: AppContext, user: AuthUser, input: Static<typeof PreferencesBody>): Promise<void> {
  const wanted = new Set<string>(input.events);
  const muted = NOTIFICATION_EVENTS.filter((e) => !wanted.has(e));
  await inTransaction(ctx.db, async (tx) => {
    await repo.savePreferences(tx, user.id, { muted: JSON.stringify(muted), delivery: input.delivery, updated_at: new Date().toISOString() });
    if (input.delivery !== 'digest') await repo.dropDigest(tx, user.id);
  });
}

/** For administrators: how the mail outbox stands (mails waiting or retrying, given up, sent), or undefined. */
export async function outboxStatus(ctx: AppContext, user: AuthUser): Promise<{ pending: number; failed: number; sent: number } | undefined> {
  if (!hasPermission(user, 'admin.manage')) return undefined;
  const counts = new Map((await repo.outboxCounts(ctx.db)).map((r) => [r.status, Number(r.n)]));
  return { pending: counts.get('pending') ?? 0, failed: counts.get('failed') ?? 0, sent: counts.get('sent') ?? 0 };
}
