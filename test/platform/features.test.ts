import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FEATURES } from '../../src/features.js';
import { featureCaseTabs, featureCommands, featureJobs, featureNav } from '../../src/platform/features/feature.js';
import { validReport } from '../support/reports.js';
import { multipart } from '../support/http.js';
import { createOffice, createTestEnv, DIALECTS, type TestEnv } from '../support/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `abri <args>` as an operator would, as its own process, on the given data directory and database. */
function abri(args: string[], env: TestEnv): Promise<{ code: number; out: string; err: string }> {
  const vars: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: env.config.dataDir, LOG_LEVEL: 'warn' };
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

describe('feature manifests', () => {
  it('declare every job, command, case tab and navigation entry once', () => {
    const jobs = featureJobs(FEATURES).map((j) => j.name);
    for (const name of ['reports.retention', 'plan-reminders', 'dashboard-counts', 'solutions.late-reintegration-plans']) assert.ok(jobs.includes(name), name);
    assert.equal(new Set(jobs).size, jobs.length);
    const commands = featureCommands(FEATURES).map((c) => c.name);
    assert.deepEqual([...commands].sort(), ['anchor-audit', 'export-ctdc', 'import-ctdc', 'ingest-email', 'reindex-names', 'smtp-listen']);
    const tabs = featureCaseTabs(FEATURES).map((t) => t.order);
    assert.deepEqual(tabs, [...tabs].sort((a, b) => a - b), 'case tabs in order');
    assert.ok(featureCaseTabs(FEATURES).some((t) => t.slug === 'plan') && featureCaseTabs(FEATURES).some((t) => t.slug === 'solution'));
    assert.equal(featureNav(FEATURES)[0]?.href, '/staff', 'the staff home comes first');
  });

  it('refuse two features that declare the same job', () => {
    const job = { name: 'twice', everyMs: 1000, run: async () => '' };
    assert.throws(() => featureJobs([{ name: 'a', jobs: [job] }, { name: 'b', jobs: [job] }]), /twice/);
  });
});

for (const dialect of DIALECTS) {
  describe(`the command line and the server assemble the same Abri (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
      await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    it('abri purge runs every job the server schedules, and removes a report closed long ago', async () => {
      const body = multipart(validReport());
      const res = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: body.headers });
      assert.equal(res.statusCode, 200);
      const report = await env.ctx.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
      const longAgo = new Date(Date.now() - (env.config.reportRetentionDays + 1) * 86_400_000).toISOString();
      await env.ctx.db.updateTable('reports').set({ state: 'closed', closed_at: longAgo }).where('id', '=', report.id).execute();

      const run = await abri(['purge'], env);
      assert.equal(run.code, 0, run.err);
      const ran = run.out
        .split('\n')
        .filter((l) => l.includes(': '))
        .map((l) => l.slice(0, l.indexOf(': ')));
      assert.deepEqual(ran, featureJobs(FEATURES).map((j) => j.name), 'the same jobs, in the same order');
      assert.match(run.out, /reports\.retention: purged 1 reports/);
      assert.equal(await env.ctx.db.selectFrom('reports').select('id').where('id', '=', report.id).executeTakeFirst(), undefined);
    });

    it('the app registers every case tab and navigation entry of the manifests', () => {
      assert.deepEqual(env.app.caseTabs, featureCaseTabs(FEATURES));
      assert.deepEqual(env.app.staffNav, featureNav(FEATURES));
    });
  });
}
