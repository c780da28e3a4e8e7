import type { Executor } from '../platform/db/database.js';
import { nowIso } from '../platform/ids.js';
import type { ConversationRow, NewConversation, OutboxRow } from './channels.table.js';

export async function findConversation(
  db: Executor,
  { gateway, medium, senderHash }: { gateway: string; medium: string; senderHash: string },
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('channel_conversations')
    .selectAll()
    .where('gateway', '=', gateway)
    .where('medium', '=', medium)
    .where('sender_hash', '=', senderHash)
    .executeTakeFirst();
}

export async function insertConversation(db: Executor, row: NewConversation): Promise<void> {
  await db.insertInto('channel_conversations').values(row).execute();
}

/** Moves the conversation on, only from the version read (a message handled twice at once advances it once). */
export async function updateConversation(
  db: Executor,
  { id, version, set }: { id: string; version: number; set: { step: string; locale: string | null; answers_enc: string } },
): Promise<boolean> {
  const r = await db
    .updateTable('channel_conversations')
    .set({ ...set, version: version + 1, updated_at: nowIso() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteConversation(db: Executor, id: string, version?: number): Promise<boolean> {
  let q = db.deleteFrom('channel_conversations').where('id', '=', id);
  if (version !== undefined) q = q.where('version', '=', version);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Conversations without a message since the cutoff: what was never submitted is deleted. */
export async function deleteIdleConversations(db: Executor, cutoff: string): Promise<number> {
  const r = await db.deleteFrom('channel_conversations').where('updated_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertOutbox(
  db: Executor,
  row: { id: string; report_id: string; message_id: string; next_attempt_at: string; kind?: 'message' | 'receipt'; payload_enc?: string | null },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('channel_outbox')
    .values({ ...row, status: 'pending', provider_id: null, created_at: now, updated_at: now })
    .execute();
}

export async function dueOutbox(db: Executor, now: string, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('channel_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

export async function outboxById(db: Executor, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('channel_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setOutbox(
  db: Executor,
  id: string,
  set: { status: string; attempts: number; next_attempt_at?: string; provider_id?: string | null; payload_enc?: string | null },
): Promise<void> {
  await db
    .updateTable('channel_outbox')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

/** Takes a queued message for one attempt (status sending), unless another process already did. */
export async function claimOutbox(db: Executor, id: string, attempts: number): Promise<boolean> {
  const r = await db
    .updateTable('channel_outbox')
    .set({ status: 'sending', updated_at: nowIso() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A process that died while sending leaves its row in `sending`: after ten minutes it is tried again. */
export async function releaseStuckOutbox(db: Executor, before: string): Promise<void> {
  await db.updateTable('channel_outbox').set({ status: 'pending' }).where('status', '=', 'sending').where('updated_at', '<', before).execute();
}

/** Records a gateway message as handled; false when it already was (a retried webhook). */
export async function claimDelivery(db: Executor, idHash: string, gateway: string): Promise<boolean> {
  const r = await db
    .insertInto('channel_deliveries')
    .values({ id_hash: idHash, gateway, created_at: nowIso() })
    .onConflict((oc) => oc.column('id_hash').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A message whose handling failed is forgotten, so that the gateway's retry is handled. */
export async function releaseDelivery(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('channel_deliveries').where('id_hash', '=', idHash).execute();
}

export async function deleteOldDeliveries(db: Executor, cutoff: string): Promise<number> {
  const r = await db.deleteFrom('channel_deliveries').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The channel settings: each gateway number with its office, by number. */
export async function listNumbers(db: Executor) {
  return db
    .selectFrom('channel_numbers')
    .innerJoin('offices', 'offices.id', 'channel_numbers.office_id')
    .select(['channel_numbers.id', 'channel_numbers.number', 'channel_numbers.office_id', 'offices.code as office_code', 'offices.name as office_name', 'channel_numbers.created_at'])
    .orderBy('channel_numbers.number')
    .execute();
}

export async function officeOfNumber(db: Executor, number: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('channel_numbers')
    .innerJoin('offices', 'offices.id', 'channel_numbers.office_id')
    .select('channel_numbers.office_id')
    .where('channel_numbers.number', '=', number)
    .where('offices.active', '=', 1)
    .executeTakeFirst();
  return row?.office_id;
}

export async function numberExists(db: Executor, number: string): Promise<boolean> {
  return !!(await db.selectFrom('channel_numbers').select('id').where('number', '=', number).executeTakeFirst());
}

export async function insertNumber(db: Executor, row: { id: string; number: string; office_id: string; created_by: string | null; created_at: string }): Promise<void> {
  await db.insertInto('channel_numbers').values(row).execute();
}

export async function deleteNumber(db: Executor, id: string): Promise<{ office_id: string } | undefined> {
  const row = await db.selectFrom('channel_numbers').select('office_id').where('id', '=', id).executeTakeFirst();
  if (row) await db.deleteFrom('channel_numbers').where('id', '=', id).execute();
  return row;
}
