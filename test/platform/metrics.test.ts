import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runJobOnce } from '../../src/platform/jobs/scheduler.js';
import { validReport } from '../support/reports.js';
import { multipart } from '../support/http.js';
import { createOffice, createTestEnv, createUser, DIALECTS, type TestEnv } from '../helper.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a HELP, a TYPE or a sample; every sample
 * belongs to a family declared by TYPE before it; names, label syntax, escapes and values are checked; histogram
 * buckets are cumulative and end with +Inf equal to _count. Throws at the first deviation.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${i + 1}: ${line}`;
    if (line.startsWith('# HELP ')) {
      assert.match(line.split(' ')[2] ?? '', NAME, where);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, , name = '', type = ''] = line.split(' ');
      assert.match(name, NAME, where);
      assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type), where);
      assert.ok(!types.has(name), `${where}: family declared twice`);
      types.set(name, type);
      continue;
    }
    // The format allows empty lines (prom-client puts one between families) and ignores other comments.
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    assert.ok(m, `${where}: not a sample`);
    const [, name = '', rawLabels, rawValue = ''] = m;
    const labels: Record<string, string> = {};
    if (rawLabels) {
      const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/y;
      let pos = 0;
      while (pos < rawLabels.length) {
        LABEL.lastIndex = pos;
        const l = LABEL.exec(rawLabels);
        assert.ok(l?.[1] !== undefined && l[2] !== undefined, `${where}: bad label at ${pos}`);
        assert.ok(!(l[1] in labels), `${where}: label repeated`);
        labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        pos = LABEL.lastIndex;
      }
    }
    // Prometheus reads values with Go's ParseFloat: NaN and Inf in any case (prom-client writes "Nan").
    const lower = rawValue.toLowerCase();
    const isNan = lower === 'nan';
    const value = ['+inf', 'inf'].includes(lower) ? Number.POSITIVE_INFINITY : lower === '-inf' ? Number.NEGATIVE_INFINITY : isNan ? Number.NaN : Number(rawValue);
    assert.ok(isNan || (!Number.isNaN(value) && /^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+|inf)$/i.test(rawValue)), `${where}: bad value`);
    const family = [...types.keys()].find((f) => name === f || (['histogram', 'summary'].includes(types.get(f) ?? '') && [`${f}_bucket`, `${f}_sum`, `${f}_count`].includes(name)));
    assert.ok(family, `${where}: sample of an undeclared family`);
    samples.push({ name, labels, value });
  }
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...rest } = s.labels;
      assert.ok(le !== undefined, `${family}: bucket without le`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const les = buckets.map((b) => (b.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels.le)));
      assert.deepEqual(les, [...les].sort((a, b) => a - b), `${family} ${key}: buckets in order`);
      assert.equal(les.at(-1), Number.POSITIVE_INFINITY, `${family} ${key}: ends with +Inf`);
      for (let i = 1; i < buckets.length; i++) assert.ok((buckets[i]?.value ?? 0) >= (buckets[i - 1]?.value ?? 0), `${family} ${key}: cumulative`);
      const count = samples.find((x) => x.name === `${family}_count` && JSON.stringify(x.labels) === key);
      assert.equal(count?.value, buckets.at(-1)?.value, `${family} ${key}: +Inf equals _count`);
    }
  }
  return { types, samples };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

for (const dialect of DIALECTS) {
  describe(`Prometheus metrics (${dialect})`, () => {
    let env: TestEnv;
    let reportId: string;
    const scrape = async () => {
      const r = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return parsePrometheus(r.body);
    };
    before(async () => {
      env = await createTestEnv(dialect, { metricsToken: TOKEN });
      await createOffice(env.ctx, 'TN', 'TN');
    });
    after(async () => env.close());

    it('refuses a missing or wrong token, even from this host, and accepts the right one', async () => {
      const none = await env.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      assert.doesNotMatch(none.body, /process_|abri_/);
      for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, 'Bearer ']) {
        const r = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization } });
        assert.equal(r.statusCode, 401, authorization);
      }
      await scrape();
    });

    it('without a token, answers this host only, and not what a proxy on this host forwards', async () => {
      const open = await createTestEnv(dialect);
      try {
        assert.equal((await open.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
        assert.equal((await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode, 403);
        assert.equal((await open.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode, 403);
      } finally {
        await open.close();
      }
    });

    it('counts reports by channel, the triage queue and its oldest report, sign-in failures, jobs, HTTP by route pattern', async () => {
      const before = (await scrape()).samples;
      const body = multipart(validReport());
      const sent = await env.app.inject({ method: 'POST', url: '/en/report', payload: body.payload, headers: body.headers });
      assert.equal(sent.statusCode, 200);
      reportId = (await env.ctx.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
      const user = await createUser(env.ctx, { roles: ['triage_operator'], email: 'someone.private@example.org' });
      const failed = await env.app.inject({ method: 'POST', url: '/staff/sign-in', payload: { email: user.email, password: 'wrong password here' } });
      assert.equal(failed.statusCode, 401);
      await runJobOnce(env.ctx, { name: 'metrics-probe', everyMs: 60_000, run: async () => Promise.reject(new Error('boom')) });
      // A URL carrying an id and an email: neither may appear in any label.
      await env.app.inject({ method: 'GET', url: `/staff/reports/${reportId}?email=someone.private%40example.org` });
      await env.app.inject({ method: 'GET', url: `/no-such-page/${reportId}` });

      const { types, samples } = await scrape();
      for (const family of ['process_cpu_seconds_total', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'abri_http_request_duration_seconds', 'abri_db_pool_connections']) assert.ok(types.has(family), family);
      assert.equal(value(samples, 'abri_reports_received_total', { channel: 'web' }) - value(before, 'abri_reports_received_total', { channel: 'web' }), 1);
      assert.equal(value(samples, 'abri_triage_queue_reports', { state: 'new' }), 1);
      const age = value(samples, 'abri_triage_oldest_untriaged_age_seconds');
      assert.ok(age >= 0 && age < 120, `oldest untriaged report age ${age}`);
      assert.equal(value(samples, 'abri_sign_in_failures_total', { step: 'password', reason: 'invalid' }) - value(before, 'abri_sign_in_failures_total', { step: 'password', reason: 'invalid' }), 1);
      assert.equal(value(samples, 'abri_job_runs_total', { job: 'metrics-probe', result: 'failed' }) - value(before, 'abri_job_runs_total', { job: 'metrics-probe', result: 'failed' }), 1);
      assert.equal(value(samples, 'abri_job_failures_total', { job: 'metrics-probe' }) - value(before, 'abri_job_failures_total', { job: 'metrics-probe' }), 1);
      assert.ok(value(samples, 'abri_http_request_duration_seconds_count', { route: '/staff/reports/:id', method: 'GET' }) >= 1, 'the route pattern is the label');
      assert.ok(value(samples, 'abri_http_request_duration_seconds_count', { route: '/en/report', method: 'POST', status_code: '200' }) >= 1);
      assert.ok(value(samples, 'abri_http_request_duration_seconds_count', { route: 'unmatched' }) >= 1);
      assert.ok(value(samples, 'abri_db_pool_connections', { state: 'total' }) >= 1);

      const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
      for (const s of samples) {
        for (const [k, v] of Object.entries(s.labels)) {
          const where = `${s.name}{${k}="${v}"}`;
          assert.doesNotMatch(v, ID, `${where}: an id`);
          assert.doesNotMatch(v, /@|%40/, `${where}: an email`);
          assert.doesNotMatch(v, /\?|no-such-page|example\.org/, `${where}: a raw URL`);
          assert.doesNotMatch(v, /\b\d{1,3}(\.\d{1,3}){3}\b/, `${where}: an address`);
          if (k === 'route') assert.ok(v === 'unmatched' || v.startsWith('/'), `${where}: a route pattern`);
        }
      }
    });
  });
}
