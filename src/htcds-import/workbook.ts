import type ExcelJS from 'exceljs';
import { BadRequestError } from '../platform/http/errors.js';
import { type Cell, fieldOf, type HtcdsField, MAX_BYTES, MAX_ROWS, TEMPLATE } from './template.js';

/*
 * Reading an uploaded HTCDS workbook: the checks on the file as a whole (an xlsx, not too large, the template's sheet,
 * known columns, not too many rows), each a BadRequestError with a catalog key, before any row is read.
 */

export interface SheetRows {
  columns: HtcdsField[];
  /** Row number in the sheet (the header is row 1) and its cells by field. Empty rows are skipped. */
  rows: Array<{ row: number; cells: Map<HtcdsField, Cell> }>;
}

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

/** The template's sheet of an uploaded workbook, read into rows; refuses a file that is not one. */
export async function readWorkbook(bytes: Buffer): Promise<SheetRows> {
  if (bytes.length === 0) throw new BadRequestError('import.file.empty');
  if (bytes.length > MAX_BYTES) throw new BadRequestError('import.file.tooLarge', { mb: Math.round(MAX_BYTES / 1024 / 1024) });
  // An xlsx is a zip archive: anything else (a CSV, an old .xls, a PDF) is refused before the parser sees it.
  if (bytes.readUInt32LE(0) !== 0x04034b50) throw new BadRequestError('import.file.notXlsx');
  // Loaded on first use: the workbook library weighs about 28 MB in memory, and most processes never read a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new BadRequestError('import.file.corrupt');
  }
  const sheet = workbook.worksheets.find((s) => s.name.trim().toLowerCase() === TEMPLATE.sheet.toLowerCase());
  if (!sheet) throw new BadRequestError('import.file.sheet', { sheet: TEMPLATE.sheet });
  if (sheet.actualRowCount - 1 > MAX_ROWS) throw new BadRequestError('import.file.tooManyRows', { max: MAX_ROWS });
  const header = sheet.getRow(1);
  const byColumn = new Map<number, HtcdsField>();
  const unknown: string[] = [];
  header.eachCell((cell, col) => {
    const name = String(cellOf(cell.value)).trim();
    if (!name) return;
    const field = fieldOf(name);
    if (field) byColumn.set(col, field);
    else unknown.push(name.slice(0, 40));
  });
  if (unknown.length) throw new BadRequestError('import.file.columns', { columns: unknown.slice(0, 5).join(', ') });
  const columns = [...byColumn.values()];
  if (!columns.some((f) => f.target === 'firstName' || f.target === 'lastName')) throw new BadRequestError('import.file.noName');
  if (new Set(columns.map((f) => f.name)).size !== columns.length) throw new BadRequestError('import.file.twice');
  const rows: SheetRows['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = new Map<HtcdsField, Cell>();
    for (const [col, field] of byColumn) {
      const c = cellOf(row.getCell(col).value);
      if (c instanceof Date || c.trim()) cells.set(field, c);
    }
    if (cells.size) rows.push({ row: number, cells });
  });
  if (rows.length === 0) throw new BadRequestError('import.file.noRows');
  if (rows.length > MAX_ROWS) throw new BadRequestError('import.file.tooManyRows', { max: MAX_ROWS });
  return { columns, rows };
}
