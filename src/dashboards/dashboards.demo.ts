import type { DemoWorld } from '../platform/features/demo-world.js';
import type { AppContext } from '../platform/context.js';
import { type SyntheticCase, insertSynthetic, rng, syntheticCase } from './synthetic.js';

/**
 * Demo figures: 400 invented cases over the past two years in the demo offices, so the dashboards have something
 * to count (two cases would all be "fewer than 10"). Their encrypted fields are empty (no name: they are figures,
 * not people to work with), no report is invented for them; their facts are written directly.
 */
export async function seedDashboardDemo(ctx: AppContext, world: DemoWorld): Promise<string> {
  const existing = await ctx.db.selectFrom('cases').select('id').where('case_number', 'like', 'DEMO-%').executeTakeFirst();
  if (existing) return 'already there';
  const offices = await ctx.db
    .selectFrom('offices')
    .select(['id', 'code', 'country'])
    .where('id', 'in', [world.destinationOfficeId, world.originOfficeId])
    .execute();
  const r = rng(2026);
  const start = Date.now() - 730 * 86_400_000;
  const items: SyntheticCase[] = [];
  for (let i = 0; i < 400; i++) {
    const office = offices[i % 4 === 0 ? 1 : 0] ?? offices[0];
    if (!office) return 'no demo office';
    const c = syntheticCase(r, { id: office.id, code: 'DEMO', country: office.country }, i + 1, start, 720, undefined, false);
    items.push(c);
  }
  await ctx.db.transaction().execute((tx) => insertSynthetic(tx, items));
  return `${items.length} invented cases for the dashboards`;
}
