import { protectDistribution } from '../stats/index.js';

/**
 * Small-count protection for the training figures, with the statistics module's rules: a count from 1 to
 * threshold − 1 is shown as "fewer than <threshold>", and further cells of a breakdown are hidden
 * (complementary suppression) so that no hidden count can be worked out from the total. A zero is not a small
 * count here ("no judge was trained" reveals no one): it is shown, and hidden only to protect another cell.
 */
export type Cell = { kind: 'count'; value: number } | { kind: 'suppressed' };

export function suppressCount(n: number, threshold: number): Cell {
  return n > 0 && n < threshold ? { kind: 'suppressed' } : { kind: 'count', value: n };
}

export function suppressBreakdown<K extends string>(counts: ReadonlyArray<[K, number]>, threshold: number): Array<[K, Cell]> {
  const protectedCounts = protectDistribution(
    counts.map(([key, count]) => ({ key, count })),
    { threshold, suppressZeros: false },
  );
  return protectedCounts.cells.map((c): [K, Cell] => [c.key, c.value === null ? { kind: 'suppressed' } : { kind: 'count', value: c.value }]);
}
