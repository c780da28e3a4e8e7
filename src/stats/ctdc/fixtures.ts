import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shared CTDC files are, for tests and benchmarks: ABRI_SHARED_DIR, else `../shared` beside the repository,
 * else `../../shared` (a worktree), else /work/shared. The files are CTDC's and stay outside the repository.
 */
export function sharedDir(): string {
  const repo = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
  const candidates = [process.env.ABRI_SHARED_DIR, join(repo, '..', 'shared'), join(repo, '..', '..', 'shared'), '/work/shared'];
  for (const c of candidates) if (c && existsSync(join(c, 'data', 'ctdc'))) return c;
  throw new Error('the shared data folder was not found: set ABRI_SHARED_DIR');
}

export function ctdcFile(name: string): string {
  return join(sharedDir(), 'data', 'ctdc', name);
}
