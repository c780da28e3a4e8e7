import { type Insertable, sql } from 'kysely';
import type { DB } from '../../schema.js';
import { compiledInsert, compiledOnce } from '../db/compiled.js';
import type { Db, Executor } from '../db/database.js';

export function chainHeads(db: Db) {
  return db.selectFrom('audit_heads').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
}

export async function countAuditRows(db: Db): Promise<number> {
  const a = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const b = await db
    .selectFrom('access_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(a.n) + Number(b.n);
}

export async function countKeyedRows(db: Db): Promise<number> {
  const a = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mac', '>', 0)
    .executeTakeFirstOrThrow();
  const b = await db
    .selectFrom('access_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mac', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(a.n) + Number(b.n);
}

/** Per chain, the last seq hashed with plain SHA-256 (rows written before the keyed chain). */
export async function legacySeqs(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['audit_events', 'access_log'] as const) {
    const rows = await db
      .selectFrom(table)
      .select(['chain', (eb) => eb.fn.max<number>('seq').as('seq')])
      .where('mac', '=', 0)
      .groupBy('chain')
      .execute();
    for (const r of rows) out[r.chain] = Number(r.seq);
  }
  return out;
}

/*
 * The statements of every audit event, compiled once (platform/db/compiled.ts). Taking the head is one statement: the
 * upsert creates a new chain's head or, for an existing one, rewrites the row to itself and returns it, which on
 * PostgreSQL locks it for the rest of the transaction like SELECT ... FOR UPDATE (a concurrent writer of the chain
 * waits, then reads the head as committed); SQLite serialises writers.
 */
const lockHeadQuery = compiledOnce((db, v: { chain: string; genesis: string }) =>
  db
    .insertInto('audit_heads')
    .values({ chain: v.chain, seq: 0, hash: v.genesis })
    .onConflict((oc) => oc.column('chain').doUpdateSet((eb) => ({ chain: eb.ref('excluded.chain') })))
    .returning(['seq', 'hash']),
);
const insertEventRow = compiledInsert<'audit_events', Insertable<DB['audit_events']>>((db) => db.insertInto('audit_events'));
const insertAccessRow = compiledInsert<'access_log', Insertable<DB['access_log']>>((db) => db.insertInto('access_log'));
const moveHeadQuery = compiledOnce((db, v: { chain: string; seq: number; hash: string }) =>
  db.updateTable('audit_heads').set({ seq: v.seq, hash: v.hash }).where('chain', '=', v.chain),
);

/** Takes the head of a chain (created at `genesis` if new), locked for the rest of the transaction (PostgreSQL); SQLite serialises writers. */
export async function lockHead(db: Executor, chain: string, genesis: string): Promise<{ seq: number; hash: string }> {
  const head = (await lockHeadQuery(db, { chain, genesis })).rows[0];
  if (!head) throw new Error(`no audit head for ${chain}`);
  return { seq: Number(head.seq), hash: head.hash };
}

/** Appends a hashed row to its table and moves the chain's head to it. */
export async function appendToChain(
  db: Executor,
  entry: { table: 'audit_events'; row: Insertable<DB['audit_events']> } | { table: 'access_log'; row: Insertable<DB['access_log']> },
): Promise<void> {
  const { chain, seq, hash } = entry.row;
  if (entry.table === 'audit_events') await insertEventRow(db, entry.row);
  else await insertAccessRow(db, entry.row);
  await moveHeadQuery(db, { chain, seq, hash });
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
