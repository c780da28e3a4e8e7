import { createReadStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DelimitedTokenizer, type RawRecord, ReadProblem } from './tokenizer.js';

/**
 * Reads delimited text as CTDC publishes it: UTF-8 with or without a BOM, CRLF or LF, comma or tab separated,
 * RFC 4180 quotes, optionally gzip-compressed (recognised by its magic bytes, whatever the file name says).
 * Anything else (binary data, another encoding, a truncated archive) stops the read with the line where it happened.
 */

export type CtdcSource = string | Buffer | Readable;

function openSource(source: CtdcSource): Readable {
  if (typeof source === 'string') return createReadStream(source, { highWaterMark: 256 * 1024 });
  if (Buffer.isBuffer(source)) return Readable.from([source]);
  return source;
}

/** Yields the byte chunks of the file, gunzipped when the first bytes are the gzip magic. */
async function* bytesOf(source: CtdcSource, lineRef: () => number): AsyncGenerator<Buffer> {
  const input = openSource(source);
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await iterator.next();
  } catch {
    throw new ReadProblem('file.read', 1, 1);
  }
  if (first.done) return;
  const head = first.value;
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (!gz) {
    yield head;
    try {
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        yield r.value;
      }
    } catch (e) {
      if (e instanceof ReadProblem) throw e;
      throw new ReadProblem('file.read', lineRef(), 1);
    }
  }
  const gunzip = createGunzip();
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        yield r.value;
      }
    })(),
  );
  rest.on('error', (e) => gunzip.destroy(e));
  rest.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof ReadProblem) throw e;
    throw new ReadProblem('file.gzip', lineRef(), 1);
  } finally {
    rest.destroy();
  }
}

/** Records of the file, in batches (one per decoded chunk) to keep the per-record overhead low. */
export async function* readDelimited(source: CtdcSource): AsyncGenerator<RawRecord[]> {
  const tokenizer = new DelimitedTokenizer();
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const chunks = bytesOf(source, () => tokenizer.currentLine);
  const first = await chunks.next();
  if (first.done) return;
  // An Excel workbook (a zip: "PK\x03\x04"), as the July 2021 release was published: its first sheet.
  if (first.value.length >= 4 && first.value.readUInt32BE(0) === 0x504b0304) {
    yield* readWorkbook(first.value, chunks);
    return;
  }
  for await (const chunk of (async function* () {
    yield first.value;
    yield* chunks;
  })()) {
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      const at = tokenizer.locate(chunk, nul);
      throw new ReadProblem('file.binary', at.line, at.column);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const at = tokenizer.locate(chunk, firstInvalidUtf8(chunk));
      throw new ReadProblem('file.encoding', at.line, at.column);
    }
    const out: RawRecord[] = [];
    tokenizer.push(text, out);
    if (out.length) yield out;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new ReadProblem('file.encoding', tokenizer.currentLine, 1);
  }
  const out: RawRecord[] = [];
  tokenizer.push(tail, out);
  tokenizer.end(out);
  if (out.length) yield out;
}

/** Cell values of a sheet as the text a CSV export of it would hold. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(typeof v === 'boolean' ? Number(v) : v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return String(v.text);
  return '';
}

async function* readWorkbook(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<RawRecord[]> {
  const input = Readable.from(
    (async function* () {
      yield first;
      yield* rest;
    })(),
  );
  let line = 1;
  // Loaded on first use: the workbook library weighs about 28 MB in memory, and most processes never read a workbook.
  const { default: Excel } = await import('exceljs');
  try {
    const reader = new Excel.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'ignore',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      let width = 0;
      let batch: RawRecord[] = [];
      for await (const row of sheet) {
        line = row.number;
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        if (width === 0) width = values.length;
        const fields = Array.from({ length: Math.max(width, values.length) }, (_, i) => cellText(values[i] ?? null));
        if (fields.every((f) => f === '')) continue;
        batch.push({ line: row.number, fields });
        if (batch.length >= 2000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
      // The data is on the first sheet; others (dictionaries, regions) are not records.
      break;
    }
  } catch (e) {
    if (e instanceof ReadProblem) throw e;
    throw new ReadProblem('file.xlsx', line, 1);
  } finally {
    input.destroy();
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (0 if none is found). */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i] as number;
    const need = x < 0x80 ? 0 : (x & 0xe0) === 0xc0 && x >= 0xc2 ? 1 : (x & 0xf0) === 0xe0 ? 2 : (x & 0xf8) === 0xf0 && x <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      // A sequence cut by the end of the chunk is completed by the next one.
      if (i + k >= b.length) return 0;
      if (((b[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return 0;
}
