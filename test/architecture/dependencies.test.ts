import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { transformSync } from 'esbuild';
import { cruiseSources, type Graph, isTestCode, listFiles, ROOT } from './graph.js';
import { assertOnlyKnown } from './known.js';

/**
 * Modules that still break a rule of .dependency-cruiser.cjs, by rule, in folders being restructured (issue 13).
 * Each entry is the importing file. The lists only shrink: a new offender fails, and so does an entry that no
 * longer breaks its rule. Cycles have no list: there are none, and there must stay none.
 */
const KNOWN_VIOLATIONS: Readonly<Record<string, readonly string[]>> = {
  'feature-through-its-surface': [],
  'views-through-surfaces-and-views': [],
  'demo-through-surfaces-and-seeders': [],
  'platform-imports-no-feature': [],
  // A view may import the view-model type its service returns (type-only); nothing else of a service.
  'views-are-pure': [],
  'no-unresolvable': [],
  'no-cycles': [],
};

describe('the import graph (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  let graph: Graph;
  before(async () => {
    graph = await cruiseSources();
  });

  it('is the whole of src/, type-only imports included', () => {
    const modules = listFiles('src').filter((f) => /\.(tsx?|json)$/.test(f) && !isTestCode(f));
    assert.ok(graph.modules >= modules.filter((f) => f.endsWith('.ts') || f.endsWith('.tsx')).length, `${graph.modules} modules cruised`);
    assert.ok(graph.dependencies > graph.modules, `${graph.dependencies} dependencies`);
  });

  it('has no import cycle', () => {
    assert.deepEqual(
      graph.cycles.map((c) => c.join(' → ')),
      [],
    );
  });

  for (const [rule, known] of Object.entries(KNOWN_VIOLATIONS)) {
    it(`keeps the rule ${rule}, apart from the shrinking KNOWN list`, () => {
      const found = graph.violations
        .filter((v) => v.rule === rule)
        .filter((v) => !(rule === 'views-are-pure' && onlyTypesImported(v.from, v.to)))
        .map((v) => v.from);
      assertOnlyKnown({ what: `breaches of ${rule}`, found, known });
    });
  }

  it('knows every rule it reports', () => {
    const unknown = graph.violations.filter((v) => !(v.rule in KNOWN_VIOLATIONS));
    assert.deepEqual(unknown, []);
  });
});

/**
 * Whether every import of `to` in `from` is type-only (`import type …`). A view may name the view-model type its
 * service returns: a type import brings no code and no database into the view, which stays a pure function.
 */
function onlyTypesImported(from: string, to: string): boolean {
  const source = readFileSync(join(ROOT, from), 'utf8');
  const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)].filter((m) => {
    const spec = m[2] ?? '';
    if (!spec.startsWith('.')) return false;
    const target = join(dirname(from), spec).replace(/\.js$/, '');
    return to === `${target}.ts` || to === `${target}.tsx`;
  });
  return imports.length > 0 && imports.every((m) => m[1] !== undefined);
}

describe('table files', () => {
  it('hold only types, so that importing one from another feature is a type-only dependency', () => {
    const withValues = listFiles('src')
      .filter((f) => f.endsWith('.table.ts'))
      .filter((f) => /\bexport\b/.test(transformSync(readFileSync(join(ROOT, f), 'utf8'), { loader: 'ts', format: 'esm' }).code));
    assert.deepEqual(withValues, []);
  });
});
