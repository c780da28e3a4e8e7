import type { Executor } from './db/database.js';

/** Reports waiting for staff, by state: read at every scrape, so only indexed counts. */
export async function triageQueue(db: Executor): Promise<{ byState: Array<{ state: string; n: number }>; oldestNew: string | null }> {
  const byState = await db
    .selectFrom('reports')
    .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
    .where('state', 'in', ['new', 'in_triage', 'waiting_reporter'])
    .groupBy('state')
    .execute();
  const oldest = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.min('received_at').as('oldest'))
    .where('state', '=', 'new')
    .executeTakeFirst();
  return { byState: byState.map((r) => ({ state: r.state, n: Number(r.n) })), oldestNew: (oldest?.oldest as string | null | undefined) ?? null };
}
