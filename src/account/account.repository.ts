import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';

export async function setUserLocale(db: Executor, userId: string, locale: string): Promise<void> {
  await db.updateTable('users').set({ locale, updated_at: nowIso() }).where('id', '=', userId).execute();
}

export async function setUserTimeZone(db: Executor, userId: string, timeZone: string): Promise<void> {
  await db.updateTable('users').set({ time_zone: timeZone, updated_at: nowIso() }).where('id', '=', userId).execute();
}
