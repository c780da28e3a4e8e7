/**
 * k-anonymity over plain rows (string cells under a header), by full-domain generalisation and record suppression
 * (Datafly, Sweeney 2002): while more records sit in quasi-identifier combinations rarer than k than the suppression
 * budget allows, the quasi-identifier with the most distinct values goes one level up its hierarchy; the records still
 * in rare combinations are then dropped. The output has every combination of quasi-identifiers at least k times.
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
}

export interface KAnonymityReport {
  k: number;
  inputRows: number;
  outputRows: number;
  suppressedRows: number;
  /** Combinations of (generalised) quasi-identifiers whose records were all suppressed. */
  suppressedCombinations: number;
  generalisation: Array<{ column: string; level: number; levelName: string; distinctValues: number }>;
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
  const budget = Math.floor((options.maxSuppressionRate ?? 0.05) * n);
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
  const levelOf = (q: number): Level => {
    const values: string[] = [];
    const seen = new Map<string, number>();
    const raw = rawValues[q] as string[];
    const map = new Int32Array(raw.length);
    raw.forEach((v, i) => {
      const g = generaliseAt(qis[q] as QuasiIdentifier, v, levels[q] as number);
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

  let current = qis.map((_, q) => levelOf(q));
  const keys = new Array<number | string>(n);
  const computeKeys = () => {
    const radix = current.map((l) => Math.max(1, l.values.length));
    const numeric = radix.reduce((a, b) => a * b, 1) < 2 ** 52;
    for (let r = 0; r < n; r++) {
      if (numeric) {
        let key = 0;
        for (let q = 0; q < qis.length; q++) key = key * (radix[q] as number) + ((current[q] as Level).map[(rawCodes[q] as Int32Array)[r] as number] as number);
        keys[r] = key;
      } else {
        let key = '';
        for (let q = 0; q < qis.length; q++) key += `${(current[q] as Level).map[(rawCodes[q] as Int32Array)[r] as number]},`;
        keys[r] = key;
      }
    }
  };

  computeKeys();
  let classSizes = new Map<number | string, number>();
  for (;;) {
    classSizes = new Map();
    for (const key of keys) classSizes.set(key, (classSizes.get(key) ?? 0) + 1);
    let rare = 0;
    for (const size of classSizes.values()) if (size < k) rare += size;
    if (rare <= budget) break;
    // Generalise the quasi-identifier with the most distinct values that can still go up.
    let best = -1;
    let bestDistinct = -1;
    qis.forEach((q, i) => {
      if ((levels[i] as number) >= q.levels.length) return;
      const distinct = (current[i] as Level).values.length;
      if (distinct > bestDistinct) {
        best = i;
        bestDistinct = distinct;
      }
    });
    if (best < 0) break;
    levels[best] = (levels[best] as number) + 1;
    current = qis.map((_, q) => (q === best ? levelOf(q) : (current[q] as Level)));
    computeKeys();
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
      generalisation: qis.map((q, i) => ({
        column: q.column,
        level: levels[i] as number,
        levelName: q.levelNames?.[levels[i] as number] ?? `level ${levels[i]}`,
        distinctValues: (distinctOut[i] as Set<number>).size,
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
  return [...counts]
    .filter(([, n]) => n < k)
    .map(([key, count]) => ({ combination: JSON.parse(key) as string[], count }));
}
