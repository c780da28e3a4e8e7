import { protectDistribution } from '../stats/suppression.js';

/**
 * Small-count protection for the training figures, with the statistics module's rules: a count from 1 to
 * threshold − 1 is shown as "fewer than <threshold>", and further cells of a breakdown are hidden
 * (complementary suppression) so that no hidden count can be worked out from the total.
 */
export type Cell = { kind: 'count'; value: number } | { kind: 'suppressed' };

export function suppressCount(n: number, threshold: number): Cell {
  return n > 0 && n < threshold ? { kind: 'suppressed' } : { kind: 'count', value: n };
}

export function suppressBreakdown<K extends string>(counts: ReadonlyArray<[K, number]>, threshold: number): Array<[K, Cell]> {
  const protectedCounts = protectDistribution(
    counts.map(([key, count]) => ({ key, count })),
    { threshold },
  );
  return protectedCounts.cells.map((c): [K, Cell] => [c.key, c.value === null ? { kind: 'suppressed' } : { kind: 'count', value: c.value }]);
}
