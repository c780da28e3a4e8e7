import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Server, sleep, startServer } from '../../bench/lib.js';
import { loadConfig } from '../../src/config.js';
import { FEATURES } from '../../src/features.js';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { startContext } from '../../src/platform/bootstrap.js';
import type { AppContext } from '../../src/platform/context.js';
import { featureJobs } from '../../src/platform/features/feature.js';
import { CODE_RE, jpegWithGps, validReport } from '../support/reports.js';
import { multipart } from '../support/http.js';
import { createOffice, createUser, freshPostgresDatabase, sessionFor, type TestUser } from '../support/index.js';

/*
 * Several Abri processes on one PostgreSQL database (issue 16 point 4): three real servers on three ports of
 * 127.0.0.1, each with its own data directory (so nothing is shared but the database and the master key, as on three
 * hosts), then WORKERS=3 on one port. Every loop is bounded in count and time; the servers are stopped in `after`.
 */
const SKIP = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set: several processes are tested on PostgreSQL only';
const PHOTO = await jpegWithGps();
const METRICS_TOKEN = 'multi-process-test-metrics-token';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function cookieOf(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('abri_session='));
  return set?.split(';')[0];
}

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

async function post(origin: string, path: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams(body).toString(),
    signal: AbortSignal.timeout(15_000),
  });
}

async function report(origin: string, client: string, n: number, files: Parameters<typeof multipart>[1] = []): Promise<{ status: number; code?: string }> {
  const body = multipart(
    validReport({
      phones: `+216 20 ${String(n).padStart(6, '0')}`,
      description: `Rapport ${n} de plusieurs processus: des ouvriers travaillent sans salaire et on garde leurs papiers.`,
    }),
    files,
  );
  const r = await fetch(`${origin}/fr/report`, {
    method: 'POST',
    body: body.payload,
    headers: { ...body.headers, 'x-forwarded-for': client },
    signal: AbortSignal.timeout(20_000),
  });
  const html = await r.text();
  return { status: r.status, code: CODE_RE.exec(html)?.[1] };
}

/** Job runs this process counted, by job name, from its /metrics. */
async function jobRuns(origin: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(5_000) })).text();
  const runs = new Map<string, number>();
  for (const m of text.matchAll(/^abri_job_runs_total\{job="([^"]+)",result="[^"]+"\} (\d+)/gm))
    runs.set(m[1] as string, (runs.get(m[1] as string) ?? 0) + Number(m[2]));
  return runs;
}

/** The pids whose parent is `pid` (the workers of a cluster primary), from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while being read
    }
  }
  return out;
}

async function waitFor(what: string, timeoutMs: number, test: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

describe('several Abri processes on one PostgreSQL database', { skip: SKIP, timeout: 300_000 }, () => {
  const dirs: string[] = [];
  const servers: Server[] = [];
  let drop: (() => Promise<void>) | undefined;
  let ctx: AppContext;
  let env: Record<string, string>;
  let triage: TestUser;
  let staff: TestUser;
  let startedAt = 0;

  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'abri-multi-'));
    dirs.push(d);
    return d;
  };

  before(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    const masterKey = randomBytes(32).toString('base64');
    // Migrations and the first keys are made once, before any server starts (as the WORKERS primary does).
    const config = loadConfig({}, { dataDir: dir(), databaseUrl: fresh.url, masterKey, logLevel: 'silent', jobs: false, fileStore: 'database' });
    ({ ctx } = await startContext(config));
    const office = await createOffice(ctx);
    triage = await createUser(ctx, { roles: ['triage_operator'], officeId: office });
    staff = await createUser(ctx, { roles: ['case_worker'], officeId: office });
    env = {
      DATABASE_URL: fresh.url,
      ABRI_MASTER_KEY: masterKey,
      FILE_STORE: 'database',
      TRUST_PROXY: '1',
      ABRI_JOBS: 'true',
      METRICS_TOKEN,
      LOG_LEVEL: 'warn',
    };
    // The first one alone (it may compile dist/), then two at once.
    startedAt = Date.now();
    servers.push(await startServer({ ...env, DATA_DIR: dir() }, 120_000));
    servers.push(...(await Promise.all([startServer({ ...env, DATA_DIR: dir() }, 120_000), startServer({ ...env, DATA_DIR: dir() }, 120_000)])));
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await ctx?.database.close();
    await drop?.();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const origin = (i: number) => (servers[i % servers.length] as Server).origin;

  it('runs each job once per period, in one process: the one holding its lease', async () => {
    const jobs = featureJobs(FEATURES);
    let perProcess: Map<string, number>[] = [];
    await waitFor('every job ran', 30_000, async () => {
      perProcess = await Promise.all(servers.map((s) => jobRuns(s.origin)));
      return jobs.every((j) => perProcess.some((runs) => (runs.get(j.name) ?? 0) >= 1));
    });
    const elapsed = Date.now() - startedAt;
    for (const j of jobs) {
      const counts = perProcess.map((runs) => runs.get(j.name) ?? 0);
      assert.equal(counts.filter((n) => n > 0).length, 1, `${j.name} ran in one process only (runs per process: ${counts.join(', ')})`);
      const total = counts.reduce((a, b) => a + b, 0);
      assert.ok(total <= 1 + Math.floor(elapsed / j.everyMs), `${j.name} ran ${total} times in ${elapsed} ms (every ${j.everyMs} ms)`);
    }
  });

  it('keeps a session made on one process on the others (password on one, second factor on another, pages on the third)', async () => {
    const signIn = await post(origin(0), '/staff/sign-in', { email: staff.email, password: staff.password }, { 'x-forwarded-for': '198.51.100.200' });
    assert.equal(signIn.status, 303);
    const first = cookieOf(signIn);
    assert.ok(first);
    const page = await fetch(`${origin(1)}/staff/sign-in/second-factor`, { headers: { cookie: first }, redirect: 'manual' });
    assert.equal(page.status, 200);
    const mfa = await post(
      origin(1),
      '/staff/sign-in/second-factor',
      { _csrf: csrfOf(await page.text()), code: currentTotp(staff.totpSecret) },
      { cookie: first, 'x-forwarded-for': '198.51.100.200' },
    );
    assert.equal(mfa.status, 303);
    const signed = cookieOf(mfa);
    assert.ok(signed);
    const account = await fetch(`${origin(2)}/staff/account`, { headers: { cookie: signed }, redirect: 'manual' });
    assert.equal(account.status, 200, 'the third process knows the session');
    const anonymous = await fetch(`${origin(2)}/staff/account`, { redirect: 'manual' });
    assert.notEqual(anonymous.status, 200);
  });

  it('does not let a client multiply the sign-in lockout by three', async () => {
    const client = { 'x-forwarded-for': '203.0.113.20' };
    for (let i = 0; i < 10; i++) {
      const r = await post(origin(i), '/staff/sign-in', { email: `nobody-${i}@example.org`, password: `guess number ${i}` }, client);
      assert.equal(r.status, 401, `failure ${i + 1} on process ${i % 3}`);
    }
    for (let i = 0; i < 3; i++) {
      const r = await post(origin(i), '/staff/sign-in', { email: staff.email, password: staff.password }, client);
      assert.equal(r.status, 429, `process ${i} makes the client wait after ten failures spread over three processes`);
    }
    const other = await post(origin(0), '/staff/sign-in', { email: staff.email, password: staff.password }, { 'x-forwarded-for': '203.0.113.21' });
    assert.equal(other.status, 303, 'another client is not held up');
  });

  it('does not let a client multiply the report throttle by three (30 an hour, counted atomically)', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 11; round++) {
      statuses.push(...(await Promise.all([0, 1, 2].map(async (i) => (await report(origin(i), '203.0.113.30', round * 3 + i)).status))));
    }
    assert.equal(statuses.filter((s) => s === 200).length, 30, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 3, statuses.join(','));
  });

  it('does not let a client multiply receipt-code guesses by three', async () => {
    const client = { 'x-forwarded-for': '203.0.113.40' };
    for (let i = 0; i < 20; i++) assert.equal((await post(origin(i), '/en/report/follow-up', { code: String(i).padStart(16, '7') }, client)).status, 400);
    assert.equal((await post(origin(1), '/en/report/follow-up', { code: '1234123412341234' }, client)).status, 429);
  });

  it('downloads through one process an attachment uploaded through another (FILE_STORE=database)', async () => {
    const sent = await report(origin(0), '203.0.113.50', 900, [{ name: 'files', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
    assert.equal(sent.status, 200);
    const file = await ctx.db.selectFrom('report_files').select(['id', 'report_id', 'office_id']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const stored = await ctx.db.selectFrom('stored_files').select(['path', 'bytes']).execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.path, `reports/${file.office_id}/${file.id}.enc`);
    assert.ok(!Buffer.from(stored[0]?.bytes as Buffer).includes(Buffer.from([0xff, 0xd8, 0xff])), 'the stored bytes are encrypted');
    const s = await sessionFor(ctx, triage.id);
    for (const i of [1, 2]) {
      const r = await fetch(`${origin(i)}/staff/reports/${file.report_id}/files/${file.id}`, { headers: { cookie: s.cookie } });
      assert.equal(r.status, 200, `process ${i}`);
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(bytes.subarray(0, 3).toString('hex'), 'ffd8ff', 'the photo comes back (cleaned, decrypted)');
    }
  });

  it('loses no acknowledged report when one process is killed (kill -9) under intake load', async () => {
    const victim = servers[2] as Server;
    const codes: string[] = [];
    let cut = 0;
    let n = 0;
    // Killed once a few reports went through (however loaded the machine), then the load goes on for two seconds.
    let stop = Date.now() + 90_000;
    const killer = waitFor('reports acknowledged before the kill', 60_000, () => codes.length >= 6).then(() => {
      process.kill(victim.pid, 'SIGKILL');
      stop = Date.now() + 2_000;
    });
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 300 && Date.now() < stop; i++) {
          const k = ++n;
          try {
            const r = await report(origin(w), `10.${w}.${(k >> 8) & 255}.${k & 255}`, 1000 + k);
            if (r.status === 200 && r.code) codes.push(r.code);
            else cut++;
          } catch {
            cut++;
          }
        }
      }),
    );
    await killer;
    assert.ok(codes.length >= 6, `only ${codes.length} reports acknowledged`);
    let missing = 0;
    for (const [i, code] of codes.entries()) {
      const r = await post(origin(i % 2), '/fr/report/follow-up', { code }, { 'x-forwarded-for': `10.200.${i & 255}.1` });
      await r.text();
      if (r.status !== 200) missing++;
    }
    assert.equal(missing, 0, `${missing} of ${codes.length} acknowledged reports not found (${cut} requests cut)`);
    servers.splice(2, 1);
  });

  describe('WORKERS=3 on one port', () => {
    let cluster: Server;
    before(async () => {
      cluster = await startServer({ ...env, DATA_DIR: dir(), WORKERS: '3', ABRI_JOBS: 'false' }, 120_000);
    });
    after(async () => cluster?.stop());

    it('shares the lockout between its workers, re-forks a killed worker, and stops gracefully on SIGTERM', async () => {
      await waitFor('three workers', 90_000, () => childrenOf(cluster.pid).length === 3);
      const client = { 'x-forwarded-for': '203.0.113.60' };
      for (let i = 0; i < 10; i++)
        assert.equal((await post(cluster.origin, '/staff/sign-in', { email: `nobody-${i}@example.org`, password: `guess number ${i}` }, client)).status, 401);
      for (let i = 0; i < 3; i++)
        assert.equal((await post(cluster.origin, '/staff/sign-in', { email: staff.email, password: staff.password }, client)).status, 429);

      const [first] = childrenOf(cluster.pid);
      process.kill(first as number, 'SIGKILL');
      await waitFor('a new worker', 90_000, () => {
        const now = childrenOf(cluster.pid);
        return now.length === 3 && !now.includes(first as number);
      });
      assert.equal((await fetch(`${cluster.origin}/healthz`)).status, 200);

      const workers = childrenOf(cluster.pid);
      const exited = new Promise<void>((resolve) => {
        const t = setInterval(() => {
          try {
            process.kill(cluster.pid, 0);
          } catch {
            clearInterval(t);
            resolve();
          }
        }, 100);
      });
      await cluster.stop();
      await Promise.race([exited, sleep(15_000)]);
      for (const w of workers) assert.throws(() => process.kill(w, 0), `worker ${w} stopped with the primary`);
    });
  });
});
