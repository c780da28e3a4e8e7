// `npm run build`: compiles src/ to dist/ with esbuild (installed with tsx), one output file per source file, so
// every relative path (locales/, public/, the JSON and Markdown data beside the code) resolves from dist/ exactly
// as from src/. Type checking stays with `npm run typecheck`. Plain JavaScript: it runs before anything is compiled.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
export const STAMP = join(DIST, '.build-stamp');

const SKIP = /\.(test|bench)\.tsx?$/;

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Newest change under src/ (files and folders, so a deleted file counts too), and package.json. */
export function newestSource() {
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs;
  const visit = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(SRC);
  return newest;
}

/** dist/ is missing, or older than something in src/. */
export function isStale() {
  try {
    return statSync(STAMP).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

/** Builds into a fresh folder beside dist/ and swaps it in: a failed build leaves the previous dist/ untouched. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const started = Date.now();
  const next = join(ROOT, `.dist-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const files = walk(SRC);
  const code = files.filter((f) => /\.tsx?$/.test(f) && !SKIP.test(f) && !f.endsWith('.d.ts'));
  try {
    await esbuild({
      entryPoints: code,
      outdir: next,
      outbase: SRC,
      bundle: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    // Data files beside the code (JSON, Markdown seeds) keep their place.
    for (const f of files.filter((f) => !/\.tsx?$/.test(f))) {
      const target = join(next, relative(SRC, f));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(f, target);
    }
    writeFileSync(join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
    rmSync(DIST, { recursive: true, force: true });
    try {
      renameSync(next, DIST);
    } catch (e) {
      // Two starts building at once: the other one's dist/ is as fresh as this one.
      if (isStale()) throw e;
    }
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
  return { files: code.length, ms: Date.now() - started };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await build();
  console.log(`built ${r.files} files into dist/ in ${r.ms} ms`);
}
