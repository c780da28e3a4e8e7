/** Shared pieces of the benchmarks: a real server process on 127.0.0.1, bounded waits, percentiles. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The words of `npm start`, with its leading `NAME=value` environment settings apart. */
function startScript(): { env: Record<string, string>; words: string[] } {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = (words.shift() as string).split('=');
    env[name as string] = value.join('=');
  }
  return { env, words };
}

/** The node arguments of `npm start`, read from package.json, so the benchmark runs what operators run (minus npm itself). */
export function startArgs(): string[] {
  const { words } = startScript();
  const [program, ...args] = words;
  if (program === 'node') return args;
  if (program === 'tsx') return ['--import', 'tsx', ...args];
  throw new Error(`cannot run the start script "${words.join(' ')}" directly`);
}

/** The environment `npm start` sets before node (MALLOC_ARENA_MAX). */
export function startEnv(): Record<string, string> {
  return startScript().env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Server {
  origin: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 on /healthz (or the ready path asked for). */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the server as `npm start` does (its node arguments from package.json, unless `opts.args`), on a free port
 * of 127.0.0.1, and waits (bounded) for the first 200 on /healthz (or `opts.readyPath`).
 */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000, opts: { args?: string[]; readyPath?: string } = {}): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, opts.args ?? startArgs(), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...startEnv(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = started + timeoutMs;
  let startupMs = -1;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${origin}${opts.readyPath ?? '/healthz'}`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        startupMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  if (startupMs < 0) {
    child.kill('SIGKILL');
    throw new Error(`server did not answer within ${timeoutMs} ms: ${stderr}`);
  }
  return {
    origin,
    pid: child.pid as number,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!m?.[1]) throw new Error('VmRSS not found');
  return Number(m[1]) / 1024;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
