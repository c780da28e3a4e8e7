import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { BadRequestError } from '../platform/http/errors.js';
import { type Cell, fieldOf, type HtcdsField, MAX_BYTES, MAX_ROWS, TEMPLATE } from './template.js';
import { NotAZip, orderedEntries } from './xlsx-entries.js';

/*
 * Reading an uploaded HTCDS workbook row by row (ExcelJS's streaming reader): the checks on the file as a whole (an
 * xlsx, not too large, the template's sheet, known columns), each a BadRequestError with a catalog key, before any
 * row is read; too many rows or a damaged part further down are refused as the reading reaches them.
 */

function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellOf((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return '';
}

/** An opened workbook: its columns (the header checked), then its rows one at a time. */
export interface OpenedSheet {
  columns: HtcdsField[];
  /**
   * The data rows, read from the file as they are asked for (memory stays flat however long the sheet). Throws a
   * BadRequestError when the file turns out bad further down (too many rows, damaged, no row at all).
   */
  rows: AsyncIterable<SheetRow>;
}

export interface SheetRow {
  /** Row number in the sheet (the header is row 1). */
  row: number;
  cells: Map<HtcdsField, Cell>;
}

interface StreamRow {
  number: number;
  getCell(col: number): { value: ExcelJS.CellValue };
  eachCell(cb: (cell: { value: ExcelJS.CellValue }, col: number) => void): void;
}

/** The rows of the template's sheet, from ExcelJS's streaming reader; throws a BadRequestError for a bad archive. */
async function* templateSheetRows(entries: Readable): AsyncGenerator<StreamRow> {
  // Loaded on first use: the workbook library weighs about 28 MB in memory, and most processes never read a workbook.
  const { default: Excel } = await import('exceljs');
  let found = false;
  try {
    const reader = new Excel.stream.xlsx.WorkbookReader(entries, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      // Another sheet is skipped unread (the reader drains it); only the template's is read.
      if (found || (sheet as unknown as { name: string }).name.trim().toLowerCase() !== TEMPLATE.sheet.toLowerCase()) continue;
      found = true;
      for await (const row of sheet as unknown as AsyncIterable<StreamRow>) yield row;
    }
  } catch (e) {
    if (e instanceof BadRequestError) throw e;
    throw new BadRequestError('import.file.corrupt');
  }
  if (!found) throw new BadRequestError('import.file.sheet', { sheet: TEMPLATE.sheet });
}

/**
 * The checks on the bytes alone (not empty, not too large, a zip archive whose directory reads), cheap enough for
 * the upload's own request; returns the entries for the reader.
 */
export function checkFile(bytes: Buffer): Readable {
  if (bytes.length === 0) throw new BadRequestError('import.file.empty');
  if (bytes.length > MAX_BYTES) throw new BadRequestError('import.file.tooLarge', { mb: Math.round(MAX_BYTES / 1024 / 1024) });
  // An xlsx is a zip archive: anything else (a CSV, an old .xls, a PDF) is refused before the parser sees it.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) throw new BadRequestError('import.file.notXlsx');
  try {
    return orderedEntries(bytes);
  } catch (e) {
    if (e instanceof NotAZip) throw new BadRequestError('import.file.corrupt');
    throw e;
  }
}

/**
 * Opens the template's sheet of an uploaded workbook, streaming: the checks on the file as a whole (size, zip, the
 * sheet, the header's columns) before it returns, the rows as they are read. Refuses a file that is not one.
 */
export async function openWorkbook(bytes: Buffer, options: { maxRows?: number } = {}): Promise<OpenedSheet> {
  const maxRows = options.maxRows ?? MAX_ROWS;
  const source = templateSheetRows(checkFile(bytes));
  const first = await source.next();
  const header = first.done ? undefined : first.value;
  const byColumn = new Map<number, HtcdsField>();
  const unknown: string[] = [];
  if (header?.number === 1)
    header.eachCell((cell, col) => {
      const name = String(cellOf(cell.value)).trim();
      if (!name) return;
      const field = fieldOf(name);
      if (field) byColumn.set(col, field);
      else unknown.push(name.slice(0, 40));
    });
  const stop = async (e: BadRequestError) => {
    await source.return(undefined);
    throw e;
  };
  if (unknown.length) await stop(new BadRequestError('import.file.columns', { columns: unknown.slice(0, 5).join(', ') }));
  const columns = [...byColumn.values()];
  if (!columns.some((f) => f.target === 'firstName' || f.target === 'lastName')) await stop(new BadRequestError('import.file.noName'));
  if (new Set(columns.map((f) => f.name)).size !== columns.length) await stop(new BadRequestError('import.file.twice'));
  async function* rows(): AsyncGenerator<SheetRow> {
    let count = 0;
    for await (const row of source) {
      const cells = new Map<HtcdsField, Cell>();
      for (const [col, field] of byColumn) {
        const c = cellOf(row.getCell(col).value);
        if (c instanceof Date || c.trim()) cells.set(field, c);
      }
      if (!cells.size) continue;
      if (++count > maxRows) throw new BadRequestError('import.file.tooManyRows', { max: maxRows });
      yield { row: row.number, cells };
    }
    if (count === 0) throw new BadRequestError('import.file.noRows');
  }
  return { columns, rows: rows() };
}
