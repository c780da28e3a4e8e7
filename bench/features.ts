/**
 * Runs the feature benchmarks of Abri, one after the other, passing the arguments on
 * (`npm run bench` runs the platform's: start-up, memory, sign-in):
 *   npm run bench:features -- [bench names...] [-- args for each]
 * Each bench file is a plain script that prints its results (see the file's header for its options).
 */
import { spawnSync } from 'node:child_process';

export const BENCHES: Record<string, string[]> = {
  'public-article': ['bench/public-article.ts'],
  reports: ['bench/reports.ts'],
  cases: ['bench/cases.ts'],
  dashboards: ['bench/dashboards.ts'],
  'ctdc-import': ['src/stats/ctdc/import.bench.ts'],
  'ctdc-export': ['src/stats/ctdc/export.bench.ts'],
  'summary-pdf': ['bench/summary-pdf.ts'],
};

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const names = (split >= 0 ? argv.slice(0, split) : argv).filter((a) => a in BENCHES);
const rest = split >= 0 ? argv.slice(split + 1) : [];
let failed = 0;
for (const name of names.length ? names : Object.keys(BENCHES)) {
  console.log(`## ${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...(BENCHES[name] as string[]), ...rest], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
