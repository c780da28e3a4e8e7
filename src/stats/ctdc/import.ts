import { createHash } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { recordEvent } from '../../platform/audit/audit.js';
import { type Db, inTransaction, type Tx } from '../../platform/db/database.js';
import { newId, nowIso } from '../../platform/ids.js';
import { type CtdcFormat, deriveMergedMeans, type HeaderPlan, planHeader } from './formats.js';
import { type CtdcSource, readDelimited } from './reader.js';
import { type RawRecord, ReadProblem } from './tokenizer.js';
import { emptyRow } from './variables.js';
import { insertBatchSize, insertDataset, insertRecords, type ParsedRecord, setDatasetHash, updateDatasetCounts } from '../stats.repository.js';

declare module '../../platform/audit/audit.js' {
  interface AuditEvents {
    'ctdc.imported': { datasetId: string; format: string; rowsImported: number; rowsRejected: number };
  }
}

/** Why a file, or one of its rows, was not taken. Values are CTDC's published data, never a person's details. */
export type ImportProblem =
  | { code: 'header.unknownColumn'; line: number; column: number; name: string; format: CtdcFormat }
  | { code: 'header.duplicateColumn'; line: number; column: number; name: string }
  | { code: 'header.unrecognised'; line: number; column: number; name: string }
  | { code: 'header.empty'; line: number; column: number }
  | { code: 'file.empty'; line: number; column: number }
  | { code: ReadProblem['code']; line: number; column: number }
  | { code: 'row.fieldCount'; line: number; column: number; expected: number; found: number }
  | { code: 'value.invalid'; line: number; column: number; name: string; value: string }
  | { code: 'import.tooManyRejected'; line: number; column: number; rejected: number; allowed: number };

export interface ImportResult {
  ok: boolean;
  datasetId: string | undefined;
  format: CtdcFormat | undefined;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  /** The first problems found (at most MAX_PROBLEMS), in file order. */
  problems: ImportProblem[];
  seconds: number;
}

export interface ImportOptions {
  /** Shown on the reference page; defaults to the file name. */
  name?: string;
  fileName?: string;
  /** Rows that may be rejected before the whole file is refused. Default 0: a reference data set is all or nothing. */
  maxRejected?: number;
  actorId?: string | null;
}

const MAX_PROBLEMS = 50;

/** Thrown inside the transaction to roll the import back; carries the result to report. */
class ImportRefused extends Error {
  constructor(readonly result: ImportResult) {
    super('import refused');
  }
}

/** English text of a problem, for the command line and logs; pages translate the codes (stats.problems.*). */
export function describeProblem(p: ImportProblem): string {
  const at = `line ${p.line}, column ${p.column}`;
  switch (p.code) {
    case 'header.unknownColumn':
      return `${at}: column "${p.name}" is not part of the CTDC ${p.format} format`;
    case 'header.duplicateColumn':
      return `${at}: column "${p.name}" appears twice`;
    case 'header.unrecognised':
      return `${at}: the header is not one of a CTDC file (first unknown column: "${p.name}")`;
    case 'header.empty':
      return `${at}: the header line is empty`;
    case 'file.empty':
      return `${at}: the file has no header line`;
    case 'file.binary':
      return `${at}: the file contains binary data, not delimited text`;
    case 'file.encoding':
      return `${at}: the file is not UTF-8 text`;
    case 'file.gzip':
      return `${at}: the gzip archive is truncated or damaged`;
    case 'file.unclosedQuote':
      return `${at}: a quoted field is never closed`;
    case 'file.tooLong':
      return `${at}: a record is too long to be CTDC data`;
    case 'file.read':
      return `${at}: the file could not be read`;
    case 'file.xlsx':
      return `${at}: the Excel workbook could not be read`;
    case 'row.fieldCount':
      return `${at}: expected ${p.expected} fields, found ${p.found}`;
    case 'value.invalid':
      return `${at} (${p.name}): value "${p.value}" is not valid here`;
    case 'import.tooManyRejected':
      return `${p.rejected} rows rejected (at most ${p.allowed} allowed): nothing was imported`;
  }
}

export interface ImportTarget {
  db: Db;
  /** The SQLite handle behind `db` (ctx.database.sqlite), for prepared bulk inserts; omitted on PostgreSQL. */
  sqlite?: SQLite.Database | undefined;
}

/**
 * Imports one CTDC file into a new reference data set, in one transaction (a refused file leaves nothing behind),
 * with multi-row inserts of INSERT_BATCH records. Never throws for a bad file: the result says what was wrong.
 */
export async function importCtdcFile(target: ImportTarget, source: CtdcSource, options: ImportOptions = {}): Promise<ImportResult> {
  const started = process.hrtime.bigint();
  const fileName = options.fileName ?? (typeof source === 'string' ? basename(source) : 'upload.csv');
  const maxRejected = options.maxRejected ?? 0;
  const hash = createHash('sha256');
  const result: ImportResult = { ok: false, datasetId: undefined, format: undefined, rowsRead: 0, rowsImported: 0, rowsRejected: 0, problems: [], seconds: 0 };
  const problem = (p: ImportProblem) => {
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(p);
  };
  const finish = () => {
    result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return result;
  };

  // The hash of the bytes as stored (compressed or not) identifies the file in the dataset row.
  const hashed = hashingSource(source, hash);
  const datasetId = newId();
  // The data set row comes before its records (foreign key); counts and hash are filled in at the end.
  const createDataset = (tx: Tx, format: CtdcFormat) =>
    insertDataset(tx, {
      id: datasetId,
      name: (options.name ?? fileName).slice(0, 200),
      format,
      file_name: fileName.slice(0, 200),
      file_sha256: '',
      rows_read: 0,
      rows_imported: 0,
      rows_rejected: 0,
      imported_by: options.actorId ?? null,
      imported_at: nowIso(),
    });
  try {
    const batchSize = insertBatchSize(target.db);
    await inTransaction(target.db, async (tx) => {
      let plan: HeaderPlan | undefined;
      let batch: ParsedRecord[] = [];
      let datasetCreated = false;
      for await (const records of readDelimited(hashed)) {
        for (const rec of records) {
          if (!plan) {
            const planned = planHeader(rec.fields);
            if ('code' in planned) {
              problem({ ...planned, line: rec.line } as ImportProblem);
              throw new ImportRefused(finish());
            }
            plan = planned;
            result.format = plan.spec.format;
            continue;
          }
          result.rowsRead++;
          const row = parseRow(plan, rec, problem);
          if (!row) {
            result.rowsRejected++;
            // Stop reading early once the file is refused anyway.
            if (result.rowsRejected > maxRejected && result.problems.length >= MAX_PROBLEMS) {
              problem({ code: 'import.tooManyRejected', line: rec.line, column: 1, rejected: result.rowsRejected, allowed: maxRejected });
              throw new ImportRefused(finish());
            }
            continue;
          }
          if (result.rowsRejected > maxRejected) continue;
          if (!datasetCreated) {
            await createDataset(tx, plan.spec.format);
            datasetCreated = true;
          }
          batch.push(row);
          if (batch.length >= batchSize) {
            await insertRecords(tx, { datasetId, rows: batch, sqlite: target.sqlite });
            result.rowsImported += batch.length;
            batch = [];
          }
        }
      }
      if (!plan) {
        problem({ code: 'file.empty', line: 1, column: 1 });
        throw new ImportRefused(finish());
      }
      if (result.rowsRejected > maxRejected) {
        problem({ code: 'import.tooManyRejected', line: 1, column: 1, rejected: result.rowsRejected, allowed: maxRejected });
        result.rowsImported = 0;
        throw new ImportRefused(finish());
      }
      if (!datasetCreated) await createDataset(tx, plan.spec.format);
      await insertRecords(tx, { datasetId, rows: batch, sqlite: target.sqlite });
      result.rowsImported += batch.length;
      await updateDatasetCounts(tx, datasetId, { rows_read: result.rowsRead, rows_imported: result.rowsImported, rows_rejected: result.rowsRejected });
      await setDatasetHash(tx, datasetId, hash.digest('hex'));
      await recordEvent(tx, {
        type: 'ctdc.imported',
        actorId: options.actorId ?? null,
        subjectType: 'ctdc_dataset',
        subjectId: datasetId,
        data: { datasetId, format: plan.spec.format, rowsImported: result.rowsImported, rowsRejected: result.rowsRejected },
      });
    });
  } catch (e) {
    if (e instanceof ImportRefused) {
      result.rowsImported = 0;
      return e.result;
    }
    if (e instanceof ReadProblem) {
      problem({ code: e.code, line: e.line, column: e.column });
      result.rowsImported = 0;
      return finish();
    }
    throw e;
  }
  result.ok = true;
  result.datasetId = datasetId;
  return finish();
}

/** Reads one data row into the reference model; undefined (and problems noted) when any field is not understood. */
function parseRow(plan: HeaderPlan, record: RawRecord, problem: (p: ImportProblem) => void): ParsedRecord | undefined {
  const { line, fields } = record;
  const parsers = plan.parsers;
  if (fields.length !== parsers.length) {
    // A trailing empty field from a final delimiter is common in exported files; anything else is not.
    const trailing = fields.length === parsers.length + 1 && fields[fields.length - 1] === '';
    if (!trailing) {
      problem({ code: 'row.fieldCount', line, column: Math.min(fields.length, parsers.length) + 1, expected: parsers.length, found: fields.length });
      return undefined;
    }
  }
  const values = emptyRow();
  let ok = true;
  for (let i = 0; i < parsers.length; i++) {
    const spec = parsers[i];
    if (!spec) continue;
    const raw = (fields[i] ?? '').trim();
    if (!spec.parse(raw, values)) {
      problem({ code: 'value.invalid', line, column: i + 1, name: spec.name, value: raw.slice(0, 60) });
      ok = false;
    }
  }
  if (!ok) return undefined;
  if (plan.spec.deriveMerged) deriveMergedMeans(values);
  return { line, values };
}

/** Passes the bytes through unchanged while hashing them. */
function hashingSource(source: CtdcSource, hash: ReturnType<typeof createHash>): Readable {
  const input =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: 256 * 1024 }) : Buffer.isBuffer(source) ? Readable.from([source]) : source;
  return Readable.from(
    (async function* () {
      for await (const chunk of input) {
        const b = chunk as Buffer;
        hash.update(b);
        yield b;
      }
    })(),
  );
}
