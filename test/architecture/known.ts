import assert from 'node:assert/strict';

/**
 * Checks found offenders against a KNOWN list that may only shrink: a new offender fails (fix it, do not add it),
 * and so does an entry that no longer offends (delete it from the list, so it cannot come back unnoticed).
 */
export function assertOnlyKnown(opts: { what: string; found: Iterable<string>; known: readonly string[] }): void {
  const found = new Set(opts.found);
  const known = new Set(opts.known);
  const fresh = [...found].filter((f) => !known.has(f)).sort();
  const fixed = [...known].filter((k) => !found.has(k)).sort();
  assert.deepEqual(fresh, [], `new ${opts.what} (fix them; the KNOWN list only shrinks):\n  ${fresh.join('\n  ')}`);
  assert.deepEqual(fixed, [], `no longer ${opts.what}: delete these from the KNOWN list:\n  ${fixed.join('\n  ')}`);
}
