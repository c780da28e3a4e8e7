// `npm start`: runs the compiled server (dist/server.js), building it first when dist/ is missing or older than
// src/, so `npm install && npm start` works on a fresh machine and after every update. One process: the server is
// imported here, not spawned.
import { build, isStale } from './build.mjs';

if (isStale()) {
  const r = await build();
  console.log(`compiled ${r.files} files into dist/ in ${r.ms} ms`);
}
await import('../dist/server.js');
