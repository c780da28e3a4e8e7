import type { Executor } from '../platform/db/database.js';
import type { CaseFactCodeTable, CaseFactTable } from './dashboards.table.js';

/**
 * Every query on the coded facts of cases (case_facts, case_fact_codes) and the case columns they are derived from
 * or exported with. Nothing encrypted is decrypted here: facts.ts does that before writing.
 */

const BATCH = 500;

/** The newest case version the facts were derived from; null before the first refresh. */
export async function factsWatermark(db: Executor): Promise<string | null> {
  const newest = await db
    .selectFrom('case_facts')
    .select((eb) => eb.fn.max('source_updated_at').as('w'))
    .executeTakeFirst();
  return newest?.w ?? null;
}

/**
 * One page of cases changed after (after, afterId) in (updated_at, id) order, with the version their facts come from.
 * `sameInstant`: the cases of exactly `after` with a greater id; else those after `after`. Two plain range
 * conditions on the (updated_at, id) index: a row-value or OR condition would scan the table.
 */
export function changedCases(db: Executor, page: { after: string; afterId: string; sameInstant: boolean; limit: number }) {
  return db
    .selectFrom('cases')
    .leftJoin('case_facts', 'case_facts.case_id', 'cases.id')
    .select(['cases.id', 'cases.office_id', 'cases.opened_at', 'cases.updated_at', 'cases.identity_enc', 'cases.context_enc', 'case_facts.source_updated_at'])
    .$if(page.sameInstant, (q) => q.where('cases.updated_at', '=', page.after).where('cases.id', '>', page.afterId))
    .$if(!page.sameInstant, (q) => q.where('cases.updated_at', '>', page.after))
    .orderBy('cases.updated_at')
    .orderBy('cases.id')
    .limit(page.limit)
    .execute();
}

/** Writes facts, replacing older ones of the same cases. */
export async function replaceFacts(db: Executor, items: ReadonlyArray<{ fact: CaseFactTable; codes: CaseFactCodeTable[] }>): Promise<void> {
  if (items.length === 0) return;
  const ids = items.map((x) => x.fact.case_id);
  await db.deleteFrom('case_fact_codes').where('case_id', 'in', ids).execute();
  await db.deleteFrom('case_facts').where('case_id', 'in', ids).execute();
  await insertFacts(
    db,
    items.map((x) => x.fact),
    items.flatMap((x) => x.codes),
  );
}

export async function insertFacts(db: Executor, facts: readonly CaseFactTable[], codes: readonly CaseFactCodeTable[]): Promise<void> {
  if (facts.length > 0) await db.insertInto('case_facts').values([...facts]).execute();
  for (let i = 0; i < codes.length; i += BATCH)
    await db
      .insertInto('case_fact_codes')
      .values(codes.slice(i, i + BATCH))
      .execute();
}

/** The clear columns and coded facts of one office's cases, as the CTDC export reads them. */
export function exportRowsOfOffice(db: Executor, officeId: string) {
  return db
    .selectFrom('cases')
    .leftJoin('case_facts', 'case_facts.case_id', 'cases.id')
    .select([
      'cases.opened_at',
      'cases.prs_gender',
      'cases.prs_citizenship',
      'case_facts.age_band',
      'case_facts.exploitation_country',
      'case_facts.months_exploited',
      'case_facts.exploitation_codes',
      'case_facts.control_codes',
      'case_facts.labour_sector',
      'case_facts.relationship',
    ])
    .where('cases.office_id', '=', officeId)
    .execute();
}

/** Whether the demo's invented cases (case numbers DEMO-...) are there already. */
export async function hasDemoCases(db: Executor): Promise<boolean> {
  return (await db.selectFrom('cases').select('id').where('case_number', 'like', 'DEMO-%').executeTakeFirst()) !== undefined;
}
