/**
 * Functions with more than three inputs take one options object (`deleteDocument({ id, userId, ... })`), or a context
 * and one: `(db, { a, b, c })`. Positional arguments past three are easy to swap at a call site without the compiler
 * noticing (two ids, two dates, two flags), and they cannot be named where they are passed.
 *
 * Checked on shipped code in src/ with the TypeScript compiler's own parser (TypeScript 7's API, through its tsgo
 * process): every exported function declaration, every exported `const f = (...) =>` or function expression, and every
 * public method (or arrow-function property) of an exported class. A rest parameter counts as one, so does a
 * destructured object; a `this` parameter is no input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClassDeclaration, Expression, Node, ParameterDeclaration, SourceFile } from 'typescript/unstable/ast';
import { SyntaxKind } from 'typescript/unstable/ast';
import { API, ModifierFlags } from 'typescript/unstable/sync';
import { isTestCode, listFiles, ROOT } from './graph.js';
import { assertOnlyKnown } from './known.js';

const MAX_POSITIONAL = 3;

/** `file: function` (or `file: Class.method`) allowed more than three parameters for a while; this list only shrinks. */
const KNOWN_MANY_PARAMETERS: readonly string[] = [];

function inputs(parameters: readonly ParameterDeclaration[]): number {
  return parameters.filter((p) => !(p.name.kind === SyntaxKind.Identifier && p.name.text === 'this')).length;
}

function functionOf(expression: Expression | undefined): { parameters: readonly ParameterDeclaration[] } | undefined {
  let e: Node | undefined = expression;
  while (e && (e.kind === SyntaxKind.ParenthesizedExpression || e.kind === SyntaxKind.AsExpression || e.kind === SyntaxKind.SatisfiesExpression)) {
    e = (e as unknown as { expression: Expression }).expression;
  }
  if (e && (e.kind === SyntaxKind.ArrowFunction || e.kind === SyntaxKind.FunctionExpression)) {
    return e as unknown as { parameters: readonly ParameterDeclaration[] };
  }
  return undefined;
}

const has = (node: { modifierFlags: ModifierFlags }, flag: ModifierFlags) => (node.modifierFlags & flag) !== 0;

function memberName(name: Node): string | undefined {
  if (name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.StringLiteral) return (name as unknown as { text: string }).text;
  return undefined; // #private and computed names are no public method
}

/** Offenders of one source file, as `file: name`. */
function offendersOf(file: string, source: SourceFile): string[] {
  const found: string[] = [];
  const check = (name: string, parameters: readonly ParameterDeclaration[]) => {
    const n = inputs(parameters);
    if (n > MAX_POSITIONAL) found.push(`${file}: ${name} (${n})`);
  };
  // Names exported by `export { a, b as c }` without a module: their local declarations are exported too.
  const exportedLocally = new Set<string>();
  for (const s of source.statements) {
    if (s.kind !== SyntaxKind.ExportDeclaration) continue;
    const d = s as unknown as {
      moduleSpecifier?: Node;
      exportClause?: { kind: SyntaxKind; elements?: readonly { propertyName?: { text: string }; name: { text: string } }[] };
    };
    if (d.moduleSpecifier || d.exportClause?.kind !== SyntaxKind.NamedExports) continue;
    for (const e of d.exportClause.elements ?? []) exportedLocally.add((e.propertyName ?? e.name).text);
  }
  const exported = (node: { modifierFlags: ModifierFlags }, name: string | undefined) =>
    has(node, ModifierFlags.Export) || (name !== undefined && exportedLocally.has(name));

  for (const s of source.statements) {
    if (s.kind === SyntaxKind.FunctionDeclaration) {
      const f = s as unknown as { name?: { text: string }; parameters: readonly ParameterDeclaration[]; modifierFlags: ModifierFlags };
      if (exported(f, f.name?.text)) check(f.name?.text ?? 'default', f.parameters);
    } else if (s.kind === SyntaxKind.VariableStatement) {
      const v = s as unknown as { modifierFlags: ModifierFlags; declarationList: { declarations: readonly { name: Node; initializer?: Expression }[] } };
      for (const d of v.declarationList.declarations) {
        if (d.name.kind !== SyntaxKind.Identifier) continue;
        const name = (d.name as unknown as { text: string }).text;
        const fn = functionOf(d.initializer);
        if (fn && exported(v, name)) check(name, fn.parameters);
      }
    } else if (s.kind === SyntaxKind.ExportAssignment) {
      const fn = functionOf((s as unknown as { expression: Expression }).expression);
      if (fn) check('default', fn.parameters);
    } else if (s.kind === SyntaxKind.ClassDeclaration) {
      const c = s as unknown as ClassDeclaration;
      if (!exported(c, c.name?.text)) continue;
      for (const m of c.members) {
        const member = m as unknown as { name?: Node; modifierFlags: ModifierFlags; parameters?: readonly ParameterDeclaration[]; initializer?: Expression };
        if (has(member, ModifierFlags.Private | ModifierFlags.Protected) || !member.name) continue;
        const name = memberName(member.name);
        if (name === undefined) continue;
        const parameters =
          m.kind === SyntaxKind.MethodDeclaration
            ? member.parameters
            : m.kind === SyntaxKind.PropertyDeclaration
              ? functionOf(member.initializer)?.parameters
              : undefined;
        if (parameters) check(`${c.name?.text ?? 'default'}.${name}`, parameters);
      }
    }
  }
  return found;
}

/** A file the check must read as the comments say, so that a parser change cannot make it pass by finding nothing. */
const PROBE = `${ROOT}/.architecture-parameters-probe.ts`;
const PROBE_SOURCE = `
export function four(a: number, b: number, c: number, d: number) {}             // offends
export async function three(db: unknown, a: number, { b, c }: { b: 1; c: 2 }, ...rest: number[]) {} // offends: 4
export function threeOk(db: unknown, a: number, { b, c, d }: { b: 1; c: 2; d: 3 }) {}
export function withThis(this: unknown, a: number, b: number, c: number) {}
function local(a: number, b: number, c: number, d: number) {}
function later(a: number, b: number, c: number, d: number) {}                     // offends: exported below
export { later as renamed };
export const arrow = async (a: number, b: number, c: number, d: number) => {};     // offends
export const expression = function (a: number, b: number, c: number, d: number) {}; // offends
export const notAFunction = [1, 2, 3, 4];
export class Service {
  constructor(a: number, b: number, c: number, d: number) {}
  run(a: number, b: number, c: number, d: number) {}                               // offends
  static make(a: number, b: number, c: number, d: number) {}                       // offends
  handler = (a: number, b: number, c: number, d: number) => {};                    // offends
  private hidden(a: number, b: number, c: number, d: number) {}
  protected kept(a: number, b: number, c: number, d: number) {}
  #secret(a: number, b: number, c: number, d: number) {}
}
class Internal { run(a: number, b: number, c: number, d: number) {} }
`;
const PROBE_OFFENDERS = ['four (4)', 'three (4)', 'later (4)', 'arrow (4)', 'expression (4)', 'Service.run (4)', 'Service.make (4)', 'Service.handler (4)'];

test('exported functions and public methods take at most three positional inputs (else one options object)', { timeout: 120_000 }, () => {
  const files = listFiles('src').filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !isTestCode(f));
  // A project of these files only, parsed without resolving imports or reading the standard library: only the syntax is read.
  const config = `${ROOT}/.architecture-parameters.tsconfig.json`;
  const api = new API({
    cwd: ROOT,
    fs: {
      readFile: (name) =>
        name === config
          ? JSON.stringify({
              compilerOptions: { noResolve: true, noLib: true, types: [], jsx: 'react-jsx' },
              files: [PROBE, ...files.map((f) => `${ROOT}/${f}`)],
            })
          : name === PROBE
            ? PROBE_SOURCE
            : undefined,
      fileExists: (name) => (name === config || name === PROBE ? true : undefined),
    },
  });
  try {
    const project = api.updateSnapshot({ openProjects: [config] }).getProjects()[0];
    if (!project) throw new Error('the TypeScript API opened no project');
    const probe = project.program.getSourceFile(PROBE);
    if (!probe) throw new Error('the probe file was not parsed');
    assert.deepEqual(
      offendersOf('probe', probe),
      PROBE_OFFENDERS.map((o) => `probe: ${o}`),
      'the check misreads its probe file',
    );
    const found: string[] = [];
    for (const file of files) {
      const source = project.program.getSourceFile(`${ROOT}/${file}`);
      if (!source) throw new Error(`not parsed: ${file}`);
      found.push(...offendersOf(file, source));
    }
    // Entries are compared without the count (shown when SHOW_PARAMETERS is set).
    const names = found.map((f) => f.replace(/ \(\d+\)$/, ''));
    if (process.env.SHOW_PARAMETERS) console.log(`${found.length} offenders:\n${found.join('\n')}`);
    assertOnlyKnown({ what: 'functions with more than three positional parameters', found: names, known: KNOWN_MANY_PARAMETERS });
  } finally {
    api.close();
  }
});
