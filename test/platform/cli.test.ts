import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DIALECTS, freshPostgresDatabase } from '../support/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `npm run abri -- <args>` the way an operator would (tsx src/cli.ts), with its own environment. */
function abri(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`command line (${dialect})`, () => {
    let dataDir: string;
    let env: Record<string, string>;
    let drop: (() => Promise<void>) | undefined;
    let databaseUrl: string | undefined;
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'abri-cli-'));
      env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
      if (dialect === 'postgres') {
        const fresh = await freshPostgresDatabase();
        databaseUrl = fresh.url;
        drop = fresh.drop;
        env.DATABASE_URL = fresh.url;
      }
    });
    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (drop) await drop();
    });

    /** Runs a query on whichever database this suite uses. */
    async function query(sql: string): Promise<void> {
      if (databaseUrl) {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        await c.query(sql);
        await c.end();
        return;
      }
      const db = new Database(join(dataDir, 'abri.db'));
      db.exec(sql);
      db.close();
    }

    it('migrates an empty data directory, creating it and the key file (0600)', async () => {
      const r = await abri(['migrate'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /applied \d+ migrations/);
      assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
      const again = await abri(['migrate'], env);
      assert.equal(again.code, 0);
      assert.match(again.out, /up to date/);
    });

    it('creates an administrator and prints a one-time link', async () => {
      const bad = await abri(['create-admin', '--email', 'not-an-email', '--name', 'X'], env);
      assert.equal(bad.code, 1);
      const r = await abri(['create-admin', '--email', 'Admin@Example.org', '--name', 'Admin Person'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /http:\/\/localhost:3000\/staff\/set-password\/[A-Za-z0-9_-]{40,}/);
      const dup = await abri(['create-admin', '--email', 'admin@example.org', '--name', 'Again'], env);
      assert.equal(dup.code, 1);
      assert.match(dup.err, /already exists/);
    });

    it('refuses seed-demo unless demo mode is asked for, then seeds a demo world', async () => {
      const refused = await abri(['seed-demo'], env);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /ABRI_DEMO=true/);
      const r = await abri(['seed-demo'], { ...env, ABRI_DEMO: 'true' });
      assert.equal(r.code, 0, r.err);
      const twice = await abri(['seed-demo'], { ...env, ABRI_DEMO: 'true' });
      assert.equal(twice.code, 0, `seed-demo is safe to run twice: ${twice.err}`);
    });

    it('verifies the audit chains, and reports the first broken link with exit 1', async () => {
      const ok = await abri(['verify-audit'], env);
      assert.equal(ok.code, 0, ok.err + ok.out);
      assert.match(ok.out, /audit chains intact/);
      await query("UPDATE audit_events SET data = '{\"forged\":true}' WHERE seq = 1 AND chain = 'global'");
      const broken = await abri(['verify-audit'], env);
      assert.equal(broken.code, 1);
      assert.match(broken.out, /BROKEN audit_events chain=global seq=1 id=\S+: row content changed/);
    });

    it('rotates keys without losing access to existing data', async () => {
      const r = await abri(['rotate-keys'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /new master key [0-9a-f]{12}; \d+ data keys re-wrapped/);
      assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
      // The app still starts and reads what it wrote before (the demo users' TOTP secrets are encrypted).
      const after = await abri(['migrate'], env);
      assert.equal(after.code, 0, after.err);
    });

    it('answers help, an unknown command and a bad configuration', async () => {
      const help = await abri(['help'], env);
      assert.equal(help.code, 0);
      assert.match(help.out, /verify-audit/);
      const none = await abri([], env);
      assert.equal(none.code, 1);
      const unknown = await abri(['frobnicate'], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /unknown command/);
      const bad = await abri(['migrate'], { ...env, PORT: 'eighty', LOG_LEVEL: 'chatty' });
      assert.equal(bad.code, 1);
      assert.match(bad.err, /PORT must be/);
      assert.match(bad.err, /LOG_LEVEL must be/);
    });

    it('backs up (FILE or --out), verifies, and restores only into an empty data directory unless --force', async () => {
      const file = join(dataDir, 'out', 'b.abribk');
      const b = await abri(['backup', '--out', file], env);
      assert.equal(b.code, 0, b.err);
      assert.ok(existsSync(file));
      assert.match(b.out, /sha256 [0-9a-f]{64}/);
      const v = await abri(['backup', 'verify', file], env);
      assert.equal(v.code, 0, v.err);
      assert.match(v.out, /intact/);
      const refused = await abri(['restore', '--in', file], env);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /--force/);
      const r = await abri(['restore', file, '--force'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /integrity check passed/);
      if (dialect === 'sqlite') {
        assert.ok(!existsSync(join(dataDir, 'abri.db-wal')) && !existsSync(join(dataDir, 'abri.db-shm')), 'no -wal or -shm left');
      }
      // A positional FILE; without one, into DATA_DIR/backups, which does not exist yet.
      const positional = await abri(['backup', join(dataDir, 'out', 'c.abribk')], env);
      assert.equal(positional.code, 0, positional.err);
      const byDefault = await abri(['backup'], env);
      assert.equal(byDefault.code, 0, byDefault.err);
      assert.match(byDefault.out, /backups\/abri-[0-9TZ-]+\.abribk/);
      const missing = await abri(['restore'], env);
      assert.equal(missing.code, 1);
    });

    if (dialect === 'postgres') {
      it('says clearly that pg_dump is needed when it is not on PATH', async () => {
        const b = await abri(['backup', '--out', join(dataDir, 'x.abribk')], { ...env, PATH: '/nonexistent' });
        assert.equal(b.code, 1);
        assert.match(b.err, /pg_dump was not found on PATH/);
      });
    }
  });
}
