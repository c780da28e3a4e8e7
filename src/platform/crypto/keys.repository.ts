import type { Insertable } from 'kysely';
import type { DB } from '../../schema.js';
import type { Executor } from '../db/database.js';

/** The newest active data key of a scope (office or, for null, the system scope) and purpose. */
export function findActiveDataKey(db: Executor, officeId: string | null, purpose: string) {
  let query = db.selectFrom('data_keys').selectAll().where('purpose', '=', purpose).where('status', '=', 'active');
  query = officeId === null ? query.where('office_id', 'is', null) : query.where('office_id', '=', officeId);
  return query.orderBy('created_at', 'desc').executeTakeFirst();
}

export async function insertDataKey(db: Executor, row: Insertable<DB['data_keys']>): Promise<void> {
  await db.insertInto('data_keys').values(row).execute();
}

export function findDataKey(db: Executor, id: string) {
  return db.selectFrom('data_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export function allDataKeys(db: Executor) {
  return db.selectFrom('data_keys').selectAll().execute();
}

/** A data key wrapped again, under another master key. */
export async function rewrapDataKey(db: Executor, id: string, change: { wrapped: string; masterKeyId: string }): Promise<void> {
  await db.updateTable('data_keys').set({ wrapped: change.wrapped, master_key_id: change.masterKeyId }).where('id', '=', id).execute();
}

export async function retireDataKeysOf(db: Executor, officeId: string | null): Promise<void> {
  await db.updateTable('data_keys').set({ status: 'retired' }).where('purpose', '=', 'data').where('office_id', '=', officeId).execute();
}
