/**
 * Memory of reading an HTCDS workbook: the whole-file reader the import used before (ExcelJS `xlsx.load`, then every
 * row collected) against the streaming reader (`openWorkbook`, one row at a time, each row dropped once read), for
 * workbooks of 1,000 and 10,000 people. Each measurement runs in a fresh process (`--expose-gc`), the heap after a
 * full GC before reading being the baseline: "live" samples the heap after a full GC every 500 rows and right after
 * loading (what the reader keeps), "peak" samples it every 100 rows without GC (garbage included, with the RSS and
 * the time). Figures are above the baseline. The row cap is lifted for the bench.
 *   npx tsx bench/htcds-memory.ts              (both readers, 1,000 and 10,000 rows)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { htcdsWorkbook } from '../test/support/htcds-import.js';
import { openWorkbook } from '../src/htcds-import/workbook.js';

const gc = (globalThis as { gc?: () => void }).gc;

async function measure(reader: 'whole' | 'stream', rows: number, live: boolean): Promise<{ heapMb: number; rssMb: number; read: number; ms: number }> {
  const { bytes } = await htcdsWorkbook(rows);
  gc?.();
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sample = () => {
    if (live) gc?.();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const t0 = performance.now();
  let read = 0;
  if (reader === 'whole') {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    sample();
    const sheet = wb.getWorksheet('Cases');
    const kept: unknown[] = [];
    sheet?.eachRow({ includeEmpty: false }, (row, n) => {
      if (n === 1) return;
      kept.push(row.values);
      if (++read % (live ? 500 : 100) === 0) sample();
    });
    sample();
  } else {
    const sheet = await openWorkbook(bytes, { maxRows: Number.MAX_SAFE_INTEGER });
    sample();
    for await (const _row of sheet.rows) if (++read % (live ? 500 : 100) === 0) sample();
    sample();
  }
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return { heapMb: mb(peakHeap - base.heapUsed), rssMb: mb(peakRss - base.rss), read, ms: Math.round(performance.now() - t0) };
}

async function main(): Promise<void> {
  const [reader, rows, mode] = process.argv.slice(2);
  if (reader === 'whole' || reader === 'stream') {
    console.log(JSON.stringify(await measure(reader, Number(rows), mode === 'live')));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const run = (r: string, n: number, mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, r, String(n), mode], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop() as string,
    );
  console.log('| rows | reader | live heap (after GC, max while reading) | peak heap (no GC) | peak RSS | ms (no GC) |');
  console.log('|---|---|---|---|---|---|');
  for (const n of [1000, 10_000])
    for (const r of ['whole', 'stream'] as const) {
      const live = run(r, n, 'live');
      const peak = run(r, n, 'peak');
      const name = r === 'whole' ? 'before: xlsx.load, rows collected' : 'after: streaming, row by row';
      console.log(`| ${n} | ${name} | +${live.heapMb} MB | +${peak.heapMb} MB | +${peak.rssMb} MB | ${peak.ms} |`);
    }
}

await main();
