/**
 * Requests per second and p99 latency of a published article page under 50 concurrent connections, compared with
 * a minimal route (/healthz) of the same server in the same run. The server runs in its own process so the load
 * generator does not share its event loop. Usage: npx tsx bench/public-article.ts [seconds per route, default 10]
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';

const CONNECTIONS = 50;
const SECONDS = Number(process.argv[2] ?? 10);
const ARTICLE = '/en/news/before-you-accept-a-job-abroad';

async function startServer(): Promise<{ origin: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/public-article-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const origin = await new Promise<string>((resolve) => lines.once('line', (l) => resolve(l.trim())));
  return { origin, stop: () => child.kill('SIGTERM') };
}

function request(agent: http.Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
    req.on('error', reject);
  });
}

async function measure(origin: string, path: string, seconds: number): Promise<{ rps: number; p99: number; requests: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const url = new URL(path, origin);
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) latencies.push(await request(agent, url));
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, requests: latencies.length };
}

const server = await startServer();
try {
  await measure(server.origin, ARTICLE, 2); // warm-up: JIT and the page cache
  await measure(server.origin, '/healthz', 2);
  // Alternated rounds, so that drift in the machine's load affects both routes alike.
  const rounds = 3;
  const m: Array<{ rps: number; p99: number; requests: number }> = [];
  const a: Array<{ rps: number; p99: number; requests: number }> = [];
  for (let i = 0; i < rounds; i++) {
    m.push(await measure(server.origin, '/healthz', SECONDS / rounds));
    a.push(await measure(server.origin, ARTICLE, SECONDS / rounds));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  const minimal = { rps: median(m.map((r) => r.rps)), p99: median(m.map((r) => r.p99)), requests: sum(m.map((r) => r.requests)) };
  const article = { rps: median(a.map((r) => r.rps)), p99: median(a.map((r) => r.p99)), requests: sum(a.map((r) => r.requests)) };
  const fmt = (n: number) => n.toFixed(1);
  console.log(`connections: ${CONNECTIONS}, ${SECONDS} s per route in ${rounds} alternated rounds (medians), Node ${process.version}`);
  console.log(`minimal route /healthz : ${fmt(minimal.rps)} req/s, p99 ${fmt(minimal.p99)} ms (${minimal.requests} requests)`);
  console.log(`published article      : ${fmt(article.rps)} req/s, p99 ${fmt(article.p99)} ms (${article.requests} requests)`);
  console.log(`ratio article/minimal  : ${(article.rps / minimal.rps).toFixed(2)} (requests per second), p99 ${(minimal.p99 / article.p99).toFixed(2)} (minimal/article)`);
} finally {
  server.stop();
}
