import type SQLite from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import { type Executor, isPostgres } from '../platform/db/database.js';
import { FLAG_COLUMNS, type FlagColumn, isTextColumn, type TextColumn, VALUE_COLUMNS, type ValueRow } from './ctdc/variables.js';
import type { CtdcDataset, CtdcDatasetTable, NewCtdcRecord } from './stats.table.js';

/** Bind parameters per statement stay under SQLite's 32,766 (and PostgreSQL's 65,535). */
export const RECORD_COLUMNS = 2 + VALUE_COLUMNS.length;
export const INSERT_BATCH = Math.floor(32_000 / RECORD_COLUMNS);
/** PostgreSQL takes a batch as one array per column, so the batch can be much larger. */
export const INSERT_BATCH_PG = 2000;

export function insertBatchSize(db: Executor): number {
  return isPostgres(db) ? INSERT_BATCH_PG : INSERT_BATCH;
}

export async function insertDataset(db: Executor, row: CtdcDatasetTable): Promise<void> {
  await db.insertInto('ctdc_datasets').values(row).execute();
}

export async function updateDatasetCounts(
  db: Executor,
  id: string,
  counts: Pick<CtdcDatasetTable, 'rows_read' | 'rows_imported' | 'rows_rejected'>,
): Promise<void> {
  await db.updateTable('ctdc_datasets').set(counts).where('id', '=', id).execute();
}

export async function setDatasetHash(db: Executor, id: string, sha256: string): Promise<void> {
  await db.updateTable('ctdc_datasets').set({ file_sha256: sha256 }).where('id', '=', id).execute();
}

const RECORD_FIELDS = ['dataset_id', 'line_no', ...VALUE_COLUMNS] as const;
const insertSql = new Map<string, string>();

/** The INSERT text for n rows, built once per size and dialect: the query builder is the slow part of a bulk load. */
function insertText(postgres: boolean, n: number): string {
  const key = `${postgres ? 'pg' : 'sqlite'}:${n}`;
  let text = insertSql.get(key);
  if (!text) {
    const width = RECORD_FIELDS.length;
    const tuples: string[] = [];
    for (let r = 0; r < n; r++) {
      const marks = RECORD_FIELDS.map((_, c) => (postgres ? `$${r * width + c + 1}` : '?'));
      tuples.push(`(${marks.join(',')})`);
    }
    text = `insert into ctdc_records (${RECORD_FIELDS.map((f) => `"${f}"`).join(',')}) values ${tuples.join(',')}`;
    insertSql.set(key, text);
  }
  return text;
}

/** PostgreSQL: one array parameter per column, unnested into rows; parsing cost no longer grows with the batch. */
const PG_UNNEST = `insert into ctdc_records (${RECORD_FIELDS.map((f) => `"${f}"`).join(',')}) select * from unnest(${RECORD_FIELDS.map(
  (f, i) => `$${i + 1}::${f === 'dataset_id' || isTextColumn(f) ? 'text' : 'integer'}[]`,
).join(',')})`;

export interface ParsedRecord {
  line: number;
  values: ValueRow;
}

const prepared = new WeakMap<SQLite.Database, Map<number, SQLite.Statement>>();

/**
 * One multi-row INSERT with bound parameters; callers keep batches at INSERT_BATCH rows or fewer. On SQLite, given
 * the connection's handle (the one the transaction runs on), the statement is prepared once instead of per batch.
 */
export async function insertRecords(db: Executor, batch: { datasetId: string; rows: readonly ParsedRecord[]; sqlite?: SQLite.Database | undefined }): Promise<void> {
  const { datasetId, rows, sqlite } = batch;
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    const columns: unknown[][] = RECORD_FIELDS.map(() => new Array(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as ParsedRecord;
      (columns[0] as unknown[])[r] = datasetId;
      (columns[1] as unknown[])[r] = row.line;
      for (let c = 0; c < row.values.length; c++) (columns[c + 2] as unknown[])[r] = row.values[c];
    }
    await db.executeQuery(CompiledQuery.raw(PG_UNNEST, columns));
    return;
  }
  const params: unknown[] = new Array(rows.length * RECORD_FIELDS.length);
  let k = 0;
  for (const row of rows) {
    params[k++] = datasetId;
    params[k++] = row.line;
    for (const v of row.values) params[k++] = v;
  }
  if (sqlite) {
    let cache = prepared.get(sqlite);
    if (!cache) {
      cache = new Map();
      prepared.set(sqlite, cache);
    }
    let statement = cache.get(rows.length);
    if (!statement) {
      statement = sqlite.prepare(insertText(false, rows.length));
      cache.set(rows.length, statement);
    }
    statement.run(params);
    return;
  }
  await db.executeQuery(CompiledQuery.raw(insertText(false, rows.length), params));
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
export async function flagCounts(
  db: Executor,
  datasetId: string,
  columns: readonly FlagColumn[] = FLAG_COLUMNS,
): Promise<Record<FlagColumn, { yes: number; no: number; missing: number }>> {
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
  const any = sql.join(
    columns.map((c) => sql`${sql.ref(c)} = 1`),
    sql` or `,
  );
  const row = await db
    .selectFrom('ctdc_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dataset_id', '=', datasetId)
    .where(sql<boolean>`(${any})`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countRecords(db: Executor, datasetId: string): Promise<number> {
  const row = await db
    .selectFrom('ctdc_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every stored record of a data set, as stored. */
export function recordsOf(db: Executor, datasetId: string) {
  return db.selectFrom('ctdc_records').selectAll().where('dataset_id', '=', datasetId).execute();
}

/** Records inserted with the query builder's multi-row insert, INSERT_BATCH at a time: the benchmark's baseline. */
export async function insertRecordRows(db: Executor, rows: readonly NewCtdcRecord[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await db
      .insertInto('ctdc_records')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
}
