import { officeSummaries } from '../offices/offices.repository.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/db/database.js';
import { hasDemoCases } from './facts.repository.js';
import { type SyntheticCase, rng, syntheticCase } from './synthetic.js';
import { insertSynthetic } from './synthetic.repository.js';

/**
 * Demo figures: 400 invented cases over the past two years in the demo offices, so the dashboards have something
 * to count (two cases would all be "fewer than 10"). Their encrypted fields are empty (no name: they are figures,
 * not people to work with), no report is invented for them; their facts are written directly.
 */
export async function seedDashboardDemo(ctx: AppContext, world: { destinationOfficeId: string; originOfficeId: string }): Promise<string> {
  if (await hasDemoCases(ctx.db)) return 'already there';
  const found = await officeSummaries(ctx.db, { ids: [world.destinationOfficeId, world.originOfficeId] });
  // Destination office first, as the world lists them.
  const offices = [world.destinationOfficeId, world.originOfficeId].flatMap((id) => found.filter((o) => o.id === id));
  const r = rng(2026);
  const start = Date.now() - 730 * 86_400_000;
  const items: SyntheticCase[] = [];
  for (let i = 0; i < 400; i++) {
    const office = offices[i % 4 === 0 ? 1 : 0] ?? offices[0];
    if (!office) return 'no demo office';
    items.push(syntheticCase(r, { id: office.id, code: 'DEMO', country: office.country }, { seq: i + 1, start, spanDays: 720, withReports: false }));
  }
  await inTransaction(ctx.db, (tx) => insertSynthetic(tx, items));
  return `${items.length} invented cases for the dashboards`;
}
