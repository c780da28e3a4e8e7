/**
 * CTDC import speed, on SQLite and PostgreSQL, against a plain bulk insert of the same rows in the same run.
 *   npx tsx src/stats/ctdc/import.bench.ts [copies]        (PostgreSQL too when TEST_DATABASE_URL is set)
 * The 2017 release (47,102 rows) is repeated `copies` times (default 5) into one in-memory file.
 * "plain" = the rows already parsed, written with the query builder's multi-row insert in one transaction:
 * the cost of storing the rows without reading, checking or normalising anything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { freshPostgresDatabase } from '../../../test/helper.js';
import { type Database, inTransaction, openPostgres, openSqlite } from '../../platform/db/database.js';
import { MIGRATIONS } from '../../platform/db/migrations/index.js';
import { newId, nowIso } from '../../platform/ids.js';
import { ctdcFile } from './fixtures.js';
import { importCtdcFile } from './import.js';
import { VALUE_COLUMNS } from './variables.js';
import { insertDataset, insertRecordRows, recordsOf } from '../stats.repository.js';
import type { NewCtdcRecord } from '../stats.table.js';

const copies = Number(process.argv[2] ?? 5);
const text = gunzipSync(readFileSync(ctdcFile('ctdc-global-2017-kanon.csv.gz'))).toString('utf8');
const [header, ...lines] = text.split('\r\n').filter((l) => l !== '');
const big = Buffer.from([header, ...Array.from({ length: copies }, () => lines).flat()].join('\r\n'));
const rows = lines.length * copies;

async function migrate(d: Database): Promise<void> {
  for (const m of Object.values(MIGRATIONS)) await m.up(d.db, d.dialect);
}

async function run(d: Database): Promise<void> {
  await migrate(d);
  // The import, end to end: read, parse, check, normalise, write.
  const r = await importCtdcFile({ db: d.db, sqlite: d.sqlite }, big, { fileName: 'bench.csv' });
  if (!r.ok) throw new Error('import failed');
  // The same rows, as stored, inserted plainly.
  const stored = await recordsOf(d.db, r.datasetId as string);
  const id = newId();
  await insertDataset(d.db, {
    id,
    name: 'plain',
    format: 'global-kanon',
    file_name: 'plain',
    file_sha256: '',
    rows_read: 0,
    rows_imported: 0,
    rows_rejected: 0,
    imported_by: null,
    imported_at: nowIso(),
  });
  const plainRows: NewCtdcRecord[] = stored.map((s) => ({ ...s, dataset_id: id }));
  const started = process.hrtime.bigint();
  await inTransaction(d.db, (tx) => insertRecordRows(tx, plainRows));
  const plain = Number(process.hrtime.bigint() - started) / 1e9;
  const importRate = r.rowsImported / r.seconds;
  const plainRate = rows / plain;
  console.log(
    `${d.dialect.padEnd(8)} rows ${rows}  import ${r.seconds.toFixed(2)} s = ${Math.round(importRate)} rows/s  plain bulk insert ${plain.toFixed(2)} s = ${Math.round(plainRate)} rows/s  import/plain speed ${(importRate / plainRate).toFixed(2)}  (${VALUE_COLUMNS.length + 2} columns)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'abri-bench-'));
const sqlite = openSqlite(join(dir, 'bench.sqlite'));
try {
  await run(sqlite);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.TEST_DATABASE_URL) {
  const fresh = await freshPostgresDatabase();
  const pg = openPostgres(fresh.url);
  try {
    await run(pg);
  } finally {
    await pg.close();
    await fresh.drop();
  }
}
