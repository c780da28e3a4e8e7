import type { Executor } from '../platform/db/database.js';
import { insertFacts } from './facts.repository.js';
import type { SyntheticCase } from './synthetic.js';

/** The inserts of invented cases (synthetic.ts) for the demo, tests and benchmarks. */

/** Inserts generated cases with their facts, services and reports (the caller chooses the transaction). */
export async function insertSynthetic(db: Executor, items: readonly SyntheticCase[], chunk = 200): Promise<void> {
  for (let i = 0; i < items.length; i += chunk) {
    const part = items.slice(i, i + chunk);
    const reports = part.flatMap((x) => (x.report ? [x.report] : []));
    if (reports.length) await db.insertInto('reports').values(reports).execute();
    await db
      .insertInto('cases')
      .values(part.map((x) => x.row))
      .execute();
    await insertFacts(
      db,
      part.map((x) => x.fact),
      part.flatMap((x) => x.codes),
    );
    const services = part.flatMap((x) => x.services);
    if (services.length)
      await db
        .insertInto('plan_services')
        .values(services.map((s) => ({ ...s, action_id: null, referral_id: null, organisation_id: null, notes_enc: null, recorded_by: null })))
        .execute();
  }
}
