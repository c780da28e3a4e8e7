import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, readEnvironment, SETTINGS } from '../../src/config.js';

describe('configuration', () => {
  it('has defaults for every setting', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dataDir, resolve('./data'));
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demo, false);
    assert.equal(c.masterKey, undefined);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.equal(c.secureCookies, false);
    assert.equal(c.trustProxy, false);
    assert.equal(c.logLevel, 'info');
    assert.equal(c.sessionIdleMinutes, 30);
    assert.equal(c.sessionAbsoluteHours, 12);
    assert.equal(c.jobs, true);
    assert.equal(c.maxUploadMb, 10);
  });

  it('is frozen', () => {
    const c = loadConfig({});
    assert.ok(Object.isFrozen(c));
    assert.throws(() => {
      (c as { port: number }).port = 1;
    }, TypeError);
  });

  it('lists every problem at once, not only the first', () => {
    const bad = {
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
      ABRI_MASTER_KEY: 'c2hvcnQ=',
      LOG_LEVEL: 'loud',
      QUICK_EXIT_URL: 'javascript:alert(1)',
      PUBLIC_URL: 'ftp://example.org',
      ABRI_DEMO: 'perhaps',
      SECURE_COOKIES: 'maybe',
      SESSION_IDLE_MINUTES: '0',
      SESSION_ABSOLUTE_HOURS: 'twelve',
      MAX_UPLOAD_MB: '1.5',
    };
    let error: unknown;
    try {
      loadConfig(bad);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    const names = ['PORT', 'DATABASE_URL', 'ABRI_MASTER_KEY', 'LOG_LEVEL', 'QUICK_EXIT_URL', 'PUBLIC_URL', 'ABRI_DEMO', 'SECURE_COOKIES', 'SESSION_IDLE_MINUTES', 'SESSION_ABSOLUTE_HOURS', 'MAX_UPLOAD_MB'];
    for (const name of names) assert.ok(error.problems.some((p) => p.startsWith(name)), `no problem reported for ${name}: ${error.problems.join(' | ')}`);
    assert.equal(error.problems.length, names.length);
    assert.match(error.message, /Invalid configuration/);
  });

  it('reads booleans, numbers and URLs', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const c = loadConfig({ PORT: '8080', ABRI_DEMO: 'yes', SECURE_COOKIES: '1', DATABASE_URL: 'postgresql://a@b/c', ABRI_MASTER_KEY: key, PUBLIC_URL: 'https://abri.example.org///', ABRI_JOBS: 'off' });
    assert.equal(c.port, 8080);
    assert.equal(c.demo, true);
    assert.equal(c.secureCookies, true);
    assert.equal(c.databaseUrl, 'postgresql://a@b/c');
    assert.equal(c.masterKey, key);
    assert.equal(c.publicUrl, 'https://abri.example.org');
    assert.equal(c.jobs, false);
  });

  it('reads .env under the real environment, which wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'abri-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'PORT=4100\nABRI_TEST_ONLY_SETTING=from-file\n');
      const env = readEnvironment(dir);
      assert.equal(env.ABRI_TEST_ONLY_SETTING, 'from-file');
      process.env.ABRI_TEST_ONLY_SETTING = 'from-env';
      assert.equal(readEnvironment(dir).ABRI_TEST_ONLY_SETTING, 'from-env');
    } finally {
      delete process.env.ABRI_TEST_ONLY_SETTING;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every setting in the README table', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const s of SETTINGS) assert.ok(readme.includes(s.name), `README lacks ${s.name}`);
  });
});
