// `npm run build`: bundles src/ into dist/ with esbuild (installed with tsx): the server, the CLI and the PDF worker,
// minified, with the packages they use (native add-ons excepted), and the modules loaded on first use in chunks of
// their own. Fewer, smaller modules than one output file per source file: about 10 MB less resident memory at idle.
// The data files beside the code (JSON, Markdown, fonts) are copied to the same place under dist/, and each source
// file's `import.meta.url` is kept (see ownUrl), so every relative path resolves from dist/ exactly as from src/.
// Type checking stays with `npm run typecheck`. Plain JavaScript: it runs before anything is compiled.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
export const STAMP = join(DIST, '.build-stamp');

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

/**
 * The processes Abri starts: the server, the CLI, and the PDF worker thread (platform/files/pdf-isolated.ts starts it
 * from `./pdf-worker.js` beside itself). Each becomes one output file at the top of dist/; what two of them share, and
 * every module loaded only on first use (`await import(...)`), goes into a chunk beside them.
 */
const ENTRIES = { server: 'server.ts', cli: 'cli.ts', 'pdf-worker': 'platform/files/pdf-worker.ts' };
/** Native add-ons and what loads one: they stay in node_modules, loaded by Node as installed. */
const EXTERNAL = ['better-sqlite3', 'sharp', '@node-rs/argon2', 'pg', 'pg-native'];

/**
 * A package loaded on first use (`await import('pdf-lib')`) stays in node_modules and is imported by Node itself. In a
 * split bundle esbuild turns the dynamic import of a CommonJS package into a chunk that exports only `default`, so
 * `const { PDFDocument } = await import('pdf-lib')` (or @fastify/cookie's own `import('cookie')`) would find nothing
 * where Node, and the tests under tsx, find every named export.
 */
const lazyPackagesStayInstalled = {
  name: 'lazy-packages-stay-installed',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'dynamic-import' && !args.path.startsWith('node:') ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * Bundling puts many source files into one output file, so `import.meta.url` would name the bundle instead of the
 * file. Every output file is at the top of dist/, so each source file's own URL is rebuilt from the bundle's one:
 * `new URL('./fonts/', import.meta.url)` in src/cases/pdf-script.ts still finds dist/cases/fonts/, where the data
 * files beside the code are copied.
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (!args.path.startsWith(SRC)) return undefined;
      const source = await readFile(args.path, 'utf8');
      const loader = args.path.endsWith('x') ? 'tsx' : 'ts';
      if (!source.includes('import.meta.url')) return { contents: source, loader };
      const own = `./${relative(SRC, args.path)
        .split(sep)
        .join('/')
        .replace(/\.tsx?$/, '.js')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader };
    });
  },
};

/** Builds into a fresh folder beside dist/ and swaps it in: a failed build leaves the previous dist/ untouched. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const started = Date.now();
  const next = join(ROOT, `.dist-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const files = walk(SRC);
  try {
    const result = await esbuild({
      entryPoints: Object.entries(ENTRIES).map(([out, file]) => ({ in: join(SRC, file), out })),
      outdir: next,
      bundle: true,
      splitting: true,
      chunkNames: '[name]-[hash]',
      external: EXTERNAL,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: true,
      keepNames: true,
      legalComments: 'none',
      // CommonJS packages in the bundle call require() for Node's built-in modules.
      banner: { js: "import { createRequire as __abriRequire } from 'node:module'; const require = __abriRequire(import.meta.url);" },
      plugins: [ownUrl, lazyPackagesStayInstalled],
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
    });
    // The worker is started from beside pdf-isolated.js, as from src/.
    mkdirSync(join(next, 'platform', 'files'), { recursive: true });
    writeFileSync(join(next, 'platform', 'files', 'pdf-worker.js'), "import '../../pdf-worker.js';\n");
    // Data files beside the code (JSON, Markdown seeds, fonts) keep their place.
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
    const bundled = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules')).length;
    const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
    return { files: bundled, outputs, ms: Date.now() - started };
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `--if-stale` (used by scripts/start.mjs): build only when dist/ is missing or older than src/.
  if (!process.argv.includes('--if-stale') || isStale()) {
    const r = await build();
    console.log(`built ${r.files} files into dist/ (${r.outputs} files) in ${r.ms} ms`);
  }
}
