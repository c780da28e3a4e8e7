import type { Db } from '../db/database.js';

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
