import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { freePort, ROOT, sleep, startArgs } from '../../bench/lib.js';
import { DIALECTS, freshPostgresDatabase } from '../helper.js';

const STAMP = join(ROOT, 'dist', '.build-stamp');

describe('npm run build', () => {
  it('bundles src/ into dist/ (the server, the CLI, the PDF worker) with the data files beside the code, and npm start runs that', () => {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /built \d+ files into dist\//);
    for (const f of [
      'server.js',
      'cli.js',
      'pdf-worker.js',
      'platform/files/pdf-worker.js',
      'cases/fonts',
      'data/ilo-indicators.json',
      'data/reintegration-survey.json',
      'data/countries.json',
      'selfcheck/selfcheck.data.json',
      'reports/priority-rules.json',
    ])
      assert.ok(existsSync(join(ROOT, 'dist', f)), f);
    assert.ok(!existsSync(join(ROOT, 'dist', 'platform', 'auth', 'auth.test.js')), 'tests are not compiled');
    assert.ok(!existsSync(join(ROOT, 'dist', 'app.js')), 'one bundle, not one file per source file');
    // A package loaded on first use is imported by Node from node_modules, with every named export: bundled, a
    // CommonJS one (pdf-lib, mailparser, cookie inside @fastify/cookie) would export only `default`.
    const bundle = readdirSync(join(ROOT, 'dist'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(ROOT, 'dist', f), 'utf8'))
      .join('\n');
    for (const pkg of ['pdf-lib', 'mailparser', 'nodemailer', 'exceljs', 'qrcode', 'smtp-server', 'cookie'])
      assert.ok(bundle.includes(`import("${pkg}")`), `${pkg} is imported from node_modules on first use`);
    assert.deepEqual(
      startArgs().filter((a) => a.includes('tsx')),
      [],
      'npm start does not load tsx',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`compiled start (${dialect})`, () => {
    before(() => {
      // An old build: npm start must notice that src/ is newer, and build again before starting.
      if (existsSync(STAMP)) utimesSync(STAMP, new Date('2001-01-01'), new Date('2001-01-01'));
    });

    it('builds when dist/ is stale, starts on a free port against an empty data directory, and /readyz answers 200', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'abri-compiled-'));
      const port = await freePort();
      const pgDb = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
      const child = spawn(process.execPath, startArgs(), {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATA_DIR: dataDir,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          ABRI_JOBS: 'false',
          ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      try {
        const origin = `http://127.0.0.1:${port}`;
        let ready: Response | undefined;
        const deadline = Date.now() + 90_000;
        while (Date.now() < deadline && child.exitCode === null) {
          try {
            ready = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(2000) });
            break;
          } catch {
            await sleep(50);
          }
        }
        assert.ok(ready, `no answer from the compiled server: ${err}`);
        assert.equal(ready.status, 200);
        assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok', files: 'ok', migrations: 'ok' } });
        assert.ok(statSync(STAMP).mtime.getFullYear() > 2001, 'dist/ was rebuilt');
        const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
        assert.ok(!cmdline.includes('tsx'), cmdline);
        // Relative paths hold from dist/: locales (pages in two languages), public/ (assets), data beside the code.
        for (const path of ['/en/', '/ar/', '/staff/sign-in', '/assets/abri.css', '/en/self-check', '/metrics']) {
          const r = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(10_000) });
          assert.equal(r.status, 200, path);
          await r.arrayBuffer();
        }
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null) child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
        if (pgDb) await pgDb.drop();
      }
    });
  });
}
