import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type ProtectedTable, type Relation, determinedCells, determinedTableCells, protectDistribution, protectIndependentCounts, protectTable } from './suppression.js';

/** Rank of a matrix by Gaussian elimination (written here independently of the library's own check). */
function rank(m: number[][]): number {
  const a = m.map((r) => [...r]);
  let rk = 0;
  const cols = a[0]?.length ?? 0;
  for (let c = 0; c < cols; c++) {
    const p = a.findIndex((r, i) => i >= rk && Math.abs(r[c] as number) > 1e-9);
    if (p < 0) continue;
    [a[rk], a[p]] = [a[p] as number[], a[rk] as number[]];
    for (let i = 0; i < a.length; i++) {
      if (i === rk) continue;
      const f = (a[i]?.[c] as number) / (a[rk]?.[c] as number);
      for (let k = 0; k < cols; k++) (a[i] as number[])[k] = ((a[i] as number[])[k] as number) - f * ((a[rk] as number[])[k] as number);
    }
    rk++;
  }
  return rk;
}

/**
 * The attacker's view of a published table: every row and column (with the margins) is an equation; the unknowns are
 * the hidden cells. A hidden cell is recoverable iff dropping its column lowers the rank of the system.
 */
function recoverableCells(t: ProtectedTable): string[] {
  const nr = t.cells.length;
  const nc = t.cells[0]?.length ?? 0;
  const grid: Array<Array<number | null>> = [...t.cells.map((row, i) => [...row, t.rowTotals[i] ?? null]), [...t.columnTotals, t.total]];
  const unknowns: Array<[number, number]> = [];
  grid.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === null) unknowns.push([i, j]);
    });
  });
  if (unknowns.length === 0) return [];
  const equations: number[][] = [];
  for (let i = 0; i <= nr; i++) equations.push(unknowns.map(([a, b]) => (a === i ? (b === nc ? -1 : 1) : 0)));
  for (let j = 0; j <= nc; j++) equations.push(unknowns.map(([a, b]) => (b === j ? (a === nr ? -1 : 1) : 0)));
  const full = rank(equations);
  return unknowns.filter((_, k) => rank(equations.map((row) => row.filter((_, c) => c !== k))) < full).map(([a, b]) => `${a},${b}`);
}

describe('small-count suppression', () => {
  it('hides a count under the threshold and one more cell, so the total cannot give it back', () => {
    const d = protectDistribution([
      { key: 'Female', count: 25 },
      { key: 'Male', count: 3 },
      { key: 'Transgender/NonConforming', count: 40 },
    ]);
    assert.deepEqual(
      d.cells.map((c) => c.value),
      [null, null, 40],
    );
    assert.equal(d.total, 68);
    assert.ok(!JSON.stringify(d).includes(':3'), 'the small value is not in the output at all');
  });

  it('hides everything when the total itself is small', () => {
    const d = protectDistribution([
      { key: 'a', count: 2 },
      { key: 'b', count: 5 },
    ]);
    assert.deepEqual([d.cells.map((c) => c.value), d.total], [[null, null], null]);
  });

  it('leaves a table of large counts untouched', () => {
    const t = protectTable([
      [12, 30],
      [45, 10],
    ]);
    assert.deepEqual(t.cells, [
      [12, 30],
      [45, 10],
    ]);
    assert.equal(t.hiddenCount, 0);
  });

  it('complementary suppression: a hidden cell is not recoverable from row and column totals', () => {
    const t = protectTable([
      [20, 3, 15],
      [12, 14, 30],
      [40, 25, 11],
    ]);
    assert.equal(t.cells[0]?.[1], null, 'the 3 is hidden');
    // Row 0 and column 1 each need a second hidden cell, else 3 = total − the others.
    assert.ok((t.cells[0] ?? []).filter((v) => v === null).length >= 2);
    assert.ok(t.cells.map((r) => r[1]).filter((v) => v === null).length >= 2);
    assert.deepEqual(recoverableCells(t), []);
    // Published figures are the true ones.
    assert.equal(t.total, 170);
  });

  it('hides a second cell even when the only candidates are zeros that would say nothing', () => {
    const d = protectDistribution(
      [
        { key: 'a', count: 30 },
        { key: 'b', count: 4 },
        { key: 'c', count: 0 },
      ],
      { suppressZeros: false },
    );
    // Hiding only b and the zero would let anyone compute b: the hidden cells must add up to at least the threshold.
    assert.deepEqual(
      d.cells.map((c) => c.value),
      [null, null, 0],
    );
  });

  it('treats counts of non-exclusive flags one by one', () => {
    assert.deepEqual(
      protectIndependentCounts([
        { key: 'threats', count: 120 },
        { key: 'debt', count: 7 },
      ]).map((c) => c.value),
      [120, null],
    );
  });

  it('property: on random tables, every small cell is hidden, no hidden cell is recoverable, shown figures are true', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((nr) =>
          fc.integer({ min: 1, max: 6 }).chain((nc) =>
            fc.tuple(
              fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 80 })), { minLength: nc, maxLength: nc }), {
                minLength: nr,
                maxLength: nr,
              }),
              fc.integer({ min: 2, max: 15 }),
            ),
          ),
        ),
        ([matrix, threshold]) => {
          const t = protectTable(matrix, { threshold });
          matrix.forEach((row, i) => {
            row.forEach((v, j) => {
              const shown = t.cells[i]?.[j];
              if (v < threshold) assert.equal(shown, null, `cell ${i},${j}=${v} under ${threshold}`);
              if (shown !== null) assert.equal(shown, v);
            });
          });
          assert.deepEqual(recoverableCells(t), []);
          // No row or column has exactly one hidden figure, and hidden parts under a published total are not small.
          const lines: Array<[Array<number | null>, number | null, number[]]> = [
            ...t.cells.map((row, i) => [row, t.rowTotals[i] ?? null, matrix[i] as number[]] as [Array<number | null>, number | null, number[]]),
            ...(t.cells[0] ?? []).map(
              (_, j) =>
                [t.cells.map((r) => r[j] ?? null), t.columnTotals[j] ?? null, matrix.map((r) => r[j] as number)] as [
                  Array<number | null>,
                  number | null,
                  number[],
                ],
            ),
          ];
          for (const [cells, total, truth] of lines) {
            const hidden = cells.filter((c) => c === null).length + (total === null ? 1 : 0);
            assert.notEqual(hidden, 1);
            if (total !== null && hidden > 0) {
              const hiddenSum = truth.reduce((a, v, k) => a + (cells[k] === null ? v : 0), 0);
              assert.ok(hiddenSum >= threshold, `hidden part of a line adds up to ${hiddenSum}`);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: the linear-time check of a two-way table finds exactly the cells the linear algebra finds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((nr) =>
          fc.integer({ min: 1, max: 7 }).chain((nc) =>
            fc.tuple(fc.constant(nr), fc.constant(nc), fc.array(fc.boolean(), { minLength: nr * nc + nr + nc + 1, maxLength: nr * nc + nr + nc + 1 })),
          ),
        ),
        ([nr, nc, hidden]) => {
          const relations: Relation[] = [];
          for (let i = 0; i < nr; i++) relations.push({ parts: Array.from({ length: nc }, (_, j) => i * nc + j), total: nr * nc + i });
          for (let j = 0; j < nc; j++) relations.push({ parts: Array.from({ length: nr }, (_, i) => i * nc + j), total: nr * nc + nr + j });
          relations.push({ parts: Array.from({ length: nr }, (_, i) => nr * nc + i), total: nr * nc + nr + nc });
          relations.push({ parts: Array.from({ length: nc }, (_, j) => nr * nc + nr + j), total: nr * nc + nr + nc });
          const fast = determinedTableCells(hidden, nr, nc).sort((a, b) => a - b);
          const exact = determinedCells(hidden, relations).sort((a, b) => a - b);
          assert.deepEqual(fast, exact);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
