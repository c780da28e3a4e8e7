import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, ROOT, startArgs } from '../../bench/lib.js';
import { DIALECTS, freshPostgresDatabase } from '../support/index.js';

for (const dialect of DIALECTS) {
  describe(`npm start on an empty data directory (${dialect})`, () => {
    it('creates the data directory and key, migrates, prints a one-time setup link that works, and shuts down cleanly', async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'abri-start-')), 'data');
      const port = await freePort();
      const pgDb = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
      const child = spawn(process.execPath, startArgs(), {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', ABRI_JOBS: 'false', ...(pgDb ? { DATABASE_URL: pgDb.url } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        const link = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no setup link printed within 60 s: ${out}`)), 60_000);
          const check = () => {
            const m = /(http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{40,})/.exec(out);
            if (m?.[1]) {
              clearTimeout(timer);
              resolve(m[1]);
            }
          };
          child.stdout.on('data', check);
          child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
        });
        assert.match(out, /within 24 hours/);
        assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
        assert.equal(statSync(dataDir).mode & 0o777, 0o700);
        if (dialect === 'sqlite') assert.ok(existsSync(join(dataDir, 'abri.db')));
        const page = await fetch(link, { signal: AbortSignal.timeout(10_000) });
        assert.equal(page.status, 200);
        assert.match(await page.text(), /name="displayName"/);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(10_000) });
        assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok', files: 'ok', migrations: 'ok' } });
        const code = await new Promise<number | null>((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
        assert.equal(code, 0, 'graceful shutdown exits 0');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(join(dataDir, '..'), { recursive: true, force: true });
        if (pgDb) await pgDb.drop();
      }
    });
  });
}
