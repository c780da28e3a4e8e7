/**
 * k-anonymity over plain rows (string cells under a header), by full-domain generalisation and record suppression
 * (greedy, in the manner of Datafly, Sweeney 2002): while more records sit in quasi-identifier combinations rarer than
 * k than the suppression budget allows, one quasi-identifier goes one level up its hierarchy (the one whose step leaves
 * the fewest records in rare combinations); the records still in rare combinations are then dropped. The output has
 * every combination of quasi-identifiers at least k times.
 */

/** One step up a hierarchy: maps a value of the level below to the coarser value. */
export type Generalise = (value: string) => string;

export interface QuasiIdentifier {
  column: string;
  /** Level 1, 2, ... The last level should map everything to the missing value. */
  levels: readonly Generalise[];
  /** Names of the levels (level 0 first), for the report. */
  levelNames?: readonly string[];
}

export interface KAnonymityOptions {
  k: number;
  quasiIdentifiers: readonly QuasiIdentifier[];
  /** Share of records that may be suppressed instead of generalising further. Default 0.05. */
  maxSuppressionRate?: number;
  /**
   * Share of records that may be suppressed rather than removing a whole quasi-identifier (its last level): once
   * only removals are left, the rare records are dropped instead while they are at most this share. Default: the
   * same as maxSuppressionRate.
   */
  maxSuppressionBeforeRemoval?: number;
}

export interface KAnonymityReport {
  k: number;
  inputRows: number;
  outputRows: number;
  suppressedRows: number;
  /** Combinations of (generalised) quasi-identifiers whose records were all suppressed. */
  suppressedCombinations: number;
  /** Records that could be suppressed before generalising further, and before removing a whole column. */
  suppressionBudget: number;
  removalBudget: number;
  /** `removed`: the column was emptied (its last level), because suppressing more than `removalBudget` was needed. */
  generalisation: Array<{ column: string; level: number; levelName: string; distinctValues: number; removed: boolean }>;
}

export interface Table {
  header: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
}

export interface KAnonymityResult extends Table {
  report: KAnonymityReport;
}

function columnIndex(header: readonly string[], column: string): number {
  const i = header.indexOf(column);
  if (i < 0) throw new Error(`quasi-identifier ${column} is not a column of the table`);
  return i;
}

/** A value at a level: the level-0 value passed up through the first `level` steps. */
function generaliseAt(qi: QuasiIdentifier, value: string, level: number): string {
  let v = value;
  for (let l = 0; l < level; l++) v = (qi.levels[l] as Generalise)(v);
  return v;
}

export function kAnonymise(table: Table, options: KAnonymityOptions): KAnonymityResult {
  const k = Math.max(1, Math.floor(options.k));
  const n = table.rows.length;
  const rate = options.maxSuppressionRate ?? 0.05;
  const budget = Math.floor(rate * n);
  const removalBudget = Math.max(budget, Math.floor((options.maxSuppressionBeforeRemoval ?? rate) * n));
  const qis = options.quasiIdentifiers;
  const idx = qis.map((q) => columnIndex(table.header, q.column));
  const levels = qis.map(() => 0);

  // Each quasi-identifier's raw values as small integer codes: a million rows stay cheap to regroup.
  const rawValues: string[][] = qis.map(() => []);
  const rawCodes: Int32Array[] = qis.map((_, q) => {
    const codes = new Int32Array(n);
    const seen = new Map<string, number>();
    const values = rawValues[q] as string[];
    const col = idx[q] as number;
    for (let r = 0; r < n; r++) {
      const v = (table.rows[r] as readonly string[])[col] ?? '';
      let c = seen.get(v);
      if (c === undefined) {
        c = values.length;
        values.push(v);
        seen.set(v, c);
      }
      codes[r] = c;
    }
    return codes;
  });

  interface Level {
    /** raw code → generalised code */
    map: Int32Array;
    values: string[];
  }
  const levelOf = (q: number, level: number): Level => {
    const values: string[] = [];
    const seen = new Map<string, number>();
    const raw = rawValues[q] as string[];
    const map = new Int32Array(raw.length);
    raw.forEach((v, i) => {
      const g = generaliseAt(qis[q] as QuasiIdentifier, v, level);
      let c = seen.get(g);
      if (c === undefined) {
        c = values.length;
        values.push(g);
        seen.set(g, c);
      }
      map[i] = c;
    });
    return { map, values };
  };

  /** The equivalence class of every row under the given levels, and the size of each class. */
  const classify = (set: readonly Level[], keys: Array<number | string>): Map<number | string, number> => {
    const radix = set.map((l) => Math.max(1, l.values.length));
    const numeric = radix.reduce((a, b) => a * b, 1) < 2 ** 52;
    const sizes = new Map<number | string, number>();
    for (let r = 0; r < n; r++) {
      let key: number | string;
      if (numeric) {
        let x = 0;
        for (let q = 0; q < set.length; q++) x = x * (radix[q] as number) + ((set[q] as Level).map[(rawCodes[q] as Int32Array)[r] as number] as number);
        key = x;
      } else {
        let x = '';
        for (let q = 0; q < set.length; q++) x += `${(set[q] as Level).map[(rawCodes[q] as Int32Array)[r] as number]},`;
        key = x;
      }
      keys[r] = key;
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
    }
    return sizes;
  };
  const rareIn = (sizes: Map<number | string, number>): number => {
    let rare = 0;
    for (const size of sizes.values()) if (size < k) rare += size;
    return rare;
  };

  let current = qis.map((_, q) => levelOf(q, 0));
  let keys = new Array<number | string>(n);
  let classSizes = classify(current, keys);
  let rare = rareIn(classSizes);
  type Step = { q: number; level: Level; keys: Array<number | string>; sizes: Map<number | string, number>; rare: number };
  const better = (a: Step | undefined, b: Step) =>
    !a || b.rare < a.rare || (b.rare === a.rare && (current[b.q] as Level).values.length > (current[a.q] as Level).values.length);
  while (rare > budget) {
    // Try one more level on each quasi-identifier and keep the step that leaves the fewest records in rare
    // combinations (ties: the one with the most distinct values, as Datafly). A step that keeps some of the column
    // (a 5-year band, a wider age band) is preferred to one that removes a column, as long as it helps; a column is
    // removed only when suppressing the rare records would cost more than the removal budget.
    let coarser: Step | undefined;
    let removal: Step | undefined;
    for (let q = 0; q < qis.length; q++) {
      const next = (levels[q] as number) + 1;
      const depth = (qis[q] as QuasiIdentifier).levels.length;
      if (next > depth) continue;
      const level = levelOf(q, next);
      const trial = current.map((l, i) => (i === q ? level : l));
      const trialKeys = new Array<number | string>(n);
      const sizes = classify(trial, trialKeys);
      const step: Step = { q, level, keys: trialKeys, sizes, rare: rareIn(sizes) };
      if (next < depth) {
        if (step.rare < rare && better(coarser, step)) coarser = step;
      } else if (better(removal, step)) removal = step;
    }
    const best = coarser ?? (rare > removalBudget ? removal : undefined);
    if (!best) break;
    levels[best.q] = (levels[best.q] as number) + 1;
    current = current.map((l, i) => (i === best.q ? best.level : l));
    keys = best.keys;
    classSizes = best.sizes;
    rare = best.rare;
  }

  const rows: string[][] = [];
  let suppressedCombinations = 0;
  for (const size of classSizes.values()) if (size < k) suppressedCombinations++;
  const distinctOut = qis.map(() => new Set<number>());
  for (let r = 0; r < n; r++) {
    if ((classSizes.get(keys[r] as number | string) ?? 0) < k) continue;
    const out = [...(table.rows[r] as readonly string[])];
    for (let q = 0; q < qis.length; q++) {
      const g = (current[q] as Level).map[(rawCodes[q] as Int32Array)[r] as number] as number;
      out[idx[q] as number] = (current[q] as Level).values[g] as string;
      (distinctOut[q] as Set<number>).add(g);
    }
    rows.push(out);
  }

  return {
    header: table.header,
    rows,
    report: {
      k,
      inputRows: n,
      outputRows: rows.length,
      suppressedRows: n - rows.length,
      suppressedCombinations,
      suppressionBudget: budget,
      removalBudget,
      generalisation: qis.map((q, i) => ({
        column: q.column,
        level: levels[i] as number,
        levelName: q.levelNames?.[levels[i] as number] ?? `level ${levels[i]}`,
        distinctValues: (distinctOut[i] as Set<number>).size,
        removed: (levels[i] as number) === q.levels.length && q.levels.length > 0,
      })),
    },
  };
}

/** Combinations of the quasi-identifiers that occur fewer than k times (an empty list means k-anonymous). */
export function kAnonymityViolations(table: Table, columns: readonly string[], k: number): Array<{ combination: string[]; count: number }> {
  const idx = columns.map((c) => columnIndex(table.header, c));
  const counts = new Map<string, number>();
  for (const row of table.rows) {
    const key = JSON.stringify(idx.map((i) => row[i] ?? ''));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n < k).map(([key, count]) => ({ combination: JSON.parse(key) as string[], count }));
}
