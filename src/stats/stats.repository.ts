import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { FLAG_COLUMNS, type FlagColumn, type TextColumn, VALUE_COLUMNS } from './ctdc-variables.js';
import type { CtdcDataset, CtdcDatasetTable, NewCtdcRecord } from './stats.table.js';

/** Bind parameters per statement stay under SQLite's 32,766 (and PostgreSQL's 65,535). */
export const RECORD_COLUMNS = 2 + VALUE_COLUMNS.length;
export const INSERT_BATCH = Math.floor(32_000 / RECORD_COLUMNS);

export async function insertDataset(db: Executor, row: CtdcDatasetTable): Promise<void> {
  await db.insertInto('ctdc_datasets').values(row).execute();
}

export async function updateDatasetCounts(db: Executor, id: string, counts: Pick<CtdcDatasetTable, 'rows_read' | 'rows_imported' | 'rows_rejected'>): Promise<void> {
  await db.updateTable('ctdc_datasets').set(counts).where('id', '=', id).execute();
}

/** One multi-row INSERT; callers keep batches at INSERT_BATCH rows or fewer. */
export async function insertRecords(db: Executor, rows: NewCtdcRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('ctdc_records').values(rows).execute();
}

export async function listDatasets(db: Executor): Promise<CtdcDataset[]> {
  return db.selectFrom('ctdc_datasets').selectAll().orderBy('imported_at', 'desc').execute();
}

export async function findDataset(db: Executor, id: string): Promise<CtdcDataset | undefined> {
  return db.selectFrom('ctdc_datasets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteDataset(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('ctdc_records').where('dataset_id', '=', id).execute();
  await db.deleteFrom('ctdc_datasets').where('id', '=', id).execute();
}

/** Counts by value of one text column; NULL (missing or unknown) comes back as value null. */
export async function frequencies(db: Executor, datasetId: string, column: TextColumn | 'year_label'): Promise<Array<{ value: string | null; count: number }>> {
  const rows = await db
    .selectFrom('ctdc_records')
    .select([sql<string | null>`${sql.ref(column)}`.as('value'), (eb) => eb.fn.countAll<number>().as('count')])
    .where('dataset_id', '=', datasetId)
    .groupBy(column)
    .execute();
  return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
}

/** For each flag: how many records say 1, say 0, say nothing. One pass over the data set. */
export async function flagCounts(db: Executor, datasetId: string, columns: readonly FlagColumn[] = FLAG_COLUMNS): Promise<Record<FlagColumn, { yes: number; no: number; missing: number }>> {
  const selections = columns.flatMap((c) => [
    sql<number>`sum(case when ${sql.ref(c)} = 1 then 1 else 0 end)`.as(`${c}__yes`),
    sql<number>`sum(case when ${sql.ref(c)} = 0 then 1 else 0 end)`.as(`${c}__no`),
  ]);
  const row = (await db
    .selectFrom('ctdc_records')
    .select([...selections, (eb) => eb.fn.countAll<number>().as('total')])
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst()) as Record<string, number | null> | undefined;
  const total = Number(row?.total ?? 0);
  const out = {} as Record<FlagColumn, { yes: number; no: number; missing: number }>;
  for (const c of columns) {
    const yes = Number(row?.[`${c}__yes`] ?? 0);
    const no = Number(row?.[`${c}__no`] ?? 0);
    out[c] = { yes, no, missing: total - yes - no };
  }
  return out;
}

/** Records with at least one flag of the group set to 1: the denominator CTDC uses for a group's percentages. */
export async function countWithAnyFlag(db: Executor, datasetId: string, columns: readonly FlagColumn[]): Promise<number> {
  if (columns.length === 0) return 0;
  const any = sql.join(columns.map((c) => sql`${sql.ref(c)} = 1`), sql` or `);
  const row = await db
    .selectFrom('ctdc_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dataset_id', '=', datasetId)
    .where(sql<boolean>`(${any})`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countRecords(db: Executor, datasetId: string): Promise<number> {
  const row = await db.selectFrom('ctdc_records').select((eb) => eb.fn.countAll<number>().as('n')).where('dataset_id', '=', datasetId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
