import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { htcdsWorkbook } from '../../test/support/htcds-import.js';
import { openWorkbook } from './workbook.js';

/* The streaming reader of the HTCDS sheet (no database: the file layer only). */
describe('HTCDS workbook, read as a stream', () => {
  it('reads the rows one by one, in order, with dates, without ever writing a sheet to a temporary file', async () => {
    // ExcelJS writes the sheet before its shared strings, the order in which its streaming reader spills the sheet,
    // in clear, to a temporary file: that must never happen to a workbook of cases.
    const tmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as { file: (...a: unknown[]) => void };
    const original = tmp.file;
    let spilled = 0;
    tmp.file = (...a: unknown[]) => {
      spilled++;
      return original(...a);
    };
    try {
      const { bytes } = await htcdsWorkbook(1200);
      const sheet = await openWorkbook(bytes);
      assert.ok(sheet.columns.some((c) => c.name === 'prs_FirstName'));
      const rows: number[] = [];
      let firstBirth: unknown;
      for await (const r of sheet.rows) {
        rows.push(r.row);
        if (rows.length === 1) firstBirth = [...r.cells].find(([f]) => f.name === 'prs_Birthdate')?.[1];
      }
      assert.equal(rows.length, 1200);
      assert.deepEqual(rows.slice(0, 3), [2, 3, 4]);
      assert.equal(rows.at(-1), 1201);
      assert.ok(firstBirth instanceof Date, 'a date cell is read as a date (styles kept)');
      assert.equal(spilled, 0, 'no temporary file');
    } finally {
      tmp.file = original;
    }
  });

  it('refuses too many rows as the reading reaches them', async () => {
    const { bytes } = await htcdsWorkbook(30);
    const sheet = await openWorkbook(bytes, { maxRows: 10 });
    let n = 0;
    await assert.rejects(
      (async () => {
        for await (const _r of sheet.rows) n++;
      })(),
      (e: Error & { messageKey?: string }) => e.messageKey === 'import.file.tooManyRows',
    );
    assert.equal(n, 10);
  });
});
