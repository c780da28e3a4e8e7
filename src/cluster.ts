import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config.js';

/** A worker that dies this soon after it was forked counts as failing to start: it is re-forked after a growing pause. */
const QUICK_DEATH_MS = 10_000;
const MAX_PAUSE_MS = 30_000;
const STOP_WAIT_MS = 15_000;

/**
 * The primary of WORKERS=N: forks N Abri processes that share the one port (node:cluster hands connections out in
 * turn), forks a new one when one dies (kill -9, out of memory), and on SIGTERM/SIGINT asks each to finish its
 * requests and waits for them. It serves nothing and runs no job itself; the workers' jobs run once each through
 * their lease rows (platform/jobs). Migrations and the first keys are made before the fork (`prepare`), so workers
 * never race to create them.
 */
export async function runPrimary(config: Config, log: Logger, prepare: () => Promise<void>): Promise<void> {
  await prepare();
  let stopping = false;
  let quickDeaths = 0;
  const startedAt = new Map<Worker, number>();
  const fork = () => {
    const w = cluster.fork();
    startedAt.set(w, Date.now());
  };
  cluster.on('exit', (worker, exitCode, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    const pause = quickDeaths === 0 ? 0 : Math.min(MAX_PAUSE_MS, 500 * 2 ** (quickDeaths - 1));
    log.warn({ worker: worker.id, exitCode, signal, pauseMs: pause }, 'worker stopped; forking another');
    setTimeout(() => {
      if (!stopping) fork();
    }, pause).unref();
  });
  for (let i = 0; i < config.workers; i++) fork();
  log.info({ workers: config.workers }, `Abri primary: ${config.workers} workers on port ${config.port}`);

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down the workers');
    const force = setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_WAIT_MS);
    force.unref();
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (alive.length === 0) process.exit(0);
    let left = alive.length;
    for (const w of alive) {
      w.once('exit', () => {
        if (--left === 0) process.exit(0);
      });
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** In a worker: exits when the primary is gone (it owns the listening socket, so nothing more would arrive). */
export function followPrimary(shutdown: (signal: string) => void): void {
  if (cluster.isWorker) process.on('disconnect', () => shutdown('primary gone'));
}

export function isClusterPrimary(config: Config): boolean {
  return config.workers > 1 && cluster.isPrimary;
}

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}
