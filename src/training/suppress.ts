/**
 * Small-count protection for the training figures until the shared statistics helper exists: a count from 1 to
 * threshold − 1 is shown as "fewer than <threshold>", and when exactly one cell of a breakdown is hidden, the
 * next smallest is hidden too so that it cannot be worked out from the total.
 */
export type Cell = { kind: 'count'; value: number } | { kind: 'suppressed' };

export function suppressCount(n: number, threshold: number): Cell {
  return n > 0 && n < threshold ? { kind: 'suppressed' } : { kind: 'count', value: n };
}

export function suppressBreakdown<K extends string>(counts: ReadonlyArray<[K, number]>, threshold: number): Array<[K, Cell]> {
  const cells = counts.map(([k, n]): [K, Cell] => [k, suppressCount(n, threshold)]);
  const hidden = cells.filter(([, c]) => c.kind === 'suppressed').length;
  if (hidden === 1) {
    const next = counts
      .map(([k, n], i) => ({ k, n, i }))
      .filter(({ i, n }) => cells[i]?.[1].kind === 'count' && n > 0)
      .sort((a, b) => a.n - b.n)[0];
    if (next) cells[next.i] = [next.k, { kind: 'suppressed' }];
  }
  return cells;
}
