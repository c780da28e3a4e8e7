/**
 * 20 concurrent sign-ins (password, then TOTP) against a real server on 127.0.0.1, in rounds: median and p99,
 * each also as a ratio to a baseline measured in the same run with the same concurrency (/healthz, and the
 * sign-in page itself). Bounded in requests (rounds × concurrency) and in time (a deadline and per-request timeouts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { currentTotp } from '../src/platform/auth/totp.js';
import { startContext } from '../src/platform/bootstrap.js';
import { createLogger } from '../src/platform/logger.js';
import { createUser, type TestUser } from '../test/helper.js';
import { median, percentile, rssMb, startServer } from './lib.js';

export interface Latency {
  samples: number;
  medianMs: number;
  p99Ms: number;
}

export interface SignInResult {
  concurrency: number;
  rounds: number;
  failures: number;
  /** Password step, second-factor page and code: the whole sign-in a person does. */
  signIn: Latency;
  /** The password step alone (argon2id verification dominates). */
  passwordStep: Latency;
  healthz: Latency;
  signInPage: Latency;
  ratioToHealthz: { median: number; p99: number };
  ratioToSignInPage: { median: number; p99: number };
  signInsPerSecond: number;
  rssAfterMb: number;
}

const REQUEST_TIMEOUT_MS = 15_000;

function latency(values: number[]): Latency {
  return { samples: values.length, medianMs: median(values), p99Ms: percentile(values, 99) };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await work();
  return [performance.now() - t0, r];
}

/** One person's sign-in, from their own (forwarded) address so the per-address limits treat them as separate people. */
async function signIn(origin: string, user: TestUser, address: string): Promise<{ total: number; password: number }> {
  const headers = { 'x-forwarded-for': address };
  const t0 = performance.now();
  const r1 = await fetch(`${origin}/staff/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: user.email, password: user.password }).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await r1.arrayBuffer();
  const passwordMs = performance.now() - t0;
  const cookie = r1.headers.getSetCookie().find((c) => c.startsWith('abri_session='))?.split(';')[0];
  if (r1.status !== 303 || !cookie) throw new Error(`password step: ${r1.status}`);
  const page = await fetch(`${origin}/staff/sign-in/second-factor`, { headers: { ...headers, cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`second-factor page: ${page.status}`);
  const r2 = await fetch(`${origin}/staff/sign-in/second-factor`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, code: currentTotp(user.totpSecret), next: '/staff' }).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await r2.arrayBuffer();
  if (r2.status !== 303) throw new Error(`code step: ${r2.status}`);
  return { total: performance.now() - t0, password: passwordMs };
}

/** `concurrency` loops, each sending `perLoop` GETs one after another; every request's latency. */
async function baseline(origin: string, path: string, concurrency: number, perLoop: number, deadline: number): Promise<number[]> {
  const out: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      for (let n = 0; n < perLoop && performance.now() < deadline; n++) {
        const [ms, res] = await timed(() => fetch(`${origin}${path}`, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));
        await res.arrayBuffer();
        if (res.status === 200) out.push(ms);
      }
    }),
  );
  return out;
}

export async function benchSignIn(opts: { concurrency: number; rounds: number; timeLimitMs: number }): Promise<SignInResult> {
  const { concurrency, rounds } = opts;
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-signin-'));
  try {
    // One user per sign-in: a TOTP code works once, so each person signs in once.
    const config = loadConfig({ DATA_DIR: dataDir });
    const { ctx } = await startContext(config, { log: createLogger('warn') });
    const users: TestUser[] = [];
    for (let i = 0; i < concurrency * rounds; i++) users.push(await createUser(ctx, { roles: ['case_worker'], email: `bench-${i}@example.org` }));
    await ctx.database.close();

    // TRUST_PROXY: the bench is a proxy for many people, each with their own address (X-Forwarded-For).
    const server = await startServer({ DATA_DIR: dataDir, TRUST_PROXY: 'true', ABRI_JOBS: 'false' });
    const deadline = performance.now() + opts.timeLimitMs;
    try {
      // Warm-up (not measured): the first argon2 verification and the first render of each page.
      await (await fetch(`${server.origin}/staff/sign-in`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).arrayBuffer();

      const healthz = await baseline(server.origin, '/healthz', concurrency, rounds * 3, deadline);
      const signInPage = await baseline(server.origin, '/staff/sign-in', concurrency, rounds * 3, deadline);

      const totals: number[] = [];
      const passwords: number[] = [];
      let failures = 0;
      const t0 = performance.now();
      for (let r = 0; r < rounds && performance.now() < deadline; r++) {
        const batch = users.slice(r * concurrency, (r + 1) * concurrency);
        const results = await Promise.allSettled(batch.map((u, i) => signIn(server.origin, u, `198.51.100.${i + 1}`)));
        for (const res of results) {
          if (res.status === 'fulfilled') {
            totals.push(res.value.total);
            passwords.push(res.value.password);
          } else {
            failures++;
            if (failures <= 3) console.error(`sign-in failed: ${(res.reason as Error).message}`);
          }
        }
      }
      const elapsedS = (performance.now() - t0) / 1000;
      const signInL = latency(totals);
      const healthL = latency(healthz);
      const pageL = latency(signInPage);
      return {
        concurrency,
        rounds,
        failures,
        signIn: signInL,
        passwordStep: latency(passwords),
        healthz: healthL,
        signInPage: pageL,
        ratioToHealthz: { median: signInL.medianMs / healthL.medianMs, p99: signInL.p99Ms / healthL.p99Ms },
        ratioToSignInPage: { median: signInL.medianMs / pageL.medianMs, p99: signInL.p99Ms / pageL.p99Ms },
        signInsPerSecond: totals.length / elapsedS,
        rssAfterMb: rssMb(server.pid),
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
