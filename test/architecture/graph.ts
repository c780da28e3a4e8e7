/**
 * Abri's import graph as dependency-cruiser measures it, with the rules of `.dependency-cruiser.cjs`.
 *
 * dependency-cruiser parses TypeScript with the `typescript` package's JavaScript API, which TypeScript 7 no longer
 * ships. So the sources are first turned into JavaScript by esbuild (already installed through tsx) in a temporary
 * mirror of `src/`, keeping every import, type-only ones included (a cycle through a type file is still a cycle
 * for a reader), and the mirror is cruised. Paths in the results are mapped back to the real `.ts`/`.tsx` names.
 *
 * Test code (`*.test.ts`, test-support and fixture modules) is left out of the graph: the rules are about shipped code.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { transformSync } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

/** Files that are test code even though they live in src/ (until they move to test/). */
export function isTestCode(path: string): boolean {
  return /\.(test|bench)\.tsx?$/.test(path) || /(^|\/)([\w.-]*test-support|test-fixtures|[\w-]*\.?fixtures?)\.tsx?$/.test(path);
}

/** Every file under `dir` (relative to the repository root, with `/`), sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(join(ROOT, d))) {
      const p = `${d}/${entry}`;
      if (statSync(join(ROOT, p)).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** TypeScript source with every type-only import and re-export made a plain one, so that the transpiler keeps it. */
export function keepTypeImports(source: string): string {
  return source
    .replace(/\bimport\s+type\s+(?=[{*\w$])/g, 'import ')
    .replace(/\bexport\s+type\s+(?=[{*])/g, 'export ')
    .replace(/\b(import|export)(\s+[\w$]+\s*,)?\s*\{([^}]*)\}(\s*from\s*['"])/g, (_m, kw: string, def: string | undefined, inner: string, tail: string) =>
      `${kw}${def ?? ''} {${inner.replace(/\btype\s+(?=[\w$])/g, '')}}${tail}`,
    );
}

export interface Graph {
  modules: number;
  dependencies: number;
  /** Modules that take part in at least one cycle. */
  cycles: string[][];
  violations: Violation[];
}

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Cruises `src/` with the repository's `.dependency-cruiser.cjs`. */
export async function cruiseSources(): Promise<Graph> {
  // Inside the repository, so that packages resolve from its node_modules.
  const mirror = mkdtempSync(join(ROOT, '.depcruise-'));
  const realName = new Map<string, string>();
  try {
    for (const file of listFiles('src')) {
      if (isTestCode(file)) continue;
      const target = join(mirror, file);
      mkdirSync(dirname(target), { recursive: true });
      const ts = /\.tsx?$/.exec(file);
      if (!ts) {
        if (file.endsWith('.json')) copyFileSync(join(ROOT, file), target);
        continue;
      }
      const js = transformSync(keepTypeImports(readFileSync(join(ROOT, file), 'utf8')), {
        loader: ts[0] === '.tsx' ? 'tsx' : 'ts',
        format: 'esm',
        jsx: 'automatic',
        jsxImportSource: 'preact',
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      }).code;
      const jsName = file.replace(/\.tsx?$/, '.js');
      writeFileSync(join(mirror, jsName), js);
      realName.set(jsName, file);
    }
    const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
    const { output } = await cruise(['src'], { ...options, baseDir: mirror, validate: true, outputType: 'json' });
    const result: ICruiseResult = typeof output === 'string' ? JSON.parse(output) : output;
    const real = (p: string) => realName.get(p) ?? p;
    const cycles = new Map<string, string[]>();
    for (const m of result.modules) {
      for (const d of m.dependencies) {
        if (!d.circular || !d.cycle) continue;
        const cycle = [real(m.source), ...d.cycle.map((c) => real(c.name))];
        const key = [...new Set(cycle)].sort().join(' ');
        if (!cycles.has(key)) cycles.set(key, cycle);
      }
    }
    return {
      modules: result.summary.totalCruised,
      dependencies: result.summary.totalDependenciesCruised ?? result.modules.reduce((n, m) => n + m.dependencies.length, 0),
      cycles: [...cycles.values()],
      violations: (result.summary.violations as IViolation[]).map((v) => ({ rule: v.rule.name, from: real(v.from), to: real(v.to) })),
    };
  } finally {
    rmSync(mirror, { recursive: true, force: true });
  }
}

export function toPosix(p: string): string {
  return p.split(sep).join('/');
}

export { ROOT, relative };
