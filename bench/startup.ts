/** Start-up time: from spawning the server to its first 200 on /healthz, median of N runs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, startServer } from './lib.js';

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
