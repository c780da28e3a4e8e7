/** Start-up time: from spawning the server to its first 200 on /healthz, median of N runs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, rssMb, sleep, startArgs, startServer } from './lib.js';

export interface StartupResult {
  runs: number;
  /** Empty data directory: creates the key file, migrates, prints the setup link. */
  firstRunMs: number[];
  /** Existing data directory: the ordinary restart. */
  restartMs: number[];
  firstRunMedian: number;
  restartMedian: number;
}

export async function benchStartup(runs: number): Promise<StartupResult> {
  const firstRunMs: number[] = [];
  const restartMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-start-'));
    try {
      const first = await startServer({ DATA_DIR: dataDir, ABRI_JOBS: 'false' });
      firstRunMs.push(first.startupMs);
      await first.stop();
      const again = await startServer({ DATA_DIR: dataDir, ABRI_JOBS: 'false' });
      restartMs.push(again.startupMs);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { runs, firstRunMs, restartMs, firstRunMedian: median(firstRunMs), restartMedian: median(restartMs) };
}

/** The two ways to run the server: through the tsx loader (before), compiled JavaScript in dist/ (`npm start`, its flags read from package.json). */
export const START_MODES = {
  tsx: ['--max-semi-space-size=4', '--import', 'tsx', 'src/server.ts'],
  compiled: startArgs(),
};

export interface StartModeResult {
  runs: number;
  /** Restart on an existing SQLite data directory: spawn → first 200 on /readyz, in ms. */
  readyMs: Record<keyof typeof START_MODES, number[]>;
  /** RSS 3 s after /readyz first answered 200, in MB. */
  idleMb: Record<keyof typeof START_MODES, number[]>;
}

/**
 * tsx start against compiled start, alternating the two in each run so that other load on the machine falls on
 * both alike. dist/ is built first, so the compiled runs measure a start, not a build.
 */
export async function benchStartModes(runs: number, settleMs = 3000): Promise<StartModeResult> {
  const { build } = (await import('../scripts/build.mjs' as string)) as { build: () => Promise<unknown> };
  await build();
  const readyMs = { tsx: [] as number[], compiled: [] as number[] };
  const idleMb = { tsx: [] as number[], compiled: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-modes-'));
    try {
      // First run creates the key and migrates; not measured here (see benchStartup).
      await (await startServer({ DATA_DIR: dataDir, ABRI_JOBS: 'false' }, 60_000, { args: [...START_MODES.compiled] })).stop();
      for (const mode of i % 2 ? (['compiled', 'tsx'] as const) : (['tsx', 'compiled'] as const)) {
        const server = await startServer({ DATA_DIR: dataDir, ABRI_JOBS: 'false' }, 60_000, { args: [...START_MODES[mode]], readyPath: '/readyz' });
        readyMs[mode].push(server.startupMs);
        await sleep(settleMs);
        idleMb[mode].push(rssMb(server.pid));
        await server.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { runs, readyMs, idleMb };
}
