// Preloaded in the copy of the repository: records every file Abri opens outside the copy, its node_modules and
// its data directory, so a test can prove nothing beside the repository is read at run time.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const allowed = (process.env.ABRI_ALLOWED_ROOTS ?? '').split(':').filter(Boolean);
const outside = new Set();
const watch = (p) => {
  if (typeof p !== 'string' && !(p instanceof URL)) return;
  const path = p instanceof URL ? p.pathname : resolve(p);
  if (!path.startsWith('/work/')) return;
  if (allowed.some((root) => path === root || path.startsWith(`${root}/`))) return;
  outside.add(path);
};
for (const name of ['readFileSync', 'existsSync', 'openSync', 'readdirSync', 'statSync']) {
  const original = fs[name];
  fs[name] = function (p, ...rest) {
    watch(p);
    return original.call(this, p, ...rest);
  };
}
const readFile = fs.promises.readFile;
fs.promises.readFile = function (p, ...rest) {
  watch(p);
  return readFile.call(this, p, ...rest);
};
syncBuiltinESMExports();
globalThis.__abriOutsideReads = outside;
