/**
 * Small-count protection for every figure Abri shows outside case work.
 *
 * Primary suppression hides every cell under the threshold (default 10, as CTDC: "queries cannot return fewer than 10
 * results"). Complementary suppression then hides more cells, so that no hidden cell can be worked out from the
 * published totals: in every additive relation (a row or a column with its total) a hidden cell is never alone, the
 * hidden cells of a relation with a published total add up to at least the threshold, and a final exact check
 * (linear algebra over all relations at once) hides more until no hidden cell is determined by the published ones.
 *
 * Hidden values never leave this module: callers get `null` in their place. All hidden cells look the same, so
 * nobody can tell a primary cell (< threshold) from a complementary one.
 */

export const DEFAULT_THRESHOLD = 10;

export interface SuppressionOptions {
  /** Cells with a count under this are hidden. Default 10. */
  threshold?: number;
  /** Zero is a small count too (it says "nobody"); set false where a structural zero is harmless. Default true. */
  suppressZeros?: boolean;
}

/** An additive relation: the cells in `parts` add up to the cell `total` (indices into the values array). */
export interface Relation {
  parts: readonly number[];
  total: number;
}

/** A published figure: the number, or null when it is hidden. */
export type Shown = number | null;

function isSmall(v: number, threshold: number, suppressZeros: boolean): boolean {
  return v < threshold && (suppressZeros || v !== 0);
}

/**
 * The general engine: which cells to hide. `values` are all cells (parts and totals alike); relations say which add up
 * to which. Returns one flag per cell.
 */
export function suppressCells(
  values: readonly number[],
  relations: readonly Relation[],
  options: SuppressionOptions & {
    /** The exact check of which hidden cells the published ones determine; a faster one for tables. */
    determined?: (hidden: readonly boolean[]) => number[];
  } = {},
): boolean[] {
  const determined = options.determined ?? ((h: readonly boolean[]) => determinedCells(h, relations));
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const suppressZeros = options.suppressZeros ?? true;
  const hidden = values.map((v) => isSmall(v, threshold, suppressZeros));
  if (!hidden.some(Boolean)) return hidden;

  /** Hides the smallest published part of a relation (positive first: a zero adds no protection); else its total. */
  const hideOneMore = (rel: Relation): boolean => {
    let best = -1;
    for (const p of rel.parts) {
      if (hidden[p]) continue;
      const v = values[p] as number;
      if (best < 0) {
        best = p;
        continue;
      }
      const b = values[best] as number;
      if ((b === 0 && v > 0) || (v > 0 && v < b)) best = p;
    }
    if (best < 0) {
      if (hidden[rel.total]) return false;
      best = rel.total;
    }
    hidden[best] = true;
    return true;
  };

  for (let round = 0; round < values.length + 1; round++) {
    let changed = false;
    for (const rel of relations) {
      let count = 0;
      let sum = 0;
      for (const p of rel.parts) {
        if (hidden[p]) {
          count++;
          sum += values[p] as number;
        }
      }
      if (hidden[rel.total]) count++;
      if (count === 0) continue;
      // Alone in its relation, a hidden cell is the total minus the others; a published total also reveals the sum
      // of the hidden parts, which must not itself be a small count.
      const needsMore = count === 1 || (!hidden[rel.total] && sum < threshold);
      if (needsMore && hideOneMore(rel)) changed = true;
    }
    if (changed) continue;
    // The rules above work relation by relation; combinations of relations can still pin a cell down.
    const pinned = determined(hidden);
    if (pinned.length === 0) break;
    for (const cell of pinned) {
      const rel = relations.find((r) => r.total === cell || r.parts.includes(cell));
      if (rel && hideOneMore(rel)) changed = true;
    }
    if (!changed) break;
  }
  return hidden;
}

/**
 * Hidden cells whose value follows from the published cells through the relations (exactly, by linear algebra):
 * cell u is determined iff the unit vector e_u lies in the row space of the relations restricted to hidden cells.
 */
export function determinedCells(hidden: readonly boolean[], relations: readonly Relation[]): number[] {
  const unknowns: number[] = [];
  const column = new Map<number, number>();
  hidden.forEach((h, i) => {
    if (h) {
      column.set(i, unknowns.length);
      unknowns.push(i);
    }
  });
  if (unknowns.length === 0) return [];
  const rows: number[][] = [];
  for (const rel of relations) {
    const row = new Array(unknowns.length).fill(0);
    let any = false;
    for (const p of rel.parts) {
      const c = column.get(p);
      if (c !== undefined) {
        row[c] += 1;
        any = true;
      }
    }
    const t = column.get(rel.total);
    if (t !== undefined) {
      row[t] -= 1;
      any = true;
    }
    if (any) rows.push(row);
  }
  // Reduced row echelon form.
  const eps = 1e-9;
  const pivotRowOf = new Map<number, number>();
  let r = 0;
  for (let c = 0; c < unknowns.length && r < rows.length; c++) {
    let pivot = -1;
    for (let i = r; i < rows.length; i++) if (Math.abs((rows[i] as number[])[c] as number) > eps) pivot = i;
    if (pivot < 0) continue;
    [rows[r], rows[pivot]] = [rows[pivot] as number[], rows[r] as number[]];
    const pr = rows[r] as number[];
    const pv = pr[c] as number;
    for (let k = 0; k < pr.length; k++) pr[k] = (pr[k] as number) / pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const row = rows[i] as number[];
      const f = row[c] as number;
      if (Math.abs(f) <= eps) continue;
      for (let k = 0; k < row.length; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
    }
    pivotRowOf.set(c, r);
    r++;
  }
  const out: number[] = [];
  for (const [c, ri] of pivotRowOf) {
    const row = rows[ri] as number[];
    let alone = true;
    for (let k = 0; k < row.length; k++) if (k !== c && Math.abs(row[k] as number) > eps) alone = false;
    if (alone) out.push(unknowns[c] as number);
  }
  return out;
}

/**
 * `determinedCells` for a two-way table with all its margins (the layout of `protectTable`), in linear time. Seen as
 * an (nr + 1) × (nc + 1) table whose last row and column are the totals, every row and column adds up (with the
 * totals' signs flipped), so the unknowns left free by the published cells are the cycles of the bipartite graph
 * "row — column" whose edges are the hidden cells: a hidden cell is determined exactly when it lies on no cycle, i.e.
 * when its edge is a bridge. Same result as the linear algebra (checked against it in suppression.test.ts).
 */
export function determinedTableCells(hidden: readonly boolean[], nr: number, nc: number): number[] {
  const rowNodes = nr + 1;
  const nodes = rowNodes + nc + 1;
  const cellAt = (i: number, j: number): number =>
    i < nr && j < nc ? i * nc + j : i < nr ? nr * nc + i : j < nc ? nr * nc + nr + j : nr * nc + nr + nc;
  // Adjacency lists of hidden cells: edge e joins row node i and column node rowNodes + j.
  const edgeCell: number[] = [];
  const edgeA: number[] = [];
  const edgeB: number[] = [];
  const adjacent: number[][] = Array.from({ length: nodes }, () => []);
  for (let i = 0; i <= nr; i++)
    for (let j = 0; j <= nc; j++) {
      const cell = cellAt(i, j);
      if (!hidden[cell]) continue;
      const e = edgeCell.length;
      edgeCell.push(cell);
      edgeA.push(i);
      edgeB.push(rowNodes + j);
      (adjacent[i] as number[]).push(e);
      (adjacent[rowNodes + j] as number[]).push(e);
    }
  // Bridges (Tarjan), iteratively: low[v] < order[v] unless the edge into v is a bridge.
  const order = new Array<number>(nodes).fill(-1);
  const low = new Array<number>(nodes).fill(0);
  const out: number[] = [];
  let counter = 0;
  for (let root = 0; root < nodes; root++) {
    if (order[root] !== -1) continue;
    const stack: Array<{ v: number; via: number; next: number }> = [{ v: root, via: -1, next: 0 }];
    order[root] = low[root] = counter++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { v: number; via: number; next: number };
      const edges = adjacent[top.v] as number[];
      if (top.next < edges.length) {
        const e = edges[top.next++] as number;
        if (e === top.via) continue;
        const w = edgeA[e] === top.v ? (edgeB[e] as number) : (edgeA[e] as number);
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push({ v: w, via: e, next: 0 });
        } else low[top.v] = Math.min(low[top.v] as number, order[w] as number);
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      low[parent.v] = Math.min(low[parent.v] as number, low[top.v] as number);
      if ((low[top.v] as number) > (order[parent.v] as number)) out.push(edgeCell[top.via] as number);
    }
  }
  return out;
}

export interface ProtectedDistribution<K> {
  cells: Array<{ key: K; value: Shown }>;
  total: Shown;
  /** How many cells (the total included) are hidden. */
  hiddenCount: number;
}

/** A one-way frequency table with its total. */
export function protectDistribution<K>(counts: ReadonlyArray<{ key: K; count: number }>, options: SuppressionOptions = {}): ProtectedDistribution<K> {
  const values = [...counts.map((c) => c.count), counts.reduce((a, c) => a + c.count, 0)];
  const total = values.length - 1;
  const hidden = suppressCells(values, [{ parts: counts.map((_, i) => i), total }], options);
  return {
    cells: counts.map((c, i) => ({ key: c.key, value: hidden[i] ? null : c.count })),
    total: hidden[total] ? null : (values[total] as number),
    hiddenCount: hidden.filter(Boolean).length,
  };
}

export interface ProtectedTable {
  cells: Shown[][];
  rowTotals: Shown[];
  columnTotals: Shown[];
  total: Shown;
  hiddenCount: number;
}

/** A two-way table (rows × columns of counts) with its row, column and grand totals. */
export function protectTable(matrix: readonly (readonly number[])[], options: SuppressionOptions = {}): ProtectedTable {
  const nr = matrix.length;
  const nc = matrix[0]?.length ?? 0;
  // Layout: cells row-major, then row totals, then column totals, then the grand total.
  const values: number[] = [];
  for (const row of matrix) {
    if (row.length !== nc) throw new Error('every row of a table needs the same number of columns');
    values.push(...row);
  }
  const rowTotal = (i: number) => nr * nc + i;
  const colTotal = (j: number) => nr * nc + nr + j;
  const grand = nr * nc + nr + nc;
  for (let i = 0; i < nr; i++) values.push((matrix[i] as number[]).reduce((a, b) => a + b, 0));
  for (let j = 0; j < nc; j++) values.push(matrix.reduce((a, row) => a + (row[j] as number), 0));
  values.push(matrix.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0));
  const relations: Relation[] = [];
  for (let i = 0; i < nr; i++) relations.push({ parts: Array.from({ length: nc }, (_, j) => i * nc + j), total: rowTotal(i) });
  for (let j = 0; j < nc; j++) relations.push({ parts: Array.from({ length: nr }, (_, i) => i * nc + j), total: colTotal(j) });
  relations.push({ parts: Array.from({ length: nr }, (_, i) => rowTotal(i)), total: grand });
  relations.push({ parts: Array.from({ length: nc }, (_, j) => colTotal(j)), total: grand });
  const hidden = suppressCells(values, relations, { ...options, determined: (h) => determinedTableCells(h, nr, nc) });
  const shown = (k: number): Shown => (hidden[k] ? null : (values[k] as number));
  return {
    cells: matrix.map((row, i) => row.map((_, j) => shown(i * nc + j))),
    rowTotals: matrix.map((_, i) => shown(rowTotal(i))),
    columnTotals: Array.from({ length: nc }, (_, j) => shown(colTotal(j))),
    total: shown(grand),
    hiddenCount: hidden.filter(Boolean).length,
  };
}

/**
 * Flags that are not additive (a person can have several means of control): each count stands alone against the
 * number of people, so hiding the small ones is enough; the denominator is published only if it is not small itself.
 */
export function protectIndependentCounts<K>(
  counts: ReadonlyArray<{ key: K; count: number }>,
  options: SuppressionOptions = {},
): Array<{ key: K; value: Shown }> {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const suppressZeros = options.suppressZeros ?? true;
  return counts.map((c) => ({ key: c.key, value: isSmall(c.count, threshold, suppressZeros) ? null : c.count }));
}
