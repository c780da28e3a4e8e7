// `npm start`: runs the compiled server (dist/server.js), building it first when dist/ is missing or older than
// src/, so `npm install && npm start` works on a fresh machine and after every update. The check and the build run
// in a short-lived child process, so the server's own process never walks src/ nor loads esbuild (about 3 MB of
// idle memory); the server itself is imported here, not spawned.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const built = spawnSync(process.execPath, [fileURLToPath(new URL('./build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) {
  console.error('the build of dist/ failed: see the messages above');
  process.exit(built.status ?? 1);
}
await import('../dist/server.js');
