import type { Executor } from '../platform/db/database.js';

/* Aggregate counts for the justice figures, over a set of offices (the caller decides which the user may see). */

const num = (v: unknown) => Number(v ?? 0);

export async function statusCounts(db: Executor, officeIds: readonly string[]) {
  if (officeIds.length === 0) return [];
  const rows = await db
    .selectFrom('justice_statuses')
    .select((eb) => ['category', 'status', eb.fn.countAll<number>().as('n')])
    .where('office_id', 'in', [...officeIds])
    .groupBy(['category', 'status'])
    .execute();
  return rows.map((r) => ({ category: r.category, status: r.status, n: num(r.n) }));
}

/** The start and end of every granted reflection period (lengths are worked out by the caller, in days). */
export function reflectionSpans(db: Executor, officeIds: readonly string[]) {
  if (officeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('justice_statuses')
    .select(['start_on', 'end_on'])
    .where('office_id', 'in', [...officeIds])
    .where('category', '=', 'reflection')
    .where('status', 'in', ['granted', 'ended'])
    .where('start_on', 'is not', null)
    .where('end_on', 'is not', null)
    .execute();
}

/** Distinct proceedings any case of these offices is part of, by stage and outcome. */
export async function proceedingCounts(db: Executor, officeIds: readonly string[]) {
  if (officeIds.length === 0) return [];
  const rows = await db
    .selectFrom('justice_proceedings as p')
    .select((eb) => ['p.stage', 'p.outcome', eb.fn.countAll<number>().as('n')])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('justice_case_proceedings as l')
          .select('l.id')
          .whereRef('l.proceeding_id', '=', 'p.id')
          .where('l.office_id', 'in', [...officeIds]),
      ),
    )
    .groupBy(['p.stage', 'p.outcome'])
    .execute();
  return rows.map((r) => ({ stage: r.stage, outcome: r.outcome, n: num(r.n) }));
}

/** People (cases) in proceedings, and how many of them testified. */
export async function testimonyCounts(db: Executor, officeIds: readonly string[]): Promise<{ linked: number; testified: number }> {
  if (officeIds.length === 0) return { linked: 0, testified: 0 };
  const linked = await db
    .selectFrom('justice_case_proceedings')
    .select((eb) => eb.fn.count<number>('case_id').distinct().as('n'))
    .where('office_id', 'in', [...officeIds])
    .executeTakeFirst();
  const testified = await db
    .selectFrom('justice_case_proceedings')
    .select((eb) => eb.fn.count<number>('case_id').distinct().as('n'))
    .where('office_id', 'in', [...officeIds])
    .where('testified', '=', 1)
    .executeTakeFirst();
  return { linked: num(linked?.n), testified: num(testified?.n) };
}

/** Compensation by currency: claims, awards and what was received (minor units). */
export async function compensationSums(db: Executor, officeIds: readonly string[]) {
  if (officeIds.length === 0) return [];
  const rows = await db
    .selectFrom('justice_compensation')
    .select((eb) => [
      'currency',
      eb.fn.countAll<number>().as('claims'),
      eb.fn.count<number>('awarded_minor').as('awards'),
      eb.fn.sum<number>('awarded_minor').as('awarded'),
      eb.fn.sum<number>('received_minor').as('received'),
    ])
    .where('office_id', 'in', [...officeIds])
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((r) => ({ currency: r.currency, claims: num(r.claims), awards: num(r.awards), awarded: num(r.awarded), received: num(r.received) }));
}

export async function nonPunishmentCounts(db: Executor, officeIds: readonly string[]) {
  if (officeIds.length === 0) return [];
  const rows = await db
    .selectFrom('justice_non_punishment')
    .select((eb) => ['outcome', eb.fn.countAll<number>().as('n')])
    .where('office_id', 'in', [...officeIds])
    .groupBy('outcome')
    .execute();
  return rows.map((r) => ({ outcome: r.outcome, n: num(r.n) }));
}
