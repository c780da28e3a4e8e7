/** Resident memory (RSS) of the server at idle, a few seconds after start, median of N runs. Goal: under 150 MB. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, rssMb, sleep, startServer } from './lib.js';

export const MEMORY_GOAL_MB = 150;

export interface MemoryResult {
  runs: number;
  idleMb: number[];
  idleMedianMb: number;
  /** After a first page of each kind has been rendered (templates, catalogs and routes warm). */
  warmMedianMb: number;
}

export async function benchMemory(runs: number, settleMs = 3000): Promise<MemoryResult> {
  const idleMb: number[] = [];
  const warmMb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'abri-bench-mem-'));
    try {
      const server = await startServer({ DATA_DIR: dataDir });
      await sleep(settleMs);
      idleMb.push(rssMb(server.pid));
      for (const path of ['/en/', '/ar/', '/staff/sign-in', '/fr/nowhere', '/readyz']) {
        const res = await fetch(`${server.origin}${path}`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
      }
      await sleep(settleMs);
      warmMb.push(rssMb(server.pid));
      await server.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { runs, idleMb, idleMedianMb: median(idleMb), warmMedianMb: median(warmMb) };
}
