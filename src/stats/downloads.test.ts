import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { csvChunks, guardFormula, toCsv, toXlsx } from './downloads.js';

describe('CSV and Excel downloads', () => {
  it('writes RFC 4180 CSV that a CSV parser reads back to the same cells, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 3, maxLength: 3 }), { maxLength: 30 }), (rows) => {
        const csv = toCsv(['a', 'b', 'c'], rows);
        const back = parse(csv, { relax_column_count: false }) as string[][];
        assert.deepEqual(back[0], ['a', 'b', 'c']);
        rows.forEach((row, i) => {
          assert.deepEqual(
            back[i + 1],
            row.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : guardFormula(v))),
          );
        });
      }),
    );
  });

  it('keeps spreadsheets from running formulas, but leaves numbers such as -99 alone', () => {
    assert.equal(guardFormula('=HYPERLINK("x")'), `'=HYPERLINK("x")`);
    assert.equal(guardFormula('+1+1'), `'+1+1`);
    assert.equal(guardFormula('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(guardFormula('-99'), '-99');
    assert.equal(guardFormula('-1.5'), '-1.5');
    assert.equal(guardFormula('Friend; Other'), 'Friend; Other');
  });

  it('starts with a BOM for spreadsheets when asked, and streams the same text in chunks', () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`r${i}`, i]);
    assert.ok(toCsv(['x', 'n'], rows, { bom: true }).startsWith('\uFEFFx,n\r\n'));
    assert.equal([...csvChunks(['x', 'n'], rows, { rowsPerChunk: 7 })].join(''), toCsv(['x', 'n'], rows));
    assert.equal([...csvChunks(['x', 'n'], rows, { rowsPerChunk: 7 })].length, 1 + 4);
  });

  it('writes an Excel workbook, one sheet per table, numbers as numbers, unique safe sheet names', async () => {
    const buffer = await toXlsx([
      {
        name: 'Gender / sex?',
        header: ['Gender', 'People'],
        rows: [
          ['Female', 9589],
          ['Male', null],
        ],
        notes: ['Source: CTDC'],
      },
      { name: 'Gender / sex?', header: ['x'], rows: [] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Gender   sex ', 'Gender   sex  2'],
    );
    const ws = wb.worksheets[0];
    assert.ok(ws);
    assert.equal(ws.getCell('B2').value, 9589);
    assert.equal(ws.getCell('A5').value, 'Source: CTDC');
  });
});
