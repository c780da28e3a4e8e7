import type { FastifyReply } from 'fastify';

/**
 * Downloads of tables as CSV and XLSX. Every text cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return at the start) is prefixed with an apostrophe, unless it is a plain number such as CTDC's -99.
 */

export type CellValue = string | number | null;

const NUMBER = /^[-+]?\d+(\.\d+)?$/;

export function guardFormula(value: string): string {
  const c = value.charCodeAt(0);
  // = + - @ tab CR: checked by code first, the common case is a plain cell.
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return value;
  return NUMBER.test(value) ? value : `'${value}`;
}

function text(v: CellValue): string {
  return v === null ? '' : typeof v === 'number' ? String(v) : guardFormula(v);
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 record with its CRLF. Hand-written: a CTDC export is millions of cells, ten times faster than csv-stringify. */
export function csvLine(cells: readonly CellValue[]): string {
  const out = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const v = text(cells[i] ?? null);
    out[i] = NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }
  return `${out.join(',')}\r\n`;
}

/** CSV with a header line, CRLF line ends (RFC 4180) and, for spreadsheets, a BOM so UTF-8 is recognised. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CellValue[]>, options: { bom?: boolean } = {}): string {
  return [...csvChunks(header, rows, options)].join('');
}

/** The same CSV in chunks of `rowsPerChunk` records, to stream a large export without one giant string. */
export function* csvChunks(
  header: readonly string[],
  rows: ReadonlyArray<readonly CellValue[]>,
  options: { bom?: boolean; rowsPerChunk?: number } = {},
): Generator<string> {
  const size = options.rowsPerChunk ?? 10_000;
  yield (options.bom ? '\uFEFF' : '') + csvLine(header);
  for (let i = 0; i < rows.length; i += size) {
    const end = Math.min(rows.length, i + size);
    const lines = new Array<string>(end - i);
    for (let r = i; r < end; r++) lines[r - i] = csvLine(rows[r] as readonly CellValue[]);
    yield lines.join('');
  }
}

export interface Sheet {
  name: string;
  header: readonly string[];
  rows: ReadonlyArray<readonly CellValue[]>;
  /** Lines printed under the table (notes, source citation). */
  notes?: readonly string[];
}

/** An XLSX workbook, one sheet per table; numbers stay numbers. */
export async function toXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  // Loaded on first use (about 28 MB in memory), not at start.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Abri';
  const used = new Set<string>();
  for (const sheet of sheets) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ], unique.
    let name = sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow(sheet.header.map((h) => guardFormula(h))).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => (typeof v === 'number' ? v : text(v))));
    if (sheet.notes?.length) {
      ws.addRow([]);
      for (const note of sheet.notes) ws.addRow([guardFormula(note)]);
    }
    ws.columns.forEach((c) => {
      c.width = 18;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** File names in Content-Disposition: ASCII fallback plus the UTF-8 name (RFC 6266). */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendCsv(reply: FastifyReply, file: { fileName: string; header: readonly string[]; rows: ReadonlyArray<readonly CellValue[]> }): FastifyReply {
  const { fileName, header, rows } = file;
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', disposition(fileName))
    .header('cache-control', 'no-store')
    .send(toCsv(header, rows, { bom: true }));
}

export async function sendXlsx(reply: FastifyReply, fileName: string, sheets: readonly Sheet[]): Promise<FastifyReply> {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', disposition(fileName))
    .header('cache-control', 'no-store')
    .send(await toXlsx(sheets));
}
