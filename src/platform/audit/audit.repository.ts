import { type Insertable, sql } from 'kysely';
import type { DB } from '../../schema.js';
import { isPostgres } from '../db/database.js';
import type { Db, Executor } from '../db/database.js';

export function chainHeads(db: Db) {
  return db.selectFrom('audit_heads').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
}

export async function countAuditRows(db: Db): Promise<number> {
  const a = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const b = await db.selectFrom('access_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(a.n) + Number(b.n);
}

export async function countKeyedRows(db: Db): Promise<number> {
  const a = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('mac', '>', 0).executeTakeFirstOrThrow();
  const b = await db.selectFrom('access_log').select((eb) => eb.fn.countAll<number>().as('n')).where('mac', '>', 0).executeTakeFirstOrThrow();
  return Number(a.n) + Number(b.n);
}

/** Per chain, the last seq hashed with plain SHA-256 (rows written before the keyed chain). */
export async function legacySeqs(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['audit_events', 'access_log'] as const) {
    const rows = await db.selectFrom(table).select(['chain', (eb) => eb.fn.max<number>('seq').as('seq')]).where('mac', '=', 0).groupBy('chain').execute();
    for (const r of rows) out[r.chain] = Number(r.seq);
  }
  return out;
}

/** Takes the head of a chain (created at `genesis` if new), locked for the rest of the transaction (PostgreSQL); SQLite serialises writers. */
export async function lockHead(db: Executor, chain: string, genesis: string): Promise<{ seq: number; hash: string }> {
  await db.insertInto('audit_heads').values({ chain, seq: 0, hash: genesis }).onConflict((oc) => oc.column('chain').doNothing()).execute();
  const head = await (isPostgres(db)
    ? db.selectFrom('audit_heads').select(['seq', 'hash']).where('chain', '=', chain).forUpdate()
    : db.selectFrom('audit_heads').select(['seq', 'hash']).where('chain', '=', chain)
  ).executeTakeFirstOrThrow();
  return head;
}

/** Appends a hashed row to its table and moves the chain's head to it. */
export async function appendToChain(
  db: Executor,
  entry: { table: 'audit_events'; row: Insertable<DB['audit_events']> } | { table: 'access_log'; row: Insertable<DB['access_log']> },
): Promise<void> {
  const { chain, seq, hash } = entry.row;
  if (entry.table === 'audit_events') await db.insertInto('audit_events').values(entry.row).execute();
  else await db.insertInto('access_log').values(entry.row).execute();
  await db.updateTable('audit_heads').set({ seq, hash }).where('chain', '=', chain).execute();
}

export function allHeads(db: Db) {
  return db.selectFrom('audit_heads').selectAll().execute();
}

/** One page of a chain's rows after `from`, in order. */
export function chainPage(db: Db, page: { table: 'audit_events' | 'access_log'; chain: string; from: number; size: number }) {
  return page.table === 'access_log'
    ? db.selectFrom('access_log').selectAll().where('chain', '=', page.chain).where('seq', '>', page.from).orderBy('seq').limit(page.size).execute()
    : db.selectFrom('audit_events').selectAll().where('chain', '=', page.chain).where('seq', '>', page.from).orderBy('seq').limit(page.size).execute();
}

export function eventsFor(db: Db, subjectType: string, subjectId: string) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy(sql`created_at`)
    .orderBy('seq')
    .execute();
}
