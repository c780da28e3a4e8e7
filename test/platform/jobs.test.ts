import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { FEATURES } from '../../src/features.js';
import { featureJobs } from '../../src/platform/features/feature.js';
import { jobStatuses } from '../../src/platform/jobs/job-status.js';
import { type Job, runJobOnce } from '../../src/platform/jobs/scheduler.js';
import { createTestEnv, createUser, DIALECTS, sessionFor, type TestEnv } from '../support/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function abri(args: string[], env: TestEnv): Promise<{ code: number; out: string; err: string }> {
  const vars: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: env.config.dataDir, LOG_LEVEL: 'silent' };
  if (env.config.databaseUrl) vars.DATABASE_URL = env.config.databaseUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: vars, stdio: ['ignore', 'pipe', 'pipe'] });
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
  describe(`jobs you can see and run (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => env.close());

    it('abri jobs lists every job with its schedule; abri jobs run NAME runs one and the list then shows its run', async () => {
      const list = await abri(['jobs'], env);
      assert.equal(list.code, 0, list.err);
      for (const job of featureJobs(FEATURES)) assert.match(list.out, new RegExp(`^${job.name.replace('.', '\\.')}\\s+every .*never`, 'm'), job.name);

      const run = await abri(['jobs', 'run', 'reports.retention'], env);
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /^reports\.retention: purged 0 reports, 0 files$/m);
      const after = await abri(['jobs'], env);
      assert.match(after.out, /^reports\.retention\s+every 1 d\s+\d{4}-\d\d-\d\dT[^ ]+\s+purged 0 reports, 0 files\s+\d{4}-/m);

      const unknown = await abri(['jobs', 'run', 'no-such-job'], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /no job named no-such-job; jobs: .*reports\.retention/);
    });

    it('a failed job is shown as failed, with its next run on its schedule', async () => {
      const failing: Job = {
        name: 'test.failing',
        everyMs: 3_600_000,
        run: async () => {
          throw new Error('boom');
        },
      };
      assert.equal(await runJobOnce(env.ctx, failing), 'failed');
      const [status] = await jobStatuses(env.ctx.db, [failing]);
      assert.ok(status?.failed);
      assert.ok(status?.lastRunAt && status.nextRunAt);
      assert.equal(Date.parse(status.nextRunAt) - Date.parse(status.lastRunAt), 3_600_000);

      const app = await buildApp({ ctx: env.ctx, features: [...FEATURES, { name: 'test', jobs: [failing] }] });
      try {
        const admin = await createUser(env.ctx, { roles: ['administrator'] });
        const s = await sessionFor(env.ctx, admin.id);
        const page = await app.inject({ method: 'GET', url: '/staff/admin/jobs', headers: { cookie: s.cookie } });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /test\.failing/);
        assert.match(page.body, /Failed — see the server log/);
        for (const job of featureJobs(FEATURES)) assert.ok(page.body.includes(job.name), job.name);
        const worker = await createUser(env.ctx, { roles: ['case_worker'], officeId: null });
        const other = await sessionFor(env.ctx, worker.id);
        assert.equal((await app.inject({ method: 'GET', url: '/staff/admin/jobs', headers: { cookie: other.cookie } })).statusCode, 403);
      } finally {
        await app.close();
      }
    });
  });
}
